package dev.candor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/** The one Jackson mapper Candor stores and exports with (sorted map keys, so stored JSON is stable). */
public final class Json {
  /** Its parsers and generators share one buffer pool ({@link Jackson}: each trajectory is stored on a thread of its own). */
  public static final ObjectMapper MAPPER = Jackson.sharedBufferMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      // Inspect writes NaN (a bare token) for unscored values
      .configure(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature(), true)
      .findAndRegisterModules();

  private Json() {}

  public static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  public static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse: " + e.getOriginalMessage(), e);
    }
  }

  public static Map<String, String> stringMap(String json) {
    return json == null ? Map.of() : read(json, new TypeReference<Map<String, String>>() {});
  }

  public static Map<String, Object> objectMap(String json) {
    return json == null ? Map.of() : read(json, new TypeReference<Map<String, Object>>() {});
  }

  public static List<String> stringList(String json) {
    return json == null ? List.of() : read(json, new TypeReference<List<String>>() {});
  }

  /** A conversation in the stored shape split into typed messages and, by index, each message's extra fields. */
  public record Conversation(List<dev.candor.model.Message> messages, List<Map<String, Object>> extras) {}

  private static final java.util.Set<String> MESSAGE_FIELDS = java.util.Set.of("role", "content", "reasoning", "toolCalls", "toolCallId");

  /**
   * Reads messages in the stored shape ({@link dev.candor.model.Message}'s fields, plus any an interchange format gave
   * them, such as an Inspect id or reasoning signature); null stays null. {@code extras} is empty when no message has any.
   */
  public static Conversation conversation(List<Map<String, Object>> stored) {
    if (stored == null) return new Conversation(null, List.of());
    List<dev.candor.model.Message> messages = new java.util.ArrayList<>(stored.size());
    List<Map<String, Object>> extras = new java.util.ArrayList<>(stored.size());
    boolean any = false;
    for (Map<String, Object> m : stored) {
      messages.add(MAPPER.convertValue(m, dev.candor.model.Message.class));
      Map<String, Object> extra = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> { if (!MESSAGE_FIELDS.contains(k)) extra.put(k, v); });
      any |= !extra.isEmpty();
      extras.add(extra.isEmpty() ? null : extra);
    }
    return new Conversation(messages, any ? extras : List.of());
  }

  /** A JSON array of objects as maps (null when {@code node} is null, missing or JSON null). */
  public static List<Map<String, Object>> maps(com.fasterxml.jackson.databind.JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : MAPPER.convertValue(node, new TypeReference<List<Map<String, Object>>>() {});
  }

}
