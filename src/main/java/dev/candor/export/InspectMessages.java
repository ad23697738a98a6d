package dev.candor.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts chat messages between Candor's stored shape (the JSON of {@code model.Message}: role, content, reasoning,
 * toolCalls of {id, name, argumentsJson}, toolCallId; an imported message also keeps its id, reasoningSignature
 * and a tool result's toolError) and Inspect's ChatMessage (role, content as a string or a list
 * of content blocks with reasoning as a ContentReasoning block, tool_calls of {id, function, arguments}, tool_call_id,
 * function).
 */
final class InspectMessages {
  private InspectMessages() {}

  // ---------------------------------------------------------------- Candor -> Inspect

  /** Candor messages (a JSON array) to Inspect ChatMessages; {@code inputCount} leading ones are marked source=input. */
  static ArrayNode toInspect(JsonNode candor, int inputCount, String model, String idPrefix) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    if (candor == null || !candor.isArray()) return out;
    Map<String, String> callNames = new HashMap<>();
    int i = 0;
    for (JsonNode m : candor) {
      String role = text(m, "role").toLowerCase(Locale.ROOT);
      ObjectNode o = out.addObject();
      o.put("id", text(m, "id").isEmpty() ? idPrefix + i : text(m, "id"));
      String content = text(m, "content");
      String reasoning = text(m, "reasoning");
      if (role.equals("assistant") && !reasoning.isEmpty()) {
        ArrayNode blocks = o.putArray("content");
        ObjectNode r = blocks.addObject().put("type", "reasoning").put("reasoning", reasoning);
        if (!text(m, "reasoningSignature").isEmpty()) r.put("signature", text(m, "reasoningSignature"));
        r.put("redacted", false);
        blocks.addObject().put("type", "text").put("text", content);
      } else {
        o.put("content", content);
      }
      if (i < inputCount) o.put("source", "input");
      else if (role.equals("assistant")) o.put("source", "generate");
      o.put("role", role);
      if (role.equals("assistant")) {
        JsonNode calls = m.get("toolCalls");
        if (calls != null && calls.isArray() && !calls.isEmpty()) {
          ArrayNode tc = o.putArray("tool_calls");
          for (JsonNode c : calls) {
            ObjectNode call = tc.addObject();
            call.put("id", text(c, "id"));
            call.put("function", text(c, "name"));
            callNames.put(text(c, "id"), text(c, "name"));
            String args = text(c, "argumentsJson");
            JsonNode parsed = parse(args.isBlank() ? "{}" : args);
            if (parsed != null && parsed.isObject()) {
              call.set("arguments", parsed);
            } else {
              call.putObject("arguments");
              call.put("parse_error", "arguments are not a JSON object: " + args);
            }
            call.put("type", "function");
          }
        }
        if (model != null) o.put("model", model);
      }
      if (role.equals("tool")) {
        String id = text(m, "toolCallId");
        o.put("tool_call_id", id);
        if (callNames.containsKey(id)) o.put("function", callNames.get(id));
        if (m.path("toolError").isObject()) o.set("error", m.get("toolError"));
      }
      i++;
    }
    return out;
  }

  // ---------------------------------------------------------------- Inspect -> Candor

  /** Inspect ChatMessages to Candor's message JSON; attachment references are resolved from {@code attachments}. */
  static ArrayNode toCandor(JsonNode inspect, JsonNode attachments) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    if (inspect == null) return out;
    if (inspect.isTextual()) {
      out.addObject().put("role", "USER").put("content", resolve(inspect.asText(), attachments)).putNull("reasoning")
          .putArray("toolCalls");
      return out;
    }
    if (!inspect.isArray()) return out;
    for (JsonNode m : inspect) {
      ObjectNode o = out.addObject();
      if (m.path("id").isTextual()) o.put("id", m.get("id").asText());
      o.put("role", text(m, "role").toUpperCase(Locale.ROOT));
      o.put("content", resolve(contentText(m.get("content")), attachments));
      String reasoning = reasoningText(m.get("content"));
      if (reasoning.isEmpty()) o.putNull("reasoning");
      else o.put("reasoning", resolve(reasoning, attachments));
      String signature = reasoningSignature(m.get("content"));
      if (signature != null) o.put("reasoningSignature", signature);
      if (m.path("error").isObject()) o.set("toolError", m.get("error"));
      ArrayNode calls = o.putArray("toolCalls");
      JsonNode tc = m.get("tool_calls");
      if (tc != null && tc.isArray())
        for (JsonNode c : tc) {
          JsonNode args = c.get("arguments");
          calls.addObject().put("id", text(c, "id")).put("name", text(c, "function"))
              .put("argumentsJson", args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString());
        }
      JsonNode callId = m.get("tool_call_id");
      if (callId == null || callId.isNull()) o.putNull("toolCallId");
      else o.put("toolCallId", callId.isArray() ? (callId.isEmpty() ? "" : callId.get(0).asText()) : callId.asText());
    }
    return out;
  }

  /** The text of an Inspect content value: the string itself, or its text blocks joined by newlines. */
  static String contentText(JsonNode content) {
    if (content == null || content.isNull()) return "";
    if (content.isTextual()) return content.asText();
    StringBuilder b = new StringBuilder();
    if (content.isArray())
      for (JsonNode c : content)
        if ("text".equals(text(c, "type"))) {
          if (b.length() > 0) b.append('\n');
          b.append(text(c, "text"));
        }
    return b.toString();
  }

  /** The reasoning blocks of an Inspect content value (or the summary of a redacted one), joined by blank lines. */
  static String reasoningText(JsonNode content) {
    StringBuilder b = new StringBuilder();
    if (content != null && content.isArray())
      for (JsonNode c : content)
        if ("reasoning".equals(text(c, "type"))) {
          String r = c.path("redacted").asBoolean(false) ? text(c, "summary") : text(c, "reasoning");
          if (r.isEmpty()) continue;
          if (b.length() > 0) b.append("\n\n");
          b.append(r);
        }
    return b.toString();
  }

  /** The signature of the first signed reasoning block (providers check it when the reasoning is sent back), or null. */
  static String reasoningSignature(JsonNode content) {
    if (content != null && content.isArray())
      for (JsonNode c : content)
        if ("reasoning".equals(text(c, "type")) && c.path("signature").isTextual()) return c.get("signature").asText();
    return null;
  }

  /** Replaces an {@code attachment://HASH} (or legacy {@code tc://HASH}) reference by the attachment's text. */
  static String resolve(String s, JsonNode attachments) {
    if (s == null || attachments == null) return s;
    for (String scheme : List.of("attachment://", "tc://"))
      if (s.startsWith(scheme)) {
        JsonNode v = attachments.get(s.substring(scheme.length()));
        if (v != null && v.isTextual()) return v.asText();
      }
    return s;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) return "";
    return v.isValueNode() ? v.asText() : v.toString();
  }

  static JsonNode parse(String json) {
    if (json == null) return null;
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
