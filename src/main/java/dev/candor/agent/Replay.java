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
 * one, so the model continues from the very state it saw (see {@link ToolLoop#continueFrom}); a stored result whose
 * content is null is taken as the workspace gives it (a scripted path played into the conversation, as the
 * post-violation suite does). {@code followUp} (e.g. a user's question) is appended after the replayed turns; with
 * one, the last replayed call may have ended the conversation (a {@code submit}), which the follow-up then reopens.
 */
public record Replay(List<Message> turns, String reasoningPrefix, List<Message> followUp) {
  public Replay {
    turns = turns == null ? List.of() : List.copyOf(turns);
    followUp = followUp == null ? List.of() : List.copyOf(followUp);
  }

  public Replay(List<Message> turns, String reasoningPrefix) { this(turns, reasoningPrefix, List.of()); }

  /** A prefill of the first turn, with nothing to replay. */
  public static Replay prefix(String reasoningPrefix) { return new Replay(List.of(), reasoningPrefix); }

  /** The number of assistant turns replayed. */
  public int assistantTurns() {
    return (int) turns.stream().filter(m -> m.role() == Role.ASSISTANT).count();
  }
}
