package dev.candor.model.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.ModelRequest;
import dev.candor.model.Role;
import dev.candor.model.ToolCall;
import dev.candor.model.ToolSpec;
import dev.candor.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Chat Completions wire format ({@code POST /chat/completions}), written and read with Jackson in one
 * pass each way: the request body a {@link ModelRequest} becomes, and the parts of a response body a
 * {@link dev.candor.model.Output} is made of. Request: {@code model}, {@code messages} (the config's system prompt
 * first when the conversation has none; assistant tool calls as {@code tool_calls}, tool results as {@code tool}
 * messages), {@code temperature}, {@code stream: false}, {@code max_completion_tokens} for api.openai.com (its
 * reasoning models reject {@code max_tokens}) and {@code max_tokens} elsewhere, {@code seed}, {@code tools} as
 * function tools (each parameters schema passed through as given) with {@code tool_choice} when set, {@code reasoning_effort}, and any extra
 * top-level fields (vLLM's {@code continue_final_message}).
 *
 * <p>This used to go through LangChain4j's {@code OpenAiChatModel}; a profile of the reward-hints
 * benchmark (issue 7) showed its request/response object mapping, and parsing every body twice (once by LangChain4j,
 * once raw for the fields it drops), to be about a quarter of the CPU per trajectory. The shape sent is the same
 * except that tool schemas keep {@code additionalProperties} and JSON is written compactly.
 */
final class ChatCompletionsWire {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private ChatCompletionsWire() {}

  /**
   * The request body. {@code extra} holds further top-level fields (written last, in order).
   *
   * @throws IllegalArgumentException when the request cannot be expressed (a tool message without a call id, a
   *     tool schema that is not a JSON object schema)
   */
  static String request(String modelName, boolean official, ModelRequest request, List<Message> messages, Map<String, Object> extra) {
    GenerateConfig cfg = request.config();
    List<JsonNode> schemas = new ArrayList<>(request.tools().size());
    for (ToolSpec t : request.tools()) schemas.add(schema(t));
    java.io.StringWriter w = new java.io.StringWriter(512);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.setCodec(JSON);
      g.writeStartObject();
      g.writeStringField("model", modelName);
      g.writeArrayFieldStart("messages");
      boolean hasSystem = false;
      for (Message m : messages) hasSystem |= m.role() == Role.SYSTEM;
      if (cfg.systemPrompt() != null && !hasSystem) message(g, "system", cfg.systemPrompt());
      for (Message m : messages) message(g, m);
      g.writeEndArray();
      if (cfg.temperature() != null) g.writeNumberField("temperature", cfg.temperature());
      g.writeBooleanField("stream", false);
      if (cfg.maxTokens() != null) g.writeNumberField(official ? "max_completion_tokens" : "max_tokens", cfg.maxTokens());
      if (cfg.seed() != null) g.writeNumberField("seed", cfg.seed());
      if (!schemas.isEmpty()) {
        g.writeArrayFieldStart("tools");
        for (int i = 0; i < schemas.size(); i++) {
          ToolSpec t = request.tools().get(i);
          g.writeStartObject();
          g.writeStringField("type", "function");
          g.writeObjectFieldStart("function");
          g.writeStringField("name", t.name());
          if (t.description() != null && !t.description().isBlank()) g.writeStringField("description", t.description());
          g.writeFieldName("parameters");
          g.writeTree(schemas.get(i));
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndArray();
        if (cfg.toolChoice() != null) g.writeStringField("tool_choice", cfg.toolChoice());
      }
      if (cfg.reasoningEffort() != null) g.writeStringField("reasoning_effort", cfg.reasoningEffort());
      for (var e : extra.entrySet()) {
        g.writeFieldName(e.getKey());
        g.writeObject(e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory: does not happen
    }
    return w.toString();
  }

  /** A legacy completions request body ({@code POST /completions}): model, prompt, max_tokens, temperature, seed. */
  static String completion(String modelName, String prompt, int maxTokens, Double temperature, Long seed) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", modelName);
    body.put("prompt", prompt);
    body.put("max_tokens", maxTokens);
    if (temperature != null) body.put("temperature", temperature);
    if (seed != null) body.put("seed", seed);
    return body.toString();
  }

  private static void message(JsonGenerator g, String role, String content) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", role);
    g.writeStringField("content", content);
    g.writeEndObject();
  }

  private static void message(JsonGenerator g, Message m) throws IOException {
    String text = m.content() == null ? "" : m.content();
    switch (m.role()) {
      case SYSTEM -> message(g, "system", text);
      case USER -> message(g, "user", text);
      case ASSISTANT -> {
        g.writeStartObject();
        g.writeStringField("role", "assistant");
        if (!text.isEmpty() || m.toolCalls().isEmpty()) g.writeStringField("content", text);
        if (!m.toolCalls().isEmpty()) {
          g.writeArrayFieldStart("tool_calls");
          for (ToolCall c : m.toolCalls()) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", c.name());
            g.writeStringField("arguments", c.argumentsJson() == null || c.argumentsJson().isBlank() ? "{}" : c.argumentsJson());
            g.writeEndObject();
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      case TOOL -> {
        String id = m.toolCallId();
        if (id == null || id.isBlank())
          throw new IllegalArgumentException("tool message without toolCallId: " + (text.length() <= 60 ? text : text.substring(0, 60) + "…"));
        g.writeStartObject();
        g.writeStringField("role", "tool");
        g.writeStringField("tool_call_id", id);
        g.writeStringField("content", text);
        g.writeEndObject();
      }
    }
  }

  /** A tool's parameters schema: the given JSON Schema object (type object), or an empty object schema. */
  private static JsonNode schema(ToolSpec t) {
    if (t.name() == null || t.name().isBlank()) throw new IllegalArgumentException("tool: name is empty");
    String json = t.parametersSchemaJson();
    ObjectNode out = JSON.createObjectNode();
    out.put("type", "object");
    if (json == null || json.isBlank()) {
      out.putObject("properties");
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("tool '" + t.name() + "': parameters schema is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || (root.has("type") && !"object".equals(root.path("type").asText())))
      throw new IllegalArgumentException("tool '" + t.name() + "': parameters schema must be a JSON Schema of type object");
    out.setAll((ObjectNode) root);
    if (!out.has("properties")) out.putObject("properties");
    return out;
  }

  /** The parsed response body. */
  static JsonNode parse(String body) throws JsonProcessingException {
    return JSON.readTree(body == null ? "" : body);
  }

  /** Tool calls of a response message ({@code tool_calls[].function}); arguments text as sent, "{}" when absent. */
  static List<ToolCall> toolCalls(JsonNode msg) {
    JsonNode calls = msg.path("tool_calls");
    if (!calls.isArray() || calls.isEmpty()) return List.of();
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (JsonNode c : calls) {
      JsonNode args = c.path("function").path("arguments");
      out.add(new ToolCall(c.path("id").asText(null), c.path("function").path("name").asText(null),
          args.isTextual() ? args.asText() : args.isMissingNode() || args.isNull() ? "{}" : args.toString()));
    }
    return out;
  }

  /** Token usage from {@code usage} (prompt, completion, reasoning from completion_tokens_details, total). */
  static Usage usage(JsonNode u) {
    if (!u.isObject()) return Usage.UNKNOWN;
    long in = u.path("prompt_tokens").asLong(-1);
    long out = u.path("completion_tokens").asLong(-1);
    long total = u.has("total_tokens") ? u.path("total_tokens").asLong(-1) : in >= 0 && out >= 0 ? in + out : -1;
    long reasoning = u.path("completion_tokens_details").has("reasoning_tokens")
        ? u.path("completion_tokens_details").path("reasoning_tokens").asLong(-1) : -1;
    return new Usage(in, out, reasoning, total);
  }

  /** A string field, or null when absent or not a string. */
  static String text(JsonNode n) {
    return n == null || !n.isTextual() ? null : n.asText();
  }
}
