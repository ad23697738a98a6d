package dev.candor.model;

import java.util.List;

/**
 * One message of a conversation. {@code reasoning} is the assistant's reasoning text where known
 * (kept so transcripts are complete; providers do not send it back unless they support that).
 * {@code toolCalls} are set on assistant messages; {@code toolCallId} on tool results.
 */
public record Message(Role role, String content, String reasoning, List<ToolCall> toolCalls, String toolCallId) {
  public Message {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static Message system(String text) { return new Message(Role.SYSTEM, text, null, List.of(), null); }
  public static Message user(String text) { return new Message(Role.USER, text, null, List.of(), null); }
  public static Message assistant(String text) { return new Message(Role.ASSISTANT, text, null, List.of(), null); }
  public static Message assistant(String text, String reasoning, List<ToolCall> calls) {
    return new Message(Role.ASSISTANT, text, reasoning, calls, null);
  }
  public static Message tool(String toolCallId, String result) { return new Message(Role.TOOL, result, null, List.of(), toolCallId); }
}
