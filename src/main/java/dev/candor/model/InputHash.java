package dev.candor.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of a sample's full input: what the model is shown before its first turn (each input message's role and
 * text) and, for an agentic sample, every file its workspace is seeded with. Replay matches a stored trajectory to a
 * sample by sample id and this hash, so two samples that differ only in a seeded file never receive each other's
 * trajectories. Suites record it in each sample's metadata under {@value #META} when they build the sample (only they
 * know the seeded files); a sample without it (an imported or older run) hashes its messages alone
 * ({@code Sample.inputSha256()}).
 *
 * <p>The hashed text (docs/jsonl.md): {@code candor-input-v1}, NUL; per message its lower-case role, NUL, its text,
 * NUL; per seeded file in path order {@code file}, NUL, its path, NUL, its UTF-8 length, NUL, its UTF-8 bytes.
 */
public final class InputHash {
  /** The sample metadata key (and JSONL field) the hash is recorded under. */
  public static final String META = "input_sha256";

  private InputHash() {}

  /** The hash of these input messages and seeded files (path to text; empty for a single-turn sample). */
  public static String of(List<Message> input, Map<String, String> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes("candor-input-v1\0"));
      for (Message m : input)
        md.update(bytes(m.role().name().toLowerCase(Locale.ROOT) + "\0" + (m.content() == null ? "" : m.content()) + "\0"));
      new TreeMap<>(files).forEach((path, text) -> {
        byte[] b = bytes(text == null ? "" : text);
        md.update(bytes("file\0" + path + "\0" + b.length + "\0"));
        md.update(b);
      });
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
