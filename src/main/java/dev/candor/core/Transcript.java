package dev.candor.core;

import dev.candor.model.Message;
import dev.candor.model.Output;
import java.util.List;
import java.util.Map;

/**
 * What happened when a model worked on a sample: the whole conversation (input, assistant turns with their
 * reasoning and tool calls, tool results), the last model output, and solver-specific events (tool calls with
 * results, file diffs) as plain data.
 */
public record Transcript(List<Message> messages, Output finalOutput, List<Map<String, Object>> events) {
  public Transcript {
    messages = List.copyOf(messages);
    events = events == null ? List.of() : List.copyOf(events);
  }
}
