package dev.candor.export;

import static dev.candor.export.InspectMessages.parse;
import static dev.candor.export.InspectMessages.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.Json;
import dev.candor.core.CallAttempt;
import dev.candor.core.Event;
import dev.candor.core.Trajectory;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trajectory's Inspect events (the Transcript tab, {@code events_df}, {@code messages_df}): a ModelEvent per
 * assistant message (its input the conversation before it), a ToolEvent per tool result (with its message id and
 * error), a ScoreEvent per score, an ErrorEvent when the trajectory failed.
 *
 * <p>Times: a model event takes its start and working time from the stored call attempts when there is one
 * successful attempt per assistant message; otherwise every event carries the trajectory's start and no working
 * time (Candor does not store per-turn times). The trajectory's usage goes on its last model event.
 */
final class InspectEvents {
  private InspectEvents() {}

  static ArrayNode of(Trajectory t, ArrayNode messages, ObjectNode scores, JsonNode target, String model, String messageModel,
                      String prefix) {
    ArrayNode events = Json.MAPPER.createArrayNode();
    Instant start = instant(t.startedAt());
    Instant end = instant(t.finishedAt());
    if (start == null) start = end == null ? Instant.EPOCH : end;
    if (end == null) end = start;
    List<double[]> calls = calls(t.attempts());
    int assistants = 0;
    for (JsonNode m : messages) if ("assistant".equals(m.path("role").asText()) && !"input".equals(m.path("source").asText())) assistants++;
    boolean timed = calls.size() == assistants;
    boolean tools = false;
    for (JsonNode m : messages) tools |= m.has("tool_calls");
    Map<String, Boolean> toolErrors = toolErrors(t.events());
    Map<String, JsonNode> callsById = new HashMap<>();
    int turn = 0;
    int n = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText();
      if (role.equals("assistant") && !"input".equals(m.path("source").asText())) {
        double[] call = timed ? calls.get(turn) : null;
        Instant at = call == null ? start : Instant.ofEpochMilli((long) call[0]);
        ObjectNode e = event(events, "model", at, start, prefix + "ev" + n++);
        e.put("model", model);
        ArrayNode input = e.putArray("input");
        for (int j = 0; j < i; j++) input.add(messages.get(j));
        e.putArray("tools");
        e.put("tool_choice", tools ? "auto" : "none");
        e.putObject("config");
        ObjectNode out = e.putObject("output");
        out.put("model", messageModel);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.set("message", m);
        boolean last = ++turn == assistants;
        choice.put("stop_reason", m.has("tool_calls") ? "tool_calls" : "stop");
        out.put("completion", InspectMessages.contentText(m.get("content")));
        Trajectory.Tokens tk = t.tokens();
        if (last && (tk.input() != null || tk.output() != null)) {
          ObjectNode u = out.putObject("usage");
          u.put("input_tokens", nz(tk.input())).put("output_tokens", nz(tk.output())).put("total_tokens", nz(tk.input()) + nz(tk.output()));
          if (tk.reasoning() != null) u.put("reasoning_tokens", tk.reasoning());
        }
        if (call != null) {
          out.put("time", call[1]);
          e.put("working_time", call[1]);
          e.put("completed", iso(at.plusMillis((long) (call[1] * 1000))));
        }
        for (JsonNode c : m.path("tool_calls")) callsById.put(c.path("id").asText(), c);
      } else if (role.equals("tool")) {
        String id = m.path("tool_call_id").asText();
        JsonNode c = callsById.get(id);
        ObjectNode e = event(events, "tool", start, start, prefix + "ev" + n++);
        e.put("type", "function");
        e.put("id", id);
        e.put("function", c == null ? m.path("function").asText() : c.path("function").asText());
        e.set("arguments", c == null ? Json.MAPPER.createObjectNode() : c.path("arguments"));
        String result = InspectMessages.contentText(m.get("content"));
        e.put("result", result);
        if (!m.path("error").isObject() && Boolean.TRUE.equals(toolErrors.get(id))) // the message shows the error too
          ((ObjectNode) m).putObject("error").put("type", "unknown").put("message", result);
        if (m.path("error").isObject()) e.set("error", m.get("error"));
        e.putArray("events");
        e.put("message_id", m.path("id").asText());
      }
    }
    if (t.error() != null) event(events, "error", end, start, prefix + "ev" + n++).set("error", InspectExport.evalError(t.error()));
    for (var it = scores.fields(); it.hasNext(); ) {
      var s = it.next();
      ObjectNode e = event(events, "score", end, start, prefix + "ev" + n++);
      e.set("score", s.getValue());
      e.set("target", target);
      e.put("intermediate", false);
      e.put("scorer", s.getKey());
    }
    return events;
  }

  private static ObjectNode event(ArrayNode events, String type, Instant at, Instant start, String uuid) {
    ObjectNode e = events.addObject();
    e.put("uuid", uuid);
    e.put("timestamp", iso(at));
    e.put("working_start", Math.max(0, Duration.between(start, at).toNanos() / 1e9));
    e.put("event", type);
    return e;
  }

  /** The successful model calls' (start in epoch millis, latency in seconds), in order. */
  private static List<double[]> calls(List<CallAttempt> attempts) {
    List<double[]> out = new ArrayList<>();
    if (attempts == null) return out;
    for (CallAttempt x : attempts) {
      if (x.error() != null) continue;
      Instant at = instant(x.startedAt());
      if (at == null) return List.of();
      out.add(new double[] {at.toEpochMilli(), (x.latencyMs() == null ? 0 : x.latencyMs()) / 1000.0});
    }
    return out;
  }

  /** Whether each tool call (by id) ended in error, from Candor's stored tool events. */
  private static Map<String, Boolean> toolErrors(List<Event> events) {
    Map<String, Boolean> out = new HashMap<>();
    if (events != null) for (Event e : events) if (e instanceof Event.ToolStep s) out.put(s.callId(), s.failed());
    return out;
  }

  static Instant instant(String s) {
    if (s == null) return null;
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String iso(Instant i) {
    return java.time.OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC)
        .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("Z", "+00:00");
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }
}
