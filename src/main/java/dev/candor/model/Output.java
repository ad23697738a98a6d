package dev.candor.model;

import java.util.List;

/**
 * What a model answered. {@code text} is the final answer text (reasoning removed), {@code reasoning} the reasoning
 * text wherever the provider exposed it (null if none), {@code truncated} is true when generation stopped at the
 * token limit (a truncated output is never scored as an answer), {@code rawJson} the provider's raw response body.
 */
public record Output(String text, String reasoning, List<ToolCall> toolCalls, Usage usage, String finishReason,
                     boolean truncated, long latencyMillis, String rawJson) {
  public Output {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    usage = usage == null ? Usage.UNKNOWN : usage;
  }
}
