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
}
