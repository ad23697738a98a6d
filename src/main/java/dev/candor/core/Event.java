package dev.candor.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a solver recorded during a trajectory: an assistant turn, a tool call with its result and the file changes
 * it made, how the loop ended with the workspace's changes against its seed, or (read from storage or an imported log)
 * anything else, kept whole.
 *
 * <p>{@link #fields()} is the stored shape (the {@code events_json} column, exports), the same field names and values
 * Candor has always written; {@link #of(Map)} reads it back. A stored event becomes a typed record only when that record
 * writes back exactly the fields and values it was read from; any other event stays {@link Other}, so reading and
 * writing never changes stored text.
 */
public sealed interface Event permits Event.AssistantTurn, Event.ToolStep, Event.LoopEnd, Event.Other {
  String ASSISTANT = "assistant", TOOL_CALL = "tool_call", END = "end";

  /** The stored {@code type} ("" when an unknown event has none). */
  String type();

  /** The event in its stored shape, {@code type} first. */
  Map<String, Object> fields();

  /**
   * A model turn: its 1-based number, its text ("" when none), how many tool calls it made, and whether it was replayed
   * from a stored conversation rather than generated.
   */
  record AssistantTurn(int turn, String content, int toolCalls, boolean replayed) implements Event {
    public AssistantTurn { content = content == null ? "" : content; }

    public String type() { return ASSISTANT; }

    public Map<String, Object> fields() {
      Map<String, Object> m = start(ASSISTANT);
      m.put("turn", turn);
      m.put("content", content);
      m.put("tool_calls", toolCalls);
      if (replayed) m.put("replayed", true);
      return Collections.unmodifiableMap(m);
    }
  }

  /**
   * One tool call: the turn it was made in, the call's id, the tool's name, the arguments as the JSON text the model
   * sent, the result shown to the model, whether it ended in error, the unified diff of the files it changed ("" when
   * none), the final answer ({@code submit} only), whether it was re-executed while replaying a stored conversation,
   * and the tool's own data (e.g. {@code checker}, {@code passed}). A null field was not recorded (an imported log may
   * have no diff, or no result for a call the log never answered) and is left out of {@link #fields()}.
   */
  record ToolStep(Integer turn, String callId, String tool, String argumentsJson, String result, Boolean error, String diff,
                  String finalAnswer, boolean replayed, Map<String, Object> data) implements Event {
    public ToolStep {
      data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public String type() { return TOOL_CALL; }

    /** Whether the call ended in error (false when not recorded). */
    public boolean failed() { return Boolean.TRUE.equals(error); }

    /** A copy marked as re-executed during a replay. */
    public ToolStep asReplayed() {
      return new ToolStep(turn, callId, tool, argumentsJson, result, error, diff, finalAnswer, true, data);
    }

    public Map<String, Object> fields() {
      Map<String, Object> m = start(TOOL_CALL);
      putIfSet(m, "turn", turn);
      putIfSet(m, "id", callId);
      putIfSet(m, "tool", tool);
      putIfSet(m, "arguments", argumentsJson);
      m.putAll(data);
      putIfSet(m, "final_answer", finalAnswer);
      putIfSet(m, "result", result);
      putIfSet(m, "error", error);
      putIfSet(m, "diff", diff);
      if (replayed) m.put("replayed", true);
      return Collections.unmodifiableMap(m);
    }
  }

  /**
   * How the loop ended: the reason (submit, final_message, truncated, context_window, max_turns, max_tokens,
   * wall_time), the final answer (null when none), the turns taken, the tokens used, the unified diff of every change
   * against the seed, and each changed file's final content (null when deleted).
   */
  record LoopEnd(String reason, String answer, int turns, long totalTokens, String diff, Map<String, String> changedFiles)
      implements Event {
    public LoopEnd {
      changedFiles = changedFiles == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(changedFiles));
    }

    public String type() { return END; }

    public Map<String, Object> fields() {
      Map<String, Object> m = start(END);
      m.put("reason", reason);
      m.put("answer", answer);
      m.put("turns", turns);
      m.put("total_tokens", totalTokens);
      m.put("diff", diff);
      m.put("changed_files", changedFiles);
      return Collections.unmodifiableMap(m);
    }
  }

  /** An event no typed record represents exactly (another solver's, an imported log's), every field as recorded. */
  record Other(Map<String, Object> fields) implements Event {
    public Other {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String type() {
      Object t = fields.get("type");
      return t == null ? "" : t.toString();
    }
  }

  /** Reads a stored event (see the class comment); null fields map to null values, as JSON null. */
  static Event of(Map<String, Object> stored) {
    Event typed;
    try {
      typed = switch (String.valueOf(stored.get("type"))) {
        case ASSISTANT -> new AssistantTurn(num(stored, "turn").intValue(), (String) stored.get("content"),
            num(stored, "tool_calls").intValue(), Boolean.TRUE.equals(stored.get("replayed")));
        case TOOL_CALL -> toolStep(stored);
        case END -> new LoopEnd((String) stored.get("reason"), (String) stored.get("answer"), num(stored, "turns").intValue(),
            num(stored, "total_tokens").longValue(), (String) stored.get("diff"), files(stored.get("changed_files")));
        default -> null;
      };
    } catch (ClassCastException | NullPointerException e) {
      typed = null; // a field of another type than Candor writes, or missing
    }
    return typed != null && same(typed.fields(), stored) ? typed : new Other(stored);
  }

  /** Reads stored events; null stays null (not recorded). */
  static List<Event> all(List<Map<String, Object>> stored) {
    return stored == null ? null : stored.stream().map(Event::of).toList();
  }

  private static ToolStep toolStep(Map<String, Object> s) {
    Map<String, Object> data = new LinkedHashMap<>(s);
    for (String k : List.of("type", "turn", "id", "tool", "arguments", "final_answer", "result", "error", "diff", "replayed"))
      data.remove(k);
    Number turn = (Number) s.get("turn");
    return new ToolStep(turn == null ? null : turn.intValue(), (String) s.get("id"), (String) s.get("tool"),
        (String) s.get("arguments"), (String) s.get("result"), (Boolean) s.get("error"), (String) s.get("diff"),
        (String) s.get("final_answer"), Boolean.TRUE.equals(s.get("replayed")), data);
  }

  private static Number num(Map<String, Object> m, String k) {
    return Objects.requireNonNull((Number) m.get(k));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> files(Object o) {
    Map<String, Object> m = (Map<String, Object>) Objects.requireNonNull(o);
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, (String) v));
    return out;
  }

  private static Map<String, Object> start(String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String k, Object v) {
    if (v != null) m.put(k, v);
  }

  /** Whether two stored values are the same JSON: same keys and present nulls, numbers equal whatever their Java type. */
  private static boolean same(Object a, Object b) {
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) return false;
      for (Object k : x.keySet()) if (!same(x.get(k), y.get(k))) return false;
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
      return true;
    }
    if (a instanceof Number x && b instanceof Number y) return x.toString().equals(y.toString());
    return Objects.equals(a, b);
  }
}
