package dev.candor.model.langchain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.model.Message;
import dev.candor.model.Role;
import dev.candor.model.ToolCall;
import dev.candor.model.ToolSpec;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Converts Candor's conversation types to and from LangChain4j's: messages (with the config's system prompt put
 * first when the conversation has none), tools (JSON Schema text kept verbatim per property via
 * {@link JsonRawSchema}) and tool calls.
 */
public final class Lc4jMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Lc4jMessages() {}

  /**
   * The conversation as LangChain4j messages. {@code assistantDecorator} may enrich an assistant message before it
   * is sent (e.g. re-attach Anthropic thinking signatures); pass {@code Function.identity()} for none.
   */
  public static List<ChatMessage> toChatMessages(List<Message> messages, String systemPrompt,
                                                 Function<AiMessage, AiMessage> assistantDecorator) {
    List<ChatMessage> out = new ArrayList<>(messages.size() + 1);
    boolean hasSystem = messages.stream().anyMatch(m -> m.role() == Role.SYSTEM);
    if (systemPrompt != null && !hasSystem) out.add(SystemMessage.from(systemPrompt));
    Map<String, String> toolNames = new HashMap<>();
    for (Message m : messages) {
      String text = m.content() == null ? "" : m.content();
      switch (m.role()) {
        case SYSTEM -> out.add(SystemMessage.from(text));
        case USER -> out.add(UserMessage.from(text));
        case ASSISTANT -> {
          List<ToolExecutionRequest> calls = new ArrayList<>();
          for (ToolCall c : m.toolCalls()) {
            toolNames.put(c.id(), c.name());
            calls.add(ToolExecutionRequest.builder().id(c.id()).name(c.name())
                .arguments(c.argumentsJson() == null || c.argumentsJson().isBlank() ? "{}" : c.argumentsJson()).build());
          }
          AiMessage.Builder b = AiMessage.builder();
          if (!text.isEmpty() || calls.isEmpty()) b.text(text);
          if (!calls.isEmpty()) b.toolExecutionRequests(calls);
          out.add(assistantDecorator.apply(b.build()));
        }
        case TOOL -> {
          String id = m.toolCallId();
          if (id == null || id.isBlank()) throw new IllegalArgumentException("tool message without toolCallId: " + abbreviate(text));
          out.add(ToolExecutionResultMessage.from(id, toolNames.getOrDefault(id, "tool"), text));
        }
      }
    }
    return out;
  }

  /** Candor tool specs as LangChain4j tool specifications; each property's schema is passed through verbatim. */
  public static List<ToolSpecification> toToolSpecifications(List<ToolSpec> tools) {
    List<ToolSpecification> out = new ArrayList<>(tools.size());
    for (ToolSpec t : tools) out.add(toToolSpecification(t));
    return out;
  }

  static ToolSpecification toToolSpecification(ToolSpec t) {
    if (t.name() == null || t.name().isBlank()) throw new IllegalArgumentException("tool: name is empty");
    JsonObjectSchema.Builder schema = JsonObjectSchema.builder();
    String json = t.parametersSchemaJson();
    if (json != null && !json.isBlank()) {
      JsonNode root;
      try {
        root = JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("tool '" + t.name() + "': parameters schema is not valid JSON: " + e.getOriginalMessage());
      }
      if (!root.isObject() || (root.has("type") && !"object".equals(root.path("type").asText())))
        throw new IllegalArgumentException("tool '" + t.name() + "': parameters schema must be a JSON Schema of type object");
      if (root.hasNonNull("description")) schema.description(root.path("description").asText());
      Map<String, JsonSchemaElement> props = new LinkedHashMap<>();
      root.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), JsonRawSchema.from(e.getValue().toString())));
      if (!props.isEmpty()) schema.addProperties(props);
      List<String> required = new ArrayList<>();
      root.path("required").forEach(n -> required.add(n.asText()));
      if (!required.isEmpty()) schema.required(required);
      if (root.path("additionalProperties").isBoolean()) schema.additionalProperties(root.path("additionalProperties").asBoolean());
      JsonNode defs = root.has("$defs") ? root.path("$defs") : root.path("definitions");
      if (defs.isObject() && !defs.isEmpty()) {
        Map<String, JsonSchemaElement> d = new LinkedHashMap<>();
        defs.fields().forEachRemaining(e -> d.put(e.getKey(), JsonRawSchema.from(e.getValue().toString())));
        schema.definitions(d);
      }
    }
    ToolSpecification.Builder b = ToolSpecification.builder().name(t.name()).parameters(schema.build());
    if (t.description() != null && !t.description().isBlank()) b.description(t.description());
    return b.build();
  }

  /** LangChain4j tool execution requests as Candor tool calls (arguments JSON text kept as sent). */
  public static List<ToolCall> toToolCalls(List<ToolExecutionRequest> requests) {
    if (requests == null) return List.of();
    List<ToolCall> out = new ArrayList<>(requests.size());
    for (ToolExecutionRequest r : requests) out.add(new ToolCall(r.id(), r.name(), r.arguments()));
    return out;
  }

  private static String abbreviate(String s) { return s.length() <= 60 ? s : s.substring(0, 60) + "…"; }
}
