package dev.candor.core;

import java.util.Map;

/**
 * One thing a solver recorded during a trajectory: an assistant turn ({@code assistant}), a tool call with its result
 * and the file changes it made ({@code tool_call}), or how the trajectory ended with the workspace's changes against
 * its seed ({@code end}). {@code data} is every field as recorded (type included), kept whole so nothing a solver or an
 * imported log wrote is lost; the accessors read the common ones.
 */
public record Event(Map<String, Object> data) {
  public static final String TOOL_CALL = "tool_call";

  public Event {
    data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
  }

  public String type() { return text("type"); }

  public boolean isToolCall() { return TOOL_CALL.equals(type()); }

  /** The tool call's id (tool calls). */
  public String callId() { return text("id"); }

  /** The tool's name (tool calls; imported logs may say {@code name}). */
  public String tool() { return text("tool").isEmpty() ? text("name") : text("tool"); }

  /** Whether the tool call ended in error. */
  public boolean toolError() { return Boolean.TRUE.equals(data.get("error")); }

  /** A field as text ("" when absent or null). */
  public String text(String field) {
    Object v = data.get(field);
    return v == null ? "" : v.toString();
  }
}
