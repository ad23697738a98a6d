package dev.candor.agent;

import dev.candor.model.Message;
import dev.candor.model.Role;
import java.util.List;

/**
 * Where a solver resumes a stored conversation: the earlier model turns, replayed exactly as stored without calling
 * the model (each an assistant message with its tool calls, followed by one tool message per call), and the reasoning
 * prefix the model continues from at the next turn (null: none). A causal intervention on a later turn's reasoning
 * uses it; with no turns it is a plain prefill of the first turn.
 *
 * <p>A tool loop re-executes the replayed tool calls in a fresh workspace and requires each result to equal the stored
 * one, so the model continues from the very state it saw (see {@link ToolLoop#continueFrom}).
 */
public record Replay(List<Message> turns, String reasoningPrefix) {
  public Replay {
    turns = turns == null ? List.of() : List.copyOf(turns);
  }

  /** A prefill of the first turn, with nothing to replay. */
  public static Replay prefix(String reasoningPrefix) { return new Replay(List.of(), reasoningPrefix); }

  /** The number of assistant turns replayed. */
  public int assistantTurns() {
    return (int) turns.stream().filter(m -> m.role() == Role.ASSISTANT).count();
  }
}
