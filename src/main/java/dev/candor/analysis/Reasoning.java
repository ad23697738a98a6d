package dev.candor.analysis;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.candor.model.Message;
import dev.candor.model.Role;
import dev.candor.store.Json;
import dev.candor.store.TrajectoryRecord;
import java.util.ArrayList;
import java.util.List;

/** Where analyses read a stored trajectory's reasoning and task from. */
public final class Reasoning {
  private Reasoning() {}

  /** The stored conversation, or an empty list when none was stored. */
  public static List<Message> messages(TrajectoryRecord t) {
    if (t.messagesJson() == null || t.messagesJson().isBlank()) return List.of();
    return Json.read(t.messagesJson(), new TypeReference<List<Message>>() {});
  }

  /** All the reasoning of a trajectory: every assistant turn's reasoning, in order; else the final output's reasoning. */
  public static String all(TrajectoryRecord t) {
    List<String> parts = new ArrayList<>();
    for (Message m : messages(t))
      if (m.role() == Role.ASSISTANT && m.reasoning() != null && !m.reasoning().isBlank()) parts.add(m.reasoning().strip());
    if (parts.isEmpty()) return t.reasoning() == null || t.reasoning().isBlank() ? null : t.reasoning().strip();
    return String.join("\n\n", parts);
  }

  /** The reasoning of the first assistant turn (what a prefill replaces); else the final output's reasoning. */
  public static String firstTurn(TrajectoryRecord t) {
    for (Message m : messages(t))
      if (m.role() == Role.ASSISTANT) return m.reasoning() == null || m.reasoning().isBlank() ? null : m.reasoning().strip();
    return t.reasoning() == null || t.reasoning().isBlank() ? null : t.reasoning().strip();
  }

  /** The task as the model saw it: system and user messages before the first assistant turn. */
  public static String task(TrajectoryRecord t) {
    StringBuilder sb = new StringBuilder();
    for (Message m : messages(t)) {
      if (m.role() == Role.ASSISTANT) break;
      if (m.content() != null && !m.content().isBlank()) sb.append('[').append(m.role()).append("] ").append(m.content()).append('\n');
    }
    return sb.toString().strip();
  }
}
