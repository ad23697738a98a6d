package dev.candor.store;

import dev.candor.CacheDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Where the SQLite driver loads its native library from. Left alone, the driver copies the library (about 1 MB) out
 * of its jar into the temporary directory on every start, compares the copy byte by byte with the original, and
 * deletes it at exit: about a tenth of a second of a CLI command's start-up, and a process that is killed
 * ({@code kill -9}, an out-of-memory kill) leaves its copy behind, forever (its lock file stays too, so the driver's
 * own clean-up skips it). Instead the library is extracted once per driver version and platform into the user's
 * cache ({@link CacheDir}: the one configured, else {@code ~/.cache/candor}) and the driver is pointed at it
 * ({@code org.sqlite.lib.path} / {@code org.sqlite.lib.name}). If those properties are already set, or the cache
 * cannot be written, the driver's default applies.
 */
final class SqliteNative {
  private SqliteNative() {}

  private static boolean done;

  /**
   * Points the driver at the library cached under {@code cacheRoot} (extracting it first if needed); once per JVM,
   * before the first connection.
   */
  static synchronized void useCache(Path cacheRoot) {
    if (done) return;
    done = true;
    if (System.getProperty("org.sqlite.lib.path") != null) return;
    try {
      Path lib = extract(cacheRoot);
      if (lib == null) return;
      System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
      System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
    } catch (IOException | RuntimeException e) {
      // an unwritable or full cache: the driver extracts to the temporary directory as usual
    }
  }

  /**
   * The driver's library for this platform, extracted under {@code root} (in {@code sqlite-jdbc-VERSION/PLATFORM/})
   * unless an identical copy is there already (same size and, when the library comes from a jar, the same CRC-32 as
   * its jar entry); null when the driver has no library for this platform. A new copy is written beside its final
   * name and renamed into place, so concurrent processes never load a partial file.
   */
  static Path extract(Path root) throws IOException {
    String dir = LibraryLoaderUtil.getNativeLibResourcePath(); // /org/sqlite/native/OS/ARCH
    String name = LibraryLoaderUtil.getNativeLibName();
    URL resource = SQLiteJDBCLoader.class.getResource(dir + "/" + name);
    if (resource == null) return null;
    URLConnection c = resource.openConnection();
    c.setUseCaches(false);
    String platform = dir.replaceFirst("^/org/sqlite/native/", "");
    Path target = root.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()).resolve(platform).resolve(name);
    try (InputStream in = c.getInputStream()) { // closing it closes the jar the connection opened
      long size = c.getContentLengthLong();
      long crc = c instanceof JarURLConnection j ? j.getJarEntry().getCrc() : -1;
      if (identical(target, size, crc)) return target;
      CacheDir.write(target, out -> {
        long n = in.transferTo(out);
        if (size >= 0 && n != size) throw new IOException("extracted " + n + " bytes of " + name + ", expected " + size);
      });
    }
    return target;
  }

  /** Whether {@code f} exists with this size and CRC-32 (either unknown: -1, not compared). */
  private static boolean identical(Path f, long size, long crc) throws IOException {
    if (!Files.isRegularFile(f) || size < 0 || Files.size(f) != size) return false;
    if (crc < 0) return true;
    CRC32 sum = new CRC32();
    try (InputStream in = new CheckedInputStream(Files.newInputStream(f), sum)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return sum.getValue() == crc;
  }
}
