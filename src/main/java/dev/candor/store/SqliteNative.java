package dev.candor.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Where the SQLite driver loads its native library from. Left alone, the driver copies the library (about 1 MB) out
 * of its jar into the temporary directory on every start, compares the copy byte by byte with the original, and
 * deletes it at exit: about a tenth of a second of a CLI command's start-up, and a process that is killed
 * ({@code kill -9}, an out-of-memory kill) leaves its copy behind, forever (its lock file stays too, so the driver's
 * own clean-up skips it). Instead the library is extracted once per driver version and platform into the user's
 * cache directory ({@code $XDG_CACHE_HOME/candor}, else {@code ~/.cache/candor}) and the driver is pointed at it
 * ({@code org.sqlite.lib.path} / {@code org.sqlite.lib.name}). If those properties are already set, or the cache
 * cannot be written, the driver's default applies.
 */
final class SqliteNative {
  private SqliteNative() {}

  private static volatile boolean done;

  /** Points the driver at the cached library (extracting it first if needed); once per JVM, before the first connection. */
  static void useCache() {
    if (done) return;
    synchronized (SqliteNative.class) {
      if (done) return;
      done = true;
      if (System.getProperty("org.sqlite.lib.path") != null) return;
      Path root = cacheRoot();
      if (root == null) return;
      try {
        Path lib = extract(root);
        if (lib == null) return;
        System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
        System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
      } catch (IOException | RuntimeException e) {
        // an unwritable or full cache: the driver extracts to the temporary directory as usual
      }
    }
  }

  /** {@code $XDG_CACHE_HOME/candor}, else {@code ~/.cache/candor}; null when neither is known. */
  static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "candor");
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "candor");
  }

  /**
   * The driver's library for this platform, extracted under {@code root} (in {@code sqlite-jdbc-VERSION/PLATFORM/})
   * unless a copy of the same size is there already; null when the driver has no library for this platform. A new
   * copy is written beside its final name and renamed into place, so concurrent processes never load a partial file.
   */
  static Path extract(Path root) throws IOException {
    String dir = LibraryLoaderUtil.getNativeLibResourcePath(); // /org/sqlite/native/OS/ARCH
    String name = LibraryLoaderUtil.getNativeLibName();
    URL resource = SQLiteJDBCLoader.class.getResource(dir + "/" + name);
    if (resource == null) return null;
    URLConnection c = resource.openConnection();
    c.setUseCaches(false);
    long size = c.getContentLengthLong();
    String platform = dir.replaceFirst("^/org/sqlite/native/", "");
    Path target = root.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()).resolve(platform).resolve(name);
    if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
      c.getInputStream().close();
      return target;
    }
    createPrivateDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), name, ".partial");
    try {
      try (InputStream in = c.getInputStream()) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      if (size >= 0 && Files.size(partial) != size)
        throw new IOException("extracted " + Files.size(partial) + " bytes of " + name + ", expected " + size);
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
    return target;
  }

  /** Creates missing directories readable by their owner only (where the file system has POSIX permissions). */
  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return;
    Path parent = dir.getParent();
    if (parent != null) createPrivateDirectories(parent);
    try {
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix"))
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      else
        Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      // made meanwhile by another process
    }
  }
}
