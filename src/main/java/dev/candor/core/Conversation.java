package dev.candor.core;

import dev.candor.Json;
import dev.candor.model.Message;
import java.util.List;
import java.util.Map;

/** A conversation in the stored shape split into typed messages and, by index, each message's extra fields. */
public record Conversation(List<Message> messages, List<Map<String, Object>> extras) {
  private static final java.util.Set<String> MESSAGE_FIELDS = java.util.Set.of("role", "content", "reasoning", "toolCalls", "toolCallId");

  /**
   * Reads messages in the stored shape ({@link Message}'s fields, plus any an interchange format gave
   * them, such as an Inspect id or reasoning signature); null stays null. {@code extras} is empty when no message has any.
   */
  public static Conversation of(List<Map<String, Object>> stored) {
    if (stored == null) return new Conversation(null, List.of());
    List<Message> messages = new java.util.ArrayList<>(stored.size());
    List<Map<String, Object>> extras = new java.util.ArrayList<>(stored.size());
    boolean any = false;
    for (Map<String, Object> m : stored) {
      messages.add(Json.MAPPER.convertValue(m, Message.class));
      Map<String, Object> extra = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> { if (!MESSAGE_FIELDS.contains(k)) extra.put(k, v); });
      any |= !extra.isEmpty();
      extras.add(extra.isEmpty() ? null : extra);
    }
    return new Conversation(messages, any ? extras : List.of());
  }
}
