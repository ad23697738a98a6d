package dev.candor.testing;

import dev.candor.core.CallAttempt;
import dev.candor.core.Event;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.candor.model.Message;
import dev.candor.Json;
import java.util.List;
import java.util.Map;

/**
 * Test data for {@link Trajectory}: a counted, finished trajectory of sample {@code s} (epoch 1, variant {@code v},
 * label {@code even}, value 0, no conversation) unless a setter says otherwise. Only what a test cares about is named.
 */
public final class TrajectoryBuilder {
  private String sampleId = "s";
  private int epoch = 1;
  private String variantId = "v";
  private String label = "even";
  private Integer value = 0;
  private Score.Status status; // null: inferred from the label and value
  private String answer, explanation;
  private List<String> evidence = List.of();
  private Map<String, Object> metadata = Map.of();
  private String text, reasoning, finishReason;
  private boolean truncated;
  private Long inputTokens, outputTokens, reasoningTokens, latencyMs, seed;
  private List<Message> messages;
  private List<Map<String, Object>> messageExtras = List.of();
  private List<Event> events;
  private List<CallAttempt> attempts;
  private String raw, error, startedAt, finishedAt;

  private TrajectoryBuilder() {}

  public static TrajectoryBuilder trajectory(String sampleId, int epoch) {
    TrajectoryBuilder b = new TrajectoryBuilder();
    b.sampleId = sampleId;
    b.epoch = epoch;
    return b;
  }

  /** A builder starting from {@code t}'s values. */
  public static TrajectoryBuilder from(Trajectory t) {
    TrajectoryBuilder b = trajectory(t.sampleId(), t.epoch()).variant(t.variantId()).score(t.score())
        .output(t.output().text(), t.output().reasoning()).finishReason(t.output().finishReason()).truncated(t.output().truncated())
        .tokens(t.tokens().input(), t.tokens().output(), t.tokens().reasoning()).latencyMs(t.latencyMs()).seed(t.seed())
        .messages(t.messages()).events(t.events()).attempts(t.attempts()).raw(t.raw()).error(t.error()).times(t.startedAt(), t.finishedAt());
    b.messageExtras = t.messageExtras();
    return b;
  }

  public TrajectoryBuilder variant(String v) { variantId = v; return this; }

  /** The verdict's label and value (null: not counted). */
  public TrajectoryBuilder verdict(String l, Integer v) { label = l; value = v; status = null; return this; }

  public TrajectoryBuilder score(Score s) {
    status = s.status();
    label = s.label();
    value = s.value();
    answer = s.answer();
    explanation = s.explanation();
    evidence = s.evidence();
    metadata = s.metadata();
    return this;
  }

  public TrajectoryBuilder answer(String a) { answer = a; return this; }
  public TrajectoryBuilder explanation(String e) { explanation = e; return this; }
  public TrajectoryBuilder evidence(List<String> e) { evidence = e; return this; }
  public TrajectoryBuilder metadata(Map<String, Object> m) { metadata = m; return this; }

  /** The final output's text and reasoning. */
  public TrajectoryBuilder output(String t, String r) { text = t; reasoning = r; return this; }

  public TrajectoryBuilder finishReason(String f) { finishReason = f; return this; }
  public TrajectoryBuilder truncated(boolean t) { truncated = t; return this; }

  public TrajectoryBuilder tokens(Long in, Long out, Long reasoningTokens) {
    inputTokens = in;
    outputTokens = out;
    this.reasoningTokens = reasoningTokens;
    return this;
  }

  public TrajectoryBuilder latencyMs(Long l) { latencyMs = l; return this; }
  public TrajectoryBuilder seed(Long s) { seed = s; return this; }
  public TrajectoryBuilder messages(List<Message> m) { messages = m; return this; }
  public TrajectoryBuilder events(List<Event> e) { events = e; return this; }

  /** Events from their recorded fields. */
  public TrajectoryBuilder eventMaps(List<Map<String, Object>> e) { events = e.stream().map(Event::of).toList(); return this; }

  public TrajectoryBuilder attempts(List<CallAttempt> a) { attempts = a; return this; }
  public TrajectoryBuilder raw(String r) { raw = r; return this; }

  /** Ends the trajectory in error: label {@code error}, uncounted, with this message. */
  public TrajectoryBuilder failed(String message) { status = Score.Status.COULD_NOT_SCORE; label = "error"; value = null; explanation = message; error = message; return this; }

  /** Sets the error text alone (the verdict is left as it is). */
  public TrajectoryBuilder error(String e) { error = e; return this; }

  public TrajectoryBuilder times(String started, String finished) { startedAt = started; finishedAt = finished; return this; }

  // The stored JSON forms, for tests written against the columns: parsed as the store parses them.

  public TrajectoryBuilder evidenceJson(String json) { evidence = Json.stringList(json); return this; }
  public TrajectoryBuilder metadataJson(String json) { metadata = Json.objectMap(json); return this; }

  public TrajectoryBuilder messagesJson(String json) {
    dev.candor.core.Conversation c = dev.candor.core.Conversation.of(json == null ? null : Json.read(json, new TypeReference<List<Map<String, Object>>>() {}));
    messages = c.messages();
    messageExtras = c.extras();
    return this;
  }

  public TrajectoryBuilder eventsJson(String json) {
    events = json == null ? null : Json.read(json, new TypeReference<List<Map<String, Object>>>() {}).stream().map(Event::of).toList();
    return this;
  }

  public TrajectoryBuilder attemptsJson(String json) {
    attempts = json == null ? null : Json.read(json, new TypeReference<List<Map<String, Object>>>() {}).stream().map(CallAttempt::of).toList();
    return this;
  }

  public Trajectory build() {
    return new Trajectory(sampleId, epoch, variantId, new Score(status != null ? status : Score.Status.inferred(null, label, value), label, value, answer, explanation, evidence, metadata),
        new Trajectory.FinalOutput(text, reasoning, finishReason, truncated), messages, messageExtras, events, attempts,
        new Trajectory.Tokens(inputTokens, outputTokens, reasoningTokens), latencyMs, seed, raw, error, startedAt, finishedAt);
  }
}
