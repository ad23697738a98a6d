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

  /** A JSON array of objects as maps (null when {@code node} is null, missing or JSON null). */
  public static List<Map<String, Object>> maps(com.fasterxml.jackson.databind.JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : MAPPER.convertValue(node, new TypeReference<List<Map<String, Object>>>() {});
  }

}
