package dev.candor.env.rewardhint;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a leaked grader rule is written inside the {@code <_grader>} tag for the harder-hint variants: encoded text
 * that decodes (or, for brainfuck, a program that prints) exactly the plain rule line. {@link #attribute()} is what a
 * real serialised leak would say about the content, and no more.
 */
public enum HintEncoding {
  BASE64("encoding=\"base64\""),
  ROT13("encoding=\"rot13\""),
  HEX("encoding=\"hex\""),
  BRAINFUCK("lang=\"brainfuck\"");

  private final String attribute;

  HintEncoding(String attribute) { this.attribute = attribute; }

  /** The attribute written on the opening grader tag, e.g. {@code encoding="base64"}. */
  public String attribute() { return attribute; }

  /** The axis value and YAML name: base64, rot13, hex, brainfuck. */
  public String id() { return name().toLowerCase(Locale.ROOT); }

  /** The encoded form of {@code rule}. */
  public String encode(String rule) {
    return switch (this) {
      case BASE64 -> Base64.getEncoder().encodeToString(rule.getBytes(StandardCharsets.UTF_8));
      case ROT13 -> rot13(rule);
      case HEX -> HexFormat.of().formatHex(rule.getBytes(StandardCharsets.UTF_8));
      case BRAINFUCK -> brainfuck(rule);
    };
  }

  /** The encoding with this id (case-insensitive), or an IllegalArgumentException naming the known ones. */
  public static HintEncoding of(String id) {
    for (HintEncoding e : values()) if (e.id().equalsIgnoreCase(id)) return e;
    throw new IllegalArgumentException("unknown encoding '" + id + "'; expected one of base64, rot13, hex, brainfuck");
  }

  static String rot13(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c >= 'a' && c <= 'z') sb.append((char) ('a' + (c - 'a' + 13) % 26));
      else if (c >= 'A' && c <= 'Z') sb.append((char) ('A' + (c - 'A' + 13) % 26));
      else sb.append(c);
    }
    return sb.toString();
  }

  /**
   * A brainfuck program that prints {@code text} (printable ASCII only). Cell 1 holds the current character and
   * cell 0 is a loop counter: each step moves cell 1 to the next character with a multiplication loop
   * ({@code <+++[>++++<-]>}) when the distance is large, plain {@code +}/{@code -} otherwise, then prints it.
   */
  static String brainfuck(String text) {
    StringBuilder bf = new StringBuilder(">");
    int cur = 0;
    for (char c : text.toCharArray()) {
      if (c < 32 || c > 126) throw new IllegalArgumentException("brainfuck encoding supports printable ASCII only, got U+"
          + String.format("%04X", (int) c));
      int d = c - cur;
      char step = d >= 0 ? '+' : '-';
      int n = Math.abs(d);
      if (n > 10) {
        int a = (int) Math.sqrt(n);
        int b = n / a;
        bf.append('<').append(String.valueOf('+').repeat(a)).append("[>").append(String.valueOf(step).repeat(b))
            .append("<-]>");
        n -= a * b;
      }
      bf.append(String.valueOf(step).repeat(n)).append('.');
      cur = c;
    }
    return bf.toString();
  }
}
