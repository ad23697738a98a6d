package dev.candor.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.core.Trajectory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .eval zip container: local headers a streaming reader can use, Zstandard entries, precise errors. */
class EvalZipTest {
  static final Path V261 = Path.of("src/test/resources/inspect-logs/0.3.261");
  @TempDir Path dir;

  /** Reads the entries of a zip front to back from local headers alone, as a streaming reader does. */
  static List<String> readByLocalHeaders(byte[] zip) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    List<String> names = new ArrayList<>();
    int p = 0;
    while (b.getInt(p) == 0x04034b50) {
      int flags = b.getShort(p + 6) & 0xFFFF;
      int method = b.getShort(p + 8);
      long crc = b.getInt(p + 14) & 0xFFFFFFFFL;
      int csize = b.getInt(p + 18);
      int size = b.getInt(p + 22);
      int nl = b.getShort(p + 26);
      int xl = b.getShort(p + 28);
      String name = new String(zip, p + 30, nl, StandardCharsets.UTF_8);
      assertThat(flags & 8).as(name + ": no data descriptor").isZero();
      assertThat(method).as(name).isEqualTo(8);
      assertThat(csize).as(name + " compressed size").isPositive();
      Inflater inf = new Inflater(true);
      inf.setInput(zip, p + 30 + nl + xl, csize);
      byte[] out = new byte[size];
      assertThat(inf.inflate(out)).as(name + " size").isEqualTo(size);
      assertThat(inf.finished()).as(name + " ends where the header says").isTrue();
      inf.end();
      CRC32 c = new CRC32();
      c.update(out);
      assertThat(c.getValue()).as(name + " crc").isEqualTo(crc);
      assertThat(Json.MAPPER.readTree(out)).as(name).isNotNull();
      names.add(name);
      p += 30 + nl + xl + csize;
    }
    assertThat(b.getInt(p)).as("central directory follows the last entry").isEqualTo(0x02014b50);
    return names;
  }

  @Test
  void exportedEntriesReadFromLocalHeadersAlone() throws Exception {
    Path file;
    try (Store store = Store.open(dir.resolve("e.db").toString())) {
      file = InspectExport.write(store, CandorRuns.create(store), dir, true);
    }
    List<String> names = readByLocalHeaders(Files.readAllBytes(file));
    assertThat(names).contains("header.json", "samples/rh-1_epoch_1.json", "_journal/start.json").hasSize(9);
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) { // and the JDK's reader agrees
      assertThat(z.stream().map(java.util.zip.ZipEntry::getName).toList()).containsExactlyElementsOf(names);
    }
  }

  @Test
  void exportsHaveTheSameModeAsJson() throws Exception {
    try (Store store = Store.open(dir.resolve("m.db").toString())) {
      RunRecord run = CandorRuns.create(store);
      for (boolean zip : new boolean[] {true, false})
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(InspectExport.write(store, run, dir, zip))))
            .as("zip=" + zip).isEqualTo("rw-r--r--");
    }
  }

  @Test
  void zstdEntriesOfInspect0261Import() {
    try (Store s = Store.open(dir.resolve("z.db").toString())) {
      RunRecord tools = Importer.importFile(s, V261.resolve("tools-task.eval"));
      List<Trajectory> t = new ArrayList<>();
      s.trajectories().forEach(tools.id(), t::add);
      assertThat(t).hasSize(6);
      assertThat(t).allSatisfy(x -> assertThat(x.output().text()).isEqualTo("The answer is 2"));
      RunRecord errored = Importer.importFile(s, V261.resolve("errored-task.eval"));
      assertThat(s.trajectories().count(errored.id())).isEqualTo(3);
      assertThat(errored.status()).isEqualTo("failed");
    }
  }

  @Test
  void writerAndReaderAgreeForEveryMethod() throws Exception {
    byte[] big = "{\"text\":\"".concat("abc ".repeat(50_000)).concat("\"}").getBytes(StandardCharsets.UTF_8);
    for (int method : new int[] {EvalZip.STORED, EvalZip.DEFLATED, EvalZip.ZSTD}) {
      Path f = dir.resolve("m" + method + ".zip");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (EvalZip.Writer w = new EvalZip.Writer(out, method)) {
        w.entry("a.json", "{}".getBytes(StandardCharsets.UTF_8));
        w.entry("dir/b.json", big);
      }
      Files.write(f, out.toByteArray());
      try (EvalZip.Reader r = new EvalZip.Reader(f)) {
        assertThat(r.names()).containsExactly("a.json", "dir/b.json");
        assertThat(r.bytes("dir/b.json")).isEqualTo(big);
        assertThat(r.bytes("missing")).isNull();
      }
      if (method != EvalZip.ZSTD)
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(f.toFile())) {
          assertThat(z.getInputStream(z.getEntry("dir/b.json")).readAllBytes()).isEqualTo(big);
        }
    }
  }

  @Test
  void unreadableFilesSayWhatIsWrong() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (EvalZip.Writer w = new EvalZip.Writer(out, EvalZip.DEFLATED)) {
      w.entry("header.json", "{\"version\":2,\"eval\":{\"task\":\"t\",\"model\":\"m\"}}".getBytes(StandardCharsets.UTF_8));
    }
    byte[] good = out.toByteArray();
    try (Store s = Store.open(dir.resolve("bad.db").toString())) {
      Path notZip = Files.writeString(dir.resolve("a.eval"), "PK not really");
      assertThatThrownBy(() -> Importer.importFile(s, notZip)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a.eval' is not a zip archive (no end-of-central-directory record)");

      byte[] method = good.clone(); // method 12 (bzip2) in both the local and the central header
      ByteBuffer mb = ByteBuffer.wrap(method).order(ByteOrder.LITTLE_ENDIAN);
      mb.putShort(8, (short) 12);
      int cd = indexOf(method, 0x02014b50);
      mb.putShort(cd + 10, (short) 12);
      Path m = Files.write(dir.resolve("b.eval"), method);
      assertThatThrownBy(() -> Importer.importFile(s, m)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("entry header.json: compression method 12 is not supported (Candor reads stored 0, deflate 8 and Zstandard 93)");

      byte[] crc = good.clone();
      ByteBuffer cb = ByteBuffer.wrap(crc).order(ByteOrder.LITTLE_ENDIAN);
      cb.putInt(cd + 16, cb.getInt(cd + 16) ^ 1);
      Path c = Files.write(dir.resolve("c.eval"), crc);
      assertThatThrownBy(() -> Importer.importFile(s, c)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("entry header.json: CRC mismatch");

      Path cut = Files.write(dir.resolve("d.eval"), java.util.Arrays.copyOf(good, good.length - 30));
      assertThatThrownBy(() -> Importer.importFile(s, cut)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("d.eval' is not a zip archive");
      assertThat(s.runs().all()).isEmpty();
    }
  }

  static int indexOf(byte[] b, int signature) {
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 4 <= b.length; i++) if (bb.getInt(i) == signature) return i;
    throw new AssertionError("signature not found");
  }
}
