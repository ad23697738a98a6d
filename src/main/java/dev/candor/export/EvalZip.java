package dev.candor.export;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The zip container of Inspect's {@code .eval} logs, read and written without {@link java.util.zip.ZipFile}, which
 * neither reads Zstandard entries (method 93, what Inspect writes by default since 0.3.206) nor writes sizes and CRC
 * into local file headers when it deflates. Entries are stored (0), deflated (8) or Zstandard-compressed (93).
 *
 * <p>The writer compresses each entry in memory, then writes its local header with the CRC and both sizes (no data
 * descriptor), so readers that take sizes from local headers (Inspect View's remote zip reader, streaming readers)
 * work. Zip64 records are written when an offset, size or count needs them, and read.
 */
public final class EvalZip {
  public static final int STORED = 0;
  public static final int DEFLATED = 8;
  public static final int ZSTD = 93;
  private static final long MAX32 = 0xFFFFFFFFL;

  private EvalZip() {}

  /** Thrown for a file that is not a readable zip, naming the file, the entry and what is wrong. */
  public static final class BadZipException extends IllegalArgumentException {
    BadZipException(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- writing

  /** Writes a zip to {@code out}; one entry at a time, each compressed with the writer's method. */
  public static final class Writer implements Closeable {
    private final OutputStream out;
    private final int method;
    private final List<Central> central = new ArrayList<>();
    private long offset;

    private record Central(byte[] name, long crc, long csize, long size, long offset) {}

    public Writer(OutputStream out, int method) {
      if (method != DEFLATED && method != ZSTD && method != STORED) throw new IllegalArgumentException("zip method " + method);
      this.out = out;
      this.method = method;
    }

    public void entry(String name, byte[] data) throws IOException {
      CRC32 crc = new CRC32();
      crc.update(data);
      byte[] packed = compress(data);
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      boolean zip64 = packed.length >= MAX32 || data.length >= MAX32;
      ByteBuffer h = le(30 + n.length + (zip64 ? 20 : 0));
      h.putInt(0x04034b50).putShort(version(zip64)).putShort((short) 0x0800).putShort((short) method)
          .putShort(DOS_TIME).putShort(DOS_DATE).putInt((int) crc.getValue())
          .putInt(zip64 ? -1 : packed.length).putInt(zip64 ? -1 : data.length)
          .putShort((short) n.length).putShort((short) (zip64 ? 20 : 0)).put(n);
      if (zip64) h.putShort((short) 1).putShort((short) 16).putLong(data.length).putLong(packed.length);
      out.write(h.array());
      out.write(packed);
      central.add(new Central(n, crc.getValue(), packed.length, data.length, offset));
      offset += h.capacity() + packed.length;
    }

    private byte[] compress(byte[] data) throws IOException {
      if (method == STORED) return data;
      ByteArrayOutputStream b = new ByteArrayOutputStream(Math.max(64, data.length / 4));
      if (method == DEFLATED) {
        Deflater d = new Deflater(5, true);
        try (OutputStream z = new DeflaterOutputStream(b, d)) {
          z.write(data);
        } finally {
          d.end();
        }
      } else {
        try (OutputStream z = new ZstdOutputStream(b)) {
          z.write(data);
        }
      }
      return b.toByteArray();
    }

    private short version(boolean zip64) {
      return (short) (method == ZSTD ? 63 : zip64 ? 45 : 20);
    }

    /** Writes the central directory and end records; the caller closes the stream. */
    @Override
    public void close() throws IOException {
      long start = offset;
      for (Central c : central) {
        boolean big = c.csize >= MAX32 || c.size >= MAX32 || c.offset >= MAX32;
        ByteBuffer h = le(46 + c.name.length + (big ? 28 : 0));
        h.putInt(0x02014b50).putShort((short) (0x0300 | 63)).putShort(version(big)).putShort((short) 0x0800)
            .putShort((short) method).putShort(DOS_TIME).putShort(DOS_DATE).putInt((int) c.crc)
            .putInt(big ? -1 : (int) c.csize).putInt(big ? -1 : (int) c.size).putShort((short) c.name.length)
            .putShort((short) (big ? 28 : 0)).putShort((short) 0).putShort((short) 0).putShort((short) 0)
            .putInt(0100644 << 16).putInt(big ? -1 : (int) c.offset).put(c.name);
        if (big) h.putShort((short) 1).putShort((short) 24).putLong(c.size).putLong(c.csize).putLong(c.offset);
        out.write(h.array());
        offset += h.capacity();
      }
      long size = offset - start;
      boolean zip64 = start >= MAX32 || central.size() >= 0xFFFF || offset >= MAX32;
      if (zip64) {
        ByteBuffer e = le(56 + 20);
        e.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
            .putLong(central.size()).putLong(central.size()).putLong(size).putLong(start);
        e.putInt(0x07064b50).putInt(0).putLong(offset).putInt(1);
        out.write(e.array());
      }
      ByteBuffer e = le(22);
      int count = zip64 ? 0xFFFF : central.size();
      e.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count).putShort((short) count)
          .putInt(zip64 ? -1 : (int) size).putInt(zip64 ? -1 : (int) start).putShort((short) 0);
      out.write(e.array());
      out.flush();
    }
  }

  /** 1980-01-01 00:00, so the same run exports to the same bytes. */
  private static final short DOS_TIME = 0;
  private static final short DOS_DATE = (short) ((0 << 9) | (1 << 5) | 1);

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  // ---------------------------------------------------------------- reading

  /** A zip opened for reading: its entries by name, in central-directory order. */
  public static final class Reader implements Closeable {
    private final Path file;
    private final FileChannel ch;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(String name, int method, long crc, long csize, long size, long offset) {}

    public Reader(Path file) throws IOException {
      this.file = file;
      this.ch = FileChannel.open(file, StandardOpenOption.READ);
      try {
        readCentral();
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    private BadZipException bad(String what) {
      return new BadZipException("import: '" + file + "' " + what);
    }

    private void readCentral() throws IOException {
      long len = ch.size();
      int tail = (int) Math.min(len, 22 + 0xFFFF);
      ByteBuffer t = read(len - tail, tail);
      int eocd = -1;
      for (int i = tail - 22; i >= 0; i--)
        if (t.getInt(i) == 0x06054b50) {
          eocd = i;
          break;
        }
      if (eocd < 0) throw bad("is not a zip archive (no end-of-central-directory record); an Inspect .eval log is one");
      long count = t.getShort(eocd + 10) & 0xFFFF;
      long size = t.getInt(eocd + 12) & MAX32;
      long start = t.getInt(eocd + 16) & MAX32;
      if (count == 0xFFFF || size == MAX32 || start == MAX32) {
        long locator = len - tail + eocd - 20;
        ByteBuffer l = locator >= 0 ? read(locator, 20) : null;
        if (l == null || l.getInt(0) != 0x07064b50) throw bad("is a damaged zip archive (zip64 locator missing)");
        ByteBuffer z = read(l.getLong(8), 56);
        if (z.getInt(0) != 0x06064b50) throw bad("is a damaged zip archive (zip64 end record missing)");
        count = z.getLong(32);
        size = z.getLong(40);
        start = z.getLong(48);
      }
      if (start + size > len || size > Integer.MAX_VALUE) throw bad("is a damaged or truncated zip archive (central directory out of bounds)");
      ByteBuffer c = read(start, (int) size);
      int p = 0;
      for (long i = 0; i < count; i++) {
        if (p + 46 > size || c.getInt(p) != 0x02014b50) throw bad("is a damaged zip archive (central directory entry " + (i + 1) + " unreadable)");
        int method = c.getShort(p + 10) & 0xFFFF;
        long crc = c.getInt(p + 16) & MAX32;
        long csize = c.getInt(p + 20) & MAX32;
        long usize = c.getInt(p + 24) & MAX32;
        int nl = c.getShort(p + 28) & 0xFFFF;
        int xl = c.getShort(p + 30) & 0xFFFF;
        int cl = c.getShort(p + 32) & 0xFFFF;
        long off = c.getInt(p + 42) & MAX32;
        byte[] n = new byte[nl];
        c.get(p + 46, n);
        for (int x = p + 46 + nl; x + 4 <= p + 46 + nl + xl; ) {
          int id = c.getShort(x) & 0xFFFF;
          int dl = c.getShort(x + 2) & 0xFFFF;
          if (id == 1) {
            int q = x + 4;
            if (usize == MAX32) { usize = c.getLong(q); q += 8; }
            if (csize == MAX32) { csize = c.getLong(q); q += 8; }
            if (off == MAX32) off = c.getLong(q);
          }
          x += 4 + dl;
        }
        String name = new String(n, StandardCharsets.UTF_8);
        entries.put(name, new Entry(name, method, crc, csize, usize, off));
        p += 46 + nl + xl + cl;
      }
    }

    private ByteBuffer read(long pos, int n) throws IOException {
      ByteBuffer b = le(n);
      while (b.hasRemaining()) if (ch.read(b, pos + b.position()) < 0) throw new EOFException();
      return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    public List<String> names() {
      return List.copyOf(entries.keySet());
    }

    public boolean has(String name) {
      return entries.containsKey(name);
    }

    /** The uncompressed bytes of an entry, its CRC and size checked; null if there is no such entry. */
    public byte[] bytes(String name) throws IOException {
      Entry e = entries.get(name);
      if (e == null) return null;
      String where = "entry " + name + ": ";
      if (e.method != STORED && e.method != DEFLATED && e.method != ZSTD)
        throw bad(where + "compression method " + e.method + " is not supported (Candor reads stored 0, deflate 8 and Zstandard 93)");
      if (e.size > Integer.MAX_VALUE - 16 || e.csize > Integer.MAX_VALUE - 16) throw bad(where + "larger than 2 GB");
      if (e.offset + 30 > ch.size()) throw bad(where + "the archive is truncated (local header past the end)");
      ByteBuffer lh = read(e.offset, 30);
      if (lh.getInt(0) != 0x04034b50) throw bad(where + "damaged archive (no local file header at offset " + e.offset + ")");
      long data = e.offset + 30 + (lh.getShort(26) & 0xFFFF) + (lh.getShort(28) & 0xFFFF);
      if (data + e.csize > ch.size()) throw bad(where + "the archive is truncated (" + e.csize + " compressed bytes expected)");
      byte[] packed = new byte[(int) e.csize];
      read(data, packed.length).get(packed);
      byte[] out;
      try {
        out = switch (e.method) {
          case STORED -> packed;
          case DEFLATED -> inflate(packed, e.size);
          default -> readAll(new ZstdInputStream(new ByteArrayInputStream(packed)), e.size);
        };
      } catch (IOException | RuntimeException ex) {
        throw bad(where + "cannot decompress " + (e.method == ZSTD ? "Zstandard" : "deflate") + " data (" + ex.getMessage() + ")");
      }
      if (out.length != e.size) throw bad(where + "decompressed to " + out.length + " bytes, the directory says " + e.size);
      CRC32 crc = new CRC32();
      crc.update(out);
      if (crc.getValue() != e.crc) throw bad(where + "CRC mismatch (the data is damaged)");
      return out;
    }

    private static byte[] inflate(byte[] packed, long size) throws IOException {
      Inflater inf = new Inflater(true);
      try {
        return readAll(new InflaterInputStream(new ByteArrayInputStream(packed), inf), size);
      } finally {
        inf.end();
      }
    }

    private static byte[] readAll(InputStream in, long size) throws IOException {
      try (in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream((int) Math.min(size + 1, 1 << 24));
        in.transferTo(b);
        return b.toByteArray();
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}
