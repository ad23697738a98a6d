package dev.candor.model;

/** A tool call the model asked for: its id (as the provider named it), the tool name and the JSON arguments text. */
public record ToolCall(String id, String name, String argumentsJson) {}
