package dev.candor.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.model.ToolCall;
import dev.candor.model.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools and simulated workspace of one trajectory. {@link #execute} runs one model tool call and returns the
 * event to record: {@code type=tool_call}, {@code turn}, {@code id}, {@code tool}, {@code arguments} (the JSON text
 * the model sent), {@code result}, {@code error} (true when the call failed), {@code diff} (unified diff of the
 * files it changed, or empty), plus tool data such as {@code checker}/{@code passed}, and {@code final_answer} for
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

  public Map<String, Object> execute(ToolCall call, int turn) {
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("type", "tool_call");
    ev.put("turn", turn);
    ev.put("id", call.id() == null ? "" : call.id());
    ev.put("tool", call.name());
    String argText = call.argumentsJson() == null || call.argumentsJson().isBlank() ? "{}" : call.argumentsJson();
    ev.put("arguments", argText);
    Tool tool = tools.get(call.name());
    Map<String, String> before = workspace.snapshot();
    String result;
    boolean error = false;
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
          ev.putAll(r.data());
          if (r.finalAnswer() != null) ev.put("final_answer", r.finalAnswer());
        } catch (IllegalArgumentException e) {
          result = "Error: " + e.getMessage();
          error = true;
        }
      }
    }
    ev.put("result", result);
    ev.put("error", error);
    ev.put("diff", Workspace.diff(before, workspace.snapshot()));
    return ev;
  }
}
