package dev.candor.core;

import dev.candor.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One attempt at a sample in one epoch, as stored: the grader's verdict ({@code score}), the final output, the whole
 * conversation, the solver's events (tool calls with results, file changes), every model-call attempt, token usage,
 * latency, the seed, the raw provider response (opaque text), the error if it failed, and when it started and ended.
 * Usage and latency are totals over every model call of the trajectory.
 *
 * <p>Null {@code messages}, {@code events} or {@code attempts} mean "not recorded" (e.g. a trajectory that failed
 * before its first call), which readers show differently from an empty list. {@code messageExtras} holds, by message
 * index, the fields an interchange format gave a message beyond {@link Message} (an Inspect message id, reasoning
 * signature or tool error); empty when there are none.
 */
public record Trajectory(String sampleId, int epoch, String variantId, Score score, FinalOutput output,
                         List<Message> messages, List<Map<String, Object>> messageExtras, List<Event> events,
                         List<CallAttempt> attempts, Tokens tokens, Long latencyMs, Long seed, String raw, String error,
                         String startedAt, String finishedAt) {
  public Trajectory {
    messages = messages == null ? null : List.copyOf(messages);
    messageExtras = messageExtras == null ? List.of() : unmodifiable(messageExtras);
    events = events == null ? null : List.copyOf(events);
    attempts = attempts == null ? null : List.copyOf(attempts);
    output = output == null ? FinalOutput.NONE : output;
    tokens = tokens == null ? Tokens.NONE : tokens;
  }

  private static List<Map<String, Object>> unmodifiable(List<Map<String, Object>> l) {
    return java.util.Collections.unmodifiableList(new ArrayList<>(l)); // entries may be null (no extras for that message)
  }

  public Key key() { return new Key(sampleId, epoch); }

  /** Whether the trajectory ended in error (stored uncounted, with label {@code error}; a resume retries it). */
  public boolean failed() { return "error".equals(score.label()); }

  /** The extras of message {@code i}, or an empty map. */
  public Map<String, Object> extras(int i) {
    Map<String, Object> m = i < messageExtras.size() ? messageExtras.get(i) : null;
    return m == null ? Map.of() : m;
  }

  /** A copy with another verdict. */
  public Trajectory withScore(Score s) {
    return new Trajectory(sampleId, epoch, variantId, s, output, messages, messageExtras, events, attempts, tokens, latencyMs, seed,
        raw, error, startedAt, finishedAt);
  }

  /** A (sample, epoch) pair: the unit a run completes, resumes and never duplicates. */
  public record Key(String sampleId, int epoch) {}

  /** The last model call's answer text, reasoning and finish reason, and whether it was cut off; all null when none. */
  public record FinalOutput(String text, String reasoning, String finishReason, boolean truncated) {
    public static final FinalOutput NONE = new FinalOutput(null, null, null, false);
  }

  /** Tokens over every model call of the trajectory; a null figure was not recorded, -1 the provider did not report it. */
  public record Tokens(Long input, Long output, Long reasoning) {
    public static final Tokens NONE = new Tokens(null, null, null);
  }
}
