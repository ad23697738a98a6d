package dev.candor.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.model.ToolSpec;

/**
 * One tool a model may call inside a {@link ToolLoop}: its spec (name, description, JSON Schema) and what calling it
 * does to the simulated world. Tools act only on the {@link Workspace} and on scripted data; they never touch the
 * host. Bad arguments are reported to the model by throwing IllegalArgumentException with a readable message.
 */
public interface Tool {
  ToolSpec spec();

  default String name() { return spec().name(); }

  ToolResult call(JsonNode arguments, Workspace workspace);
}
