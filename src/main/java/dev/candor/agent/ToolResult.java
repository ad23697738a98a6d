package dev.candor.agent;

import java.util.Map;

/**
 * What a tool call returned: the text shown to the model, an optional final answer (set only by {@code submit};
 * it ends the loop) and extra plain data recorded with the event (e.g. {@code passed} for a checker run).
 */
public record ToolResult(String text, String finalAnswer, Map<String, Object> data) {
  public ToolResult {
    data = data == null ? Map.of() : Map.copyOf(data);
  }

  public static ToolResult of(String text) { return new ToolResult(text, null, Map.of()); }
}
