package dev.candor.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.model.ToolSpec;

/**
 * One tool a model may call inside a {@link ToolLoop}: its spec (name, description, JSON Schema) and what calling it
 * does. Workspace tools act on the trajectory's {@link Sandbox} (its workspace, or a command in it); scenario tools
 * answer from scripted data. Bad arguments are reported to the model by throwing IllegalArgumentException with a
 * readable message.
 */
public interface Tool {
  ToolSpec spec();

  default String name() { return spec().name(); }

  ToolResult call(JsonNode arguments, Sandbox sandbox);
}
