package dev.candor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Candor's packaged data files (rubrics, the spec, term lists, detector patterns…) read from the class path. */
public final class Resources {
  private Resources() {}

  /** The UTF-8 text of a class-path resource; a missing one is a packaging bug (IllegalStateException). */
  public static String text(String path) {
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing resource " + path + " (not on the class path)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }

  /**
   * A class-path resource directory as a {@link java.nio.file.Path} (a directory on disk, or inside the jar), or null
   * when it is not on the class path.
   */
  public static java.nio.file.Path directory(String dir) {
    java.net.URL url = Resources.class.getClassLoader().getResource(dir);
    if (url == null) return null;
    try {
      java.net.URI uri = url.toURI();
      if (!uri.getScheme().equals("jar")) return java.nio.file.Path.of(uri);
      java.nio.file.FileSystem fs;
      try {
        fs = java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of());
      } catch (java.nio.file.FileSystemAlreadyExistsException e) {
        fs = java.nio.file.FileSystems.getFileSystem(uri);
      }
      return fs.getPath(dir);
    } catch (java.net.URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
