package dev.candor.analysis;

import dev.candor.model.Message;
import dev.candor.model.Role;
import dev.candor.core.Trajectory;
import java.util.ArrayList;
import java.util.List;

/** Where analyses read a stored trajectory's reasoning and task from. */
public final class Reasoning {
  private Reasoning() {}

  /** The stored conversation, or an empty list when none was stored. */
  public static List<Message> messages(Trajectory t) {
    return t.messages() == null ? List.of() : t.messages();
  }

  /** All the reasoning of a trajectory: every assistant turn's reasoning, in order; else the final output's reasoning. */
  public static String all(Trajectory t) {
    List<String> parts = new ArrayList<>();
    for (Message m : messages(t))
      if (m.role() == Role.ASSISTANT && m.reasoning() != null && !m.reasoning().isBlank()) parts.add(m.reasoning().strip());
    if (parts.isEmpty()) return t.output().reasoning() == null || t.output().reasoning().isBlank() ? null : t.output().reasoning().strip();
    return String.join("\n\n", parts);
  }

  /** The reasoning of the first assistant turn; else the final output's reasoning. */
  public static String firstTurn(Trajectory t) {
    for (Message m : messages(t))
      if (m.role() == Role.ASSISTANT) return m.reasoning() == null || m.reasoning().isBlank() ? null : m.reasoning().strip();
    return t.output().reasoning() == null || t.output().reasoning().isBlank() ? null : t.output().reasoning().strip();
  }

  /**
   * One assistant turn of a stored conversation: its number (1-based), its position in the messages (-1 when no
   * conversation was stored and the final output stands for turn 1) and its reasoning (stripped; null if none).
   */
  public record Turn(int number, int message, String reasoning) {}

  /** The assistant turns of {@code messages}; when there are none, the final output's reasoning as turn 1. */
  public static List<Turn> turns(Trajectory t, List<Message> messages) {
    List<Turn> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.role() == Role.ASSISTANT)
        out.add(new Turn(out.size() + 1, i, m.reasoning() == null || m.reasoning().isBlank() ? null : m.reasoning().strip()));
    }
    if (out.isEmpty()) out.add(new Turn(1, -1, t.output().reasoning() == null || t.output().reasoning().isBlank() ? null : t.output().reasoning().strip()));
    return out;
  }

  /**
   * The reasoning of assistant turn {@code turn} (1-based) and every later turn, in order (what the model wrote after an
   * intervention's edit point); with no stored conversation, the final output's reasoning.
   */
  public static String fromTurn(Trajectory t, int turn) {
    List<String> parts = new ArrayList<>();
    for (Turn x : turns(t, messages(t))) if (x.number() >= turn && x.reasoning() != null) parts.add(x.reasoning());
    return parts.isEmpty() ? null : String.join("\n\n", parts);
  }

  /** The task as the model saw it: system and user messages before the first assistant turn. */
  public static String task(Trajectory t) {
    StringBuilder sb = new StringBuilder();
    for (Message m : messages(t)) {
      if (m.role() == Role.ASSISTANT) break;
      if (m.content() != null && !m.content().isBlank()) sb.append('[').append(m.role()).append("] ").append(m.content()).append('\n');
    }
    return sb.toString().strip();
  }
}
