package dev.candor.export;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file through a temporary sibling and renames it into place, so a failed export leaves no half-written file. */
public final class AtomicFile {
  @FunctionalInterface
  public interface Body {
    void write(Writer w) throws IOException;
  }

  private AtomicFile() {}

  public static void write(Path target, byte[] bytes) {
    writeStream(target, out -> out.write(bytes));
  }

  public static void write(Path target, Body body) {
    writeStream(target, out -> {
      try (Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
        body.write(w);
      }
    });
  }

  private interface StreamBody {
    void write(java.io.OutputStream out) throws IOException;
  }

  /** Writes a file by path, for libraries that open the file themselves; the path given is the temporary sibling. */
  @FunctionalInterface
  public interface FileBody {
    void write(Path tmp) throws IOException;
  }

  private static void writeStream(Path target, StreamBody body) {
    writeFile(target, tmp -> {
      try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
        body.write(out);
      }
    });
  }

  /**
   * Lets {@code body} write a temporary sibling of {@code target} (already created, empty, rw-r--r--), then renames it
   * onto {@code target}; on any failure the temporary file is removed and {@code target} is left as it was.
   */
  public static void writeFile(Path target, FileBody body) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) throw InvalidSetting.of(Setting.OUT, "directory '" + dir + "' does not exist");
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // keep the platform default
      }
      body.write(tmp);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw (InvalidSetting) InvalidSetting.of(Setting.OUT, "cannot write '" + target + "': " + e.getMessage()).initCause(e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }
}
