package dev.candor.testing;

import dev.candor.model.Output;
import dev.candor.model.ToolCall;
import dev.candor.model.Usage;
import java.util.List;

/**
 * Test data: a model {@link Output} by name instead of 8 positional arguments. Defaults: no reasoning, no tool calls,
 * unknown usage, finish reason "stop", not truncated, 1 ms latency, raw body {@code {}}.
 */
public final class Outputs {
  private final String text;
  private String reasoning;
  private List<ToolCall> toolCalls = List.of();
  private Usage usage;
  private String finishReason = "stop";
  private boolean truncated;
  private long latencyMillis = 1;

  private Outputs(String text) { this.text = text; }

  /** An answer with {@code text} (null for none). */
  public static Outputs text(String text) { return new Outputs(text); }

  public Outputs reasoning(String v) { reasoning = v; return this; }
  public Outputs toolCalls(List<ToolCall> v) { toolCalls = v; return this; }
  public Outputs usage(Usage v) { usage = v; return this; }
  public Outputs finishReason(String v) { finishReason = v; return this; }
  /** Whether it stopped at the token limit (then the finish reason is "length"). */
  public Outputs truncated(boolean v) { truncated = v; if (v) finishReason = "length"; return this; }
  public Outputs latencyMillis(long v) { latencyMillis = v; return this; }

  public Output build() { return new Output(text, reasoning, toolCalls, usage, finishReason, truncated, latencyMillis, "{}"); }
}
