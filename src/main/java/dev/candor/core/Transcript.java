package dev.candor.core;

import dev.candor.model.Message;
import dev.candor.model.Output;
import java.util.List;

/**
 * What happened when a model worked on a sample: the whole conversation (input, assistant turns with their
 * reasoning and tool calls, tool results), the last model output, and the solver's typed events (assistant turns, tool
 * calls with results and file diffs, how the loop ended).
 */
public record Transcript(List<Message> messages, Output finalOutput, List<Event> events) {
  public Transcript {
    messages = List.copyOf(messages);
    events = events == null ? List.of() : List.copyOf(events);
  }
}
