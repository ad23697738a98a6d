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
 * The tools and sandbox of one trajectory. {@link #execute} runs one model tool call and returns the
 * {@link Event.ToolStep} to record: the turn, the call's id ("" when the model gave none), the tool, the arguments
 * (the JSON text the model sent, {@code {}} when blank), the result, whether the call failed, what it changed in the
 * workspace (a {@link Snapshot#diff} of the snapshots before and after it, whatever made the change: a file tool, a
 * command, a checker), the tool's data such as {@code exit_code} and {@code checker}/{@code passed}, and the final
 * answer for {@code submit}. {@link #close()} closes the sandbox.
 */
public final class Toolbox implements AutoCloseable {
  private final Sandbox sandbox;
  private final Map<String, Tool> tools = new LinkedHashMap<>();
  private final Snapshot seed;
  private Snapshot last;

  /** Takes ownership of {@code sandbox}: closing the toolbox closes it. */
  public Toolbox(Sandbox sandbox, List<Tool> tools) {
    this.sandbox = sandbox;
    for (Tool t : tools) {
      if (this.tools.put(t.name(), t) != null) {
        sandbox.close();
        throw new IllegalArgumentException("tools: duplicate tool name '" + t.name() + "'");
      }
    }
    this.seed = sandbox.workspace().snapshot();
    this.last = seed;
  }

  public Sandbox sandbox() { return sandbox; }

  /** The unified diff of every change since seeding (see {@link Snapshot#diff}); empty when nothing changed. */
  public String diffAgainstSeed() { return Snapshot.diff(seed, last); }

  /** Paths whose content differs from the seed, mapped to the content now (null when gone). */
  public Map<String, String> changedSinceSeed() { return Snapshot.changes(seed, last); }

  @Override public void close() { sandbox.close(); }

  public List<ToolSpec> specs() { return tools.values().stream().map(Tool::spec).toList(); }

  public Event.ToolStep execute(ToolCall call, int turn) {
    String argText = call.argumentsJson() == null || call.argumentsJson().isBlank() ? "{}" : call.argumentsJson();
    Tool tool = tools.get(call.name());
    Snapshot before = last;
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
          ToolResult r = tool.call(args, sandbox);
          result = r.text();
          data = r.data();
          finalAnswer = r.finalAnswer();
          error = r.failed();
        } catch (IllegalArgumentException e) {
          result = "Error: " + e.getMessage();
          error = true;
        }
      }
    }
    last = sandbox.workspace().snapshot();
    return new Event.ToolStep(turn, call.id() == null ? "" : call.id(), call.name(), argText, result, error,
        Snapshot.diff(before, last), finalAnswer, false, data);
  }
}
