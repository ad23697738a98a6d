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

    /** Whether the call failed: a tool error, or a command that exited with a non-zero status. */
    public boolean failed() {
      return error || data.get("exit_code") instanceof Number n && n.intValue() != 0;
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

  /** Tools whose calls are messages to someone: the built-in send_email and send_message, and any named send_*, post_*, reply*. */
  public static final java.util.regex.Pattern MESSAGE_TOOLS = java.util.regex.Pattern.compile("send_.*|post_.*|reply.*");

  /** A message the agent sent through a tool: the turn, tool, recipient ("" when the tool names none) and text. */
  public record Sent(int turn, String tool, String to, String text) {}

  /**
   * Every message the agent sent, by a successful call of a {@link #MESSAGE_TOOLS} tool or of one matching
   * {@code alsoTools} (null: none): its {@code to} argument, and its other arguments' text, one per line.
   */
  public List<Sent> messages(java.util.regex.Pattern alsoTools) {
    List<Sent> out = new ArrayList<>();
    for (Call c : calls) {
      if (c.error() || !(MESSAGE_TOOLS.matcher(c.tool()).matches() || alsoTools != null && alsoTools.matcher(c.tool()).matches())) continue;
      StringBuilder text = new StringBuilder();
      if (c.arguments() != null)
        c.arguments().fieldNames().forEachRemaining(f -> {
          if (!f.equals("to")) text.append(text.isEmpty() ? "" : "\n").append(c.arg(f));
        });
      out.add(new Sent(c.turn(), c.tool(), c.arg("to"), text.toString()));
    }
    return out;
  }

  /** The arguments of the last successful {@code submit} call (its fields), empty when there was none. */
  public Map<String, String> submitted() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Call c : calls.reversed())
      if (c.tool().equals("submit") && !c.error()) {
        if (c.arguments() != null) c.arguments().fieldNames().forEachRemaining(f -> out.put(f, c.arg(f)));
        break;
      }
    return out;
  }

  /**
   * The workspace after each tool call that changed it, and at the end: each a copy of this view whose
   * {@link #changed} holds what differed from the seed at that moment, rebuilt by applying the calls' diffs to the
   * seed in order (the end state is the recorded one). A diff that does not apply leaves that state as it was.
   */
  public List<Actions> states() {
    List<Actions> out = new ArrayList<>();
    Map<String, String> now = new HashMap<>();
    for (Call c : calls) {
      if (c.diff().isEmpty()) continue;
      FilePatch.apply(c.diff(), p -> now.containsKey(p) ? now.get(p) : seed.get(p), (p, content) -> {
        String was = seed.get(p);
        if (content == null ? was == null : was != null && content.lines().toList().equals(was.lines().toList())) now.remove(p);
        else now.put(p, content);
      });
      out.add(withChanged(now));
    }
    out.add(this);
    return out;
  }

  private Actions withChanged(Map<String, String> c) {
    return new Actions(calls, said, finalAnswer, stopReason, seed, c, knobs);
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
