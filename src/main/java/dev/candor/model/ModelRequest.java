package dev.candor.model;

import java.util.List;

/**
 * What a {@link Model} is asked: the conversation, the tools it may call, generation options, and an optional
 * reasoning prefix the model must continue from (prefill; only models whose {@link Model#supportsReasoningPrefill()}
 * is true accept it).
 */
public record ModelRequest(List<Message> messages, List<ToolSpec> tools, GenerateConfig config, String reasoningPrefix) {
  public ModelRequest {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    config = config == null ? GenerateConfig.DEFAULT : config;
  }

  public static ModelRequest of(List<Message> messages, GenerateConfig config) {
    return new ModelRequest(messages, List.of(), config, null);
  }
}
