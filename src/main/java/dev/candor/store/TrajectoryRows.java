package dev.candor.store;

import dev.candor.core.Conversation;
import dev.candor.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.candor.core.CallAttempt;
import dev.candor.core.Event;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a {@link Trajectory} to and from its {@code trajectories} row: the one place stored JSON columns are written
 * and parsed. The JSON is the same as before the typed trajectory, so old databases read unchanged.
 */
final class TrajectoryRows {
  private TrajectoryRows() {}

  static final String[] COLUMNS = {"run_id", "sample_id", "epoch", "variant_id", "status", "label", "value", "answer",
      "explanation", "evidence_json", "score_meta_json", "output_text", "reasoning", "finish_reason", "truncated",
      "input_tokens", "output_tokens", "reasoning_tokens", "latency_ms", "seed", "messages_json", "events_json",
      "raw_json", "attempts_json", "error", "started_at", "finished_at"};

  /** The row's values, in {@link #COLUMNS} order. */
  static Object[] values(String runId, Trajectory t) {
    Score s = t.score();
    Trajectory.FinalOutput o = t.output();
    return new Object[] {runId, t.sampleId(), t.epoch(), t.variantId(), s.status().key(), s.label(), s.value(), s.answer(), s.explanation(),
        Json.write(s.evidence()), Json.write(s.metadata()), o.text(), o.reasoning(), o.finishReason(), o.truncated() ? 1 : 0,
        t.tokens().input(), t.tokens().output(), t.tokens().reasoning(), t.latencyMs(), t.seed(), messagesJson(t),
        t.events() == null ? null : Json.write(t.events().stream().map(Event::fields).toList()), t.raw(),
        t.attempts() == null ? null : Json.write(t.attempts().stream().map(CallAttempt::fields).toList()),
        t.error(), t.startedAt(), t.finishedAt()};
  }

  static Trajectory read(ResultSet rs) throws SQLException {
    Score score = score(rs, "score_meta_json");
    Trajectory.FinalOutput out = new Trajectory.FinalOutput(rs.getString("output_text"), rs.getString("reasoning"),
        rs.getString("finish_reason"), rs.getInt("truncated") != 0);
    Trajectory.Tokens tokens = new Trajectory.Tokens(longOrNull(rs, "input_tokens"), longOrNull(rs, "output_tokens"),
        longOrNull(rs, "reasoning_tokens"));
    Conversation c = Conversation.of(maps(rs.getString("messages_json")));
    List<Map<String, Object>> attempts = maps(rs.getString("attempts_json"));
    return new Trajectory(rs.getString("sample_id"), rs.getInt("epoch"), rs.getString("variant_id"), score, out, c.messages(), c.extras(),
        Event.all(maps(rs.getString("events_json"))),
        attempts == null ? null : attempts.stream().map(CallAttempt::of).toList(),
        tokens, longOrNull(rs, "latency_ms"), longOrNull(rs, "seed"), rs.getString("raw_json"), rs.getString("error"),
        rs.getString("started_at"), rs.getString("finished_at"));
  }

  /** The score of a {@code trajectories} or {@code scores} row, its metadata in {@code metadataColumn}. */
  static Score score(ResultSet rs, String metadataColumn) throws SQLException {
    return new Score(Score.Status.ofKey(rs.getString("status")), rs.getString("label"), intOrNull(rs, "value"), rs.getString("answer"),
        rs.getString("explanation"), Json.stringList(rs.getString("evidence_json")), Json.objectMap(rs.getString(metadataColumn)));
  }

  /** The messages as stored: plain messages as before, or each merged with its interchange extras. */
  private static String messagesJson(Trajectory t) {
    if (t.messages() == null) return null;
    if (t.messageExtras().isEmpty()) return Json.write(t.messages());
    List<Map<String, Object>> out = new ArrayList<>(t.messages().size());
    for (int i = 0; i < t.messages().size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>(t.extras(i));
      m.putAll(Json.MAPPER.convertValue(t.messages().get(i), new TypeReference<Map<String, Object>>() {}));
      out.add(m);
    }
    return Json.write(out);
  }

  private static List<Map<String, Object>> maps(String json) {
    return json == null || json.isBlank() ? null : Json.read(json, new TypeReference<List<Map<String, Object>>>() {});
  }

  static Integer intOrNull(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  static Long longOrNull(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }
}
