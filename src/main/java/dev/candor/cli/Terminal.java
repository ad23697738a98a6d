package dev.candor.cli;

/**
 * The one sanitiser for terminal output that can hold model text (reasoning, answers, evidence quotes, labels, run
 * and variant names from imported logs): control characters other than newline and tab (C0, DEL, C1 — so ESC and
 * with it every escape sequence, and carriage return), and the bidirectional-text controls (overrides, embeddings,
 * isolates, marks) are shown escaped as {@code \x1b} or {@code \u202e}, so that printed text can neither retitle
 * the window, clear or rewrite the screen, nor reorder what a reader sees. Everything else passes unchanged.
 */
final class Terminal {
  private Terminal() {}

  static String safe(String s) {
    if (s == null) return null;
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!unsafe(c)) {
        if (sb != null) sb.append(c);
        continue;
      }
      if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      sb.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
    }
    return sb == null ? s : sb.toString();
  }

  private static boolean unsafe(char c) {
    if (c == '\n' || c == '\t') return false;
    return c < 0x20 || c >= 0x7f && c <= 0x9f
        || c == '\u061c' || c == '\u200e' || c == '\u200f' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
  }
}
