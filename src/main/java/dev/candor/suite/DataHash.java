package dev.candor.suite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content hash of a suite's data: SHA-256 over each named data text (a scenario file, a variant grid, a rubric,
 * the spec), in name order, each as its name, a NUL, its length, a NUL and its UTF-8 bytes. Renaming, editing, adding or
 * removing a file changes it; the order files are read in does not.
 */
public final class DataHash {
  private final Map<String, String> texts = new TreeMap<>();

  /** Adds one data text under a name unique within the suite (e.g. {@code scenarios/log-falsification.yaml}). */
  public DataHash add(String name, String text) {
    if (texts.put(name, text) != null) throw new IllegalStateException("data hash: '" + name + "' added twice");
    return this;
  }

  public String sha256() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      texts.forEach((name, text) -> {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        md.update((name + "\0" + b.length + "\0").getBytes(StandardCharsets.UTF_8));
        md.update(b);
      });
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
