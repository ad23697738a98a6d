package dev.candor.agent;

import java.util.Map;

/**
 * What a tool call returned: the text shown to the model, an optional final answer (set only by {@code submit};
 * it ends the loop), extra plain data recorded with the event (e.g. {@code exit_code}, {@code passed} for a checker
 * run) and whether the call failed as a tool call (a limit hit; a command's non-zero exit status is not a failure).
 */
public record ToolResult(String text, String finalAnswer, Map<String, Object> data, boolean failed) {
  public ToolResult {
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  public ToolResult(String text, String finalAnswer, Map<String, Object> data) { this(text, finalAnswer, data, false); }

  public static ToolResult of(String text) { return new ToolResult(text, null, Map.of()); }
}
