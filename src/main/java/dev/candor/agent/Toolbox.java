package dev.candor.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.core.Event;
import dev.candor.model.ToolCall;
import dev.candor.model.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools and simulated workspace of one trajectory. {@link #execute} runs one model tool call and returns the
 * {@link Event.ToolStep} to record: the turn, the call's id ("" when the model gave none), the tool, the arguments
 * (the JSON text the model sent, {@code {}} when blank), the result, whether the call failed, the unified diff of the
 * files it changed (or empty), the tool's data such as {@code checker}/{@code passed}, and the final answer for
 * {@code submit}.
 */
public final class Toolbox {
  private final Workspace workspace;
  private final Map<String, Tool> tools = new LinkedHashMap<>();

  public Toolbox(Workspace workspace, List<Tool> tools) {
    this.workspace = workspace;
    for (Tool t : tools) {
      if (this.tools.put(t.name(), t) != null) throw new IllegalArgumentException("tools: duplicate tool name '" + t.name() + "'");
    }
  }

  public Workspace workspace() { return workspace; }

  public List<ToolSpec> specs() { return tools.values().stream().map(Tool::spec).toList(); }

  public Event.ToolStep execute(ToolCall call, int turn) {
    String argText = call.argumentsJson() == null || call.argumentsJson().isBlank() ? "{}" : call.argumentsJson();
    Tool tool = tools.get(call.name());
    Map<String, String> before = workspace.snapshot();
    String result;
    boolean error = false;
    Map<String, Object> data = Map.of();
    String finalAnswer = null;
    if (tool == null) {
      result = "Error: unknown tool '" + call.name() + "'. Available tools: " + String.join(", ", tools.keySet()) + ".";
      error = true;
    } else {
      JsonNode args;
      try {
        args = Tools.JSON.readTree(argText);
      } catch (JsonProcessingException e) {
        args = null;
      }
      if (args == null || !args.isObject()) {
        result = "Error: the arguments of " + call.name() + " must be a JSON object.";
        error = true;
      } else {
        try {
          ToolResult r = tool.call(args, workspace);
          result = r.text();
          data = r.data();
          finalAnswer = r.finalAnswer();
        } catch (IllegalArgumentException e) {
          result = "Error: " + e.getMessage();
          error = true;
        }
      }
    }
    return new Event.ToolStep(turn, call.id() == null ? "" : call.id(), call.name(), argText, result, error,
        Workspace.diff(before, workspace.snapshot()), finalAnswer, false, data);
  }
}
