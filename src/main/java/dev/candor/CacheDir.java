package dev.candor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Candor's per-user cache: the directory the user configured, else {@code ~/.cache/candor}. It holds what is costly to make
 * and safe to remake (the organism's trained checkpoints, the SQLite driver's native library). Files in it are
 * written whole or not at all, and directories it creates are readable by their owner only.
 */
public final class CacheDir {
  private CacheDir() {}

  /** The cache directory: {@code configured} when given (not null or blank), else {@code ~/.cache/candor}. */
  public static Path root(String configured) {
    if (configured != null && !configured.isBlank()) return Path.of(configured);
    return Path.of(System.getProperty("user.home"), ".cache", "candor");
  }

  /** What goes into a cached file; throwing leaves the file as it was. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} through a temporary sibling renamed into place, so a concurrent reader (another process)
   * never sees a partial file; when several write it at once the last rename wins. Missing directories are created.
   */
  public static void write(Path target, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    createPrivateDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        content.writeTo(out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates missing directories readable by their owner only (where the file system has POSIX permissions). */
  private static void createPrivateDirectories(Path dir) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix"))
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    else
      Files.createDirectories(dir);
  }
}
