package dev.candor.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.Jackson;
import dev.candor.model.Message;
import dev.candor.model.Role;
import dev.candor.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's chat fine-tuning format (one JSON object per line: {@code {"messages": [...]}}, optionally {@code tools},
 * {@code parallel_tool_calls} and the legacy {@code functions}): {@link #example} writes one conversation in it and
 * {@link #problem} checks a line against the documented rules, the ones OpenAI's data-preparation checks and API
 * reference state:
 * <ul>
 *   <li>the line is a JSON object whose keys are among {@code messages, tools, parallel_tool_calls, functions}, with a
 *       non-empty {@code messages} list of objects;</li>
 *   <li>each message has a {@code role} of {@code system, user, assistant, tool} or the legacy {@code function}, and only
 *       the keys of its role: system and user {@code role, content, name}; assistant {@code role, content, name,
 *       tool_calls, function_call, weight, refusal}; tool {@code role, content, tool_call_id}; function
 *       {@code role, content, name};</li>
 *   <li>{@code content} is a string, non-empty for system and user messages and for an assistant message without tool
 *       calls; an assistant message with {@code tool_calls} (or {@code function_call}) may have null content; a tool
 *       result may be empty (a command that printed nothing);</li>
 *   <li>{@code weight}, on assistant messages only, is 0 or 1, and at least one assistant message is trained on (no
 *       weight, or 1);</li>
 *   <li>each tool call has a unique non-empty {@code id}, {@code type} {@code function}, a non-empty
 *       {@code function.name} and {@code function.arguments} a string holding JSON; each tool message's
 *       {@code tool_call_id} answers a call of an earlier assistant message not answered yet;</li>
 *   <li>{@code tools}, when given, is a list of {@code {type: function, function: {name, ...}}}.</li>
 * </ul>
 * Content given as a list of parts (images, audio) is not accepted: Candor writes text only.
 */
public final class ChatFineTuning {
  private ChatFineTuning() {}

  private static final ObjectMapper JSON = Jackson.sharedBufferMapper();
  private static final Set<String> TOP = Set.of("messages", "tools", "parallel_tool_calls", "functions");
  private static final Map<String, Set<String>> KEYS = Map.of(
      "system", Set.of("role", "content", "name"),
      "user", Set.of("role", "content", "name"),
      "assistant", Set.of("role", "content", "name", "tool_calls", "function_call", "weight", "refusal"),
      "tool", Set.of("role", "content", "tool_call_id"),
      "function", Set.of("role", "content", "name"));

  /** Where the assistant's reasoning goes: in its content, before the answer, as {@code <think>…</think>}; or nowhere. */
  public enum Reasoning {
    THINK, OMIT
  }

  /**
   * One conversation as a line's object: every message in order, assistant tool calls as {@code tool_calls} (content
   * null when an assistant turn has calls and no text), tool results with their {@code tool_call_id}; assistant messages
   * whose index is in {@code untrained} get {@code weight: 0} (e.g. turns the conversation was prefilled with), the
   * others no weight (trained on). The reasoning goes where {@code reasoning} says.
   */
  public static Map<String, Object> example(List<Message> messages, Set<Integer> untrained, Reasoning reasoning) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("role", m.role().name().toLowerCase(Locale.ROOT));
      switch (m.role()) {
        case SYSTEM, USER -> o.put("content", m.content() == null ? "" : m.content());
        case TOOL -> {
          o.put("tool_call_id", m.toolCallId());
          o.put("content", m.content() == null ? "" : m.content());
        }
        case ASSISTANT -> {
          String text = m.content() == null ? "" : m.content();
          if (reasoning == Reasoning.THINK && m.reasoning() != null && !m.reasoning().isBlank())
            text = "<think>\n" + m.reasoning().strip() + "\n</think>\n\n" + text;
          o.put("content", text.isEmpty() && !m.toolCalls().isEmpty() ? null : text);
          if (!m.toolCalls().isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls())
              calls.add(Map.of("id", c.id(), "type", "function", "function",
                  Map.of("name", c.name(), "arguments", c.argumentsJson() == null ? "{}" : c.argumentsJson())));
            o.put("tool_calls", calls);
          }
          if (untrained.contains(i)) o.put("weight", 0);
        }
      }
      out.add(o);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("messages", out);
    return line;
  }

  /** What is wrong with one line of a chat fine-tuning file, in one sentence naming the field; null when nothing is. */
  public static String problem(String line) {
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (Exception e) {
      return "not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")";
    }
    if (root == null || !root.isObject()) return "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT));
    for (var it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP.contains(k)) return "unknown key '" + k + "' (allowed: messages, tools, parallel_tool_calls, functions)";
    }
    JsonNode msgs = root.get("messages");
    if (msgs == null || !msgs.isArray() || msgs.isEmpty()) return "field 'messages': expected a non-empty list";
    String tools = tools(root.get("tools"));
    if (tools != null) return tools;
    Set<String> called = new HashSet<>(), open = new HashSet<>();
    boolean trained = false, anyAssistant = false;
    for (int i = 0; i < msgs.size(); i++) {
      JsonNode m = msgs.get(i);
      String at = "messages[" + i + "]";
      if (!m.isObject()) return at + ": expected an object";
      JsonNode roleNode = m.get("role");
      String role = roleNode != null && roleNode.isTextual() ? roleNode.asText() : null;
      if (role == null || !KEYS.containsKey(role)) return at + ".role: expected system, user, assistant, tool or function, got " + roleNode;
      for (var it = m.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!KEYS.get(role).contains(k)) return at + ": key '" + k + "' is not allowed in a " + role + " message (allowed: " + String.join(", ", new java.util.TreeSet<>(KEYS.get(role))) + ")";
      }
      JsonNode content = m.get("content");
      boolean calls = m.has("tool_calls") || m.has("function_call");
      if (content == null || content.isNull()) {
        if (!(role.equals("assistant") && calls)) return at + ".content: expected a string (null only for an assistant message with tool_calls)";
      } else if (!content.isTextual()) {
        return at + ".content: expected a string, got " + content.getNodeType().name().toLowerCase(Locale.ROOT);
      } else if (content.asText().isEmpty() && (role.equals("system") || role.equals("user") || role.equals("assistant") && !calls)) {
        return at + ".content: expected text, got an empty string";
      }
      if (m.has("name") && !(m.get("name").isTextual() && !m.get("name").asText().isEmpty())) return at + ".name: expected a non-empty string";
      switch (role) {
        case "assistant" -> {
          anyAssistant = true;
          JsonNode w = m.get("weight");
          if (w != null && !(w.isIntegralNumber() && (w.asInt() == 0 || w.asInt() == 1))) return at + ".weight: expected 0 or 1, got " + w;
          trained |= w == null || w.asInt() == 1;
          JsonNode tc = m.get("tool_calls");
          if (tc != null) {
            if (!tc.isArray() || tc.isEmpty()) return at + ".tool_calls: expected a non-empty list";
            for (int j = 0; j < tc.size(); j++) {
              String why = toolCall(tc.get(j));
              if (why != null) return at + ".tool_calls[" + j + "]" + why;
              String id = tc.get(j).get("id").asText();
              if (!called.add(id)) return at + ".tool_calls[" + j + "].id: '" + id + "' is used twice in this conversation";
              open.add(id);
            }
          }
        }
        case "tool" -> {
          JsonNode id = m.get("tool_call_id");
          if (id == null || !id.isTextual() || id.asText().isEmpty()) return at + ".tool_call_id: expected the id of a tool call";
          if (!open.remove(id.asText()))
            return at + ".tool_call_id: '" + id.asText() + "' answers no " + (called.contains(id.asText()) ? "unanswered " : "") + "tool call of an earlier assistant message";
        }
        default -> { }
      }
    }
    if (!anyAssistant) return "field 'messages': expected at least one assistant message";
    if (!trained) return "field 'messages': every assistant message has weight 0, so there is nothing to train on";
    return null;
  }

  private static String toolCall(JsonNode c) {
    if (!c.isObject()) return ": expected an object";
    if (!c.path("id").isTextual() || c.path("id").asText().isEmpty()) return ".id: expected a non-empty string";
    if (!"function".equals(c.path("type").asText(null))) return ".type: expected \"function\"";
    JsonNode f = c.get("function");
    if (f == null || !f.isObject()) return ".function: expected an object with name and arguments";
    if (!f.path("name").isTextual() || f.path("name").asText().isEmpty()) return ".function.name: expected a non-empty string";
    JsonNode a = f.get("arguments");
    if (a == null || !a.isTextual()) return ".function.arguments: expected a string holding JSON";
    try {
      JSON.readTree(a.asText());
    } catch (Exception e) {
      return ".function.arguments: expected a string holding JSON, got " + abbreviate(a.asText());
    }
    return null;
  }

  private static String tools(JsonNode tools) {
    if (tools == null) return null;
    if (!tools.isArray()) return "field 'tools': expected a list";
    for (int i = 0; i < tools.size(); i++) {
      JsonNode t = tools.get(i);
      if (!"function".equals(t.path("type").asText(null)) || !t.path("function").path("name").isTextual())
        return "tools[" + i + "]: expected {\"type\": \"function\", \"function\": {\"name\": ...}}";
    }
    return null;
  }

  private static String abbreviate(String s) {
    return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
  }

  /** The first problem of a whole file's text, as {@code line N: ...}; null when every line is valid. Blank lines are problems. */
  public static String problemInFile(String text) {
    List<String> lines = text.lines().toList();
    if (lines.isEmpty()) return "the file has no lines";
    for (int i = 0; i < lines.size(); i++) {
      String p = lines.get(i).isBlank() ? "an empty line" : problem(lines.get(i));
      if (p != null) return "line " + (i + 1) + ": " + p;
    }
    return null;
  }
}
