package dev.candor.model.openai;

/**
 * Splits {@code <think>…</think>} reasoning out of answer text, as served by open reasoning models (DeepSeek-R1,
 * Qwen3, QwQ) on servers without a reasoning parser. Handles several blocks, a missing opening tag (templates that
 * put {@code <think>} in the prompt, so the completion starts inside it) and an unclosed block (generation stopped at
 * the token limit while thinking: all of it is reasoning, none of it answer).
 */
public final class ThinkTags {
  private static final String OPEN = "<think>";
  private static final String CLOSE = "</think>";

  private ThinkTags() {}

  /** Answer text and reasoning (null if none); {@code unclosed} when a block never ended. */
  public record Split(String text, String reasoning, boolean unclosed) {}

  public static Split split(String content) {
    if (content == null) return new Split(null, null, false);
    int open = content.indexOf(OPEN);
    int close = content.indexOf(CLOSE);
    if (open < 0 && close < 0) return new Split(content, null, false);
    StringBuilder answer = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    int pos = 0;
    boolean unclosed = false;
    // Completion that began inside a think block: everything before the first </think> is reasoning.
    if (close >= 0 && (open < 0 || close < open)) {
      append(reasoning, content.substring(0, close));
      pos = close + CLOSE.length();
    }
    while (pos < content.length()) {
      int o = content.indexOf(OPEN, pos);
      if (o < 0) { answer.append(content, pos, content.length()); break; }
      answer.append(content, pos, o);
      int c = content.indexOf(CLOSE, o + OPEN.length());
      if (c < 0) {
        append(reasoning, content.substring(o + OPEN.length()));
        unclosed = true;
        break;
      }
      append(reasoning, content.substring(o + OPEN.length(), c));
      pos = c + CLOSE.length();
    }
    String r = reasoning.toString().strip();
    return new Split(answer.toString().strip(), r.isEmpty() ? null : r, unclosed);
  }

  private static void append(StringBuilder sb, String part) {
    String p = part.strip();
    if (p.isEmpty()) return;
    if (!sb.isEmpty()) sb.append("\n\n");
    sb.append(p);
  }
}
