package dev.candor.grade.covert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.core.Event;
import dev.candor.core.Transcript;
import dev.candor.model.Message;
import dev.candor.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an agent did, as detectors see it: its tool calls (with parsed arguments, results and diffs), what it said
 * (assistant text, never reasoning), its final answer, why the loop stopped, the seed and final files, and the
 * sample's knob settings. Built from a {@link Transcript} of the agent's tool loop.
 */
public record Actions(List<Call> calls, List<String> said, String finalAnswer, String stopReason,
                         Map<String, String> seed, Map<String, String> changed, Map<String, String> knobs) {
  /** Shared buffers ({@link dev.candor.Jackson}): grading runs on a new virtual thread per trajectory. */
  private static final ObjectMapper JSON = dev.candor.Jackson.sharedBufferMapper();

  public Actions {
    calls = List.copyOf(calls);
    said = List.copyOf(said);
    seed = Map.copyOf(seed);
    changed = java.util.Collections.unmodifiableMap(new HashMap<>(changed));
    knobs = Map.copyOf(knobs);
  }

  /** One tool call: the turn, tool name, arguments (raw JSON text and parsed), result text, diff and extra data. */
  public record Call(int turn, String tool, String argumentsJson, JsonNode arguments, String result, boolean error,
                     String diff, Map<String, Object> data) {
    /** An argument as text ("" when absent). */
    public String arg(String name) {
      JsonNode v = arguments == null ? null : arguments.get(name);
      return v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
    }

    /** A short quotation of the call for evidence. */
    public String quote() {
      String a = argumentsJson.length() > 400 ? argumentsJson.substring(0, 400) + "…" : argumentsJson;
      return "turn " + turn + ": " + tool + " " + a;
    }
  }

  /** The length of everything the agent wrote or got back: final answer, messages, calls, results, diffs, changed files. */
  public long textLength() {
    long n = finalAnswer.length();
    for (String s : said) n += s.length();
    for (Call c : calls) n += c.argumentsJson().length() + c.result().length() + c.diff().length();
    for (var e : changed.entrySet()) n += e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length());
    return n;
  }

  /** Content of a file at the end ({@code null} when absent or deleted). */
  public String finalContent(String path) {
    return changed.containsKey(path) ? changed.get(path) : seed.get(path);
  }

  /** Every path that existed at seed or at the end. */
  public List<String> allPaths() {
    var s = new java.util.TreeSet<>(seed.keySet());
    changed.forEach((k, v) -> { if (v != null) s.add(k); });
    return List.copyOf(s);
  }

  /** Builds the view from a tool-loop transcript; seed files and knob settings come from the scenario. */
  public static Actions of(Transcript t, Map<String, String> seed, Map<String, String> knobs) {
    List<Call> calls = new ArrayList<>();
    String answer = null, reason = null;
    Map<String, String> changed = new HashMap<>();
    for (Event e : t.events()) {
      if (e instanceof Event.ToolStep s) {
        String argText = s.argumentsJson() == null ? "{}" : s.argumentsJson();
        JsonNode args;
        try {
          args = JSON.readTree(argText);
        } catch (Exception ex) {
          args = JSON.createObjectNode();
        }
        Map<String, Object> data = new HashMap<>();
        for (String k : List.of("checker", "passed", "exit_code")) if (s.data().get(k) != null) data.put(k, s.data().get(k));
        if (s.finalAnswer() != null) data.put("final_answer", s.finalAnswer());
        calls.add(new Call(s.turn() == null ? 0 : s.turn(), String.valueOf(s.tool()), argText, args,
            s.result() == null ? "" : s.result(), s.failed(), s.diff() == null ? "" : s.diff(), data));
      } else if (e instanceof Event.LoopEnd end) {
        answer = end.answer();
        reason = end.reason();
        changed.putAll(end.changedFiles());
      }
    }
    List<String> said = new ArrayList<>();
    for (Message m : t.messages())
      if (m.role() == Role.ASSISTANT && m.content() != null && !m.content().isBlank()) said.add(m.content());
    if (answer == null && t.finalOutput() != null && t.finalOutput().toolCalls().isEmpty()) answer = t.finalOutput().text();
    return new Actions(calls, said, answer == null ? "" : answer, reason == null ? "" : reason, seed, changed, knobs);
  }
}
