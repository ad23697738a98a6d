package dev.candor.agent;

import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.ToolCall;
import dev.candor.model.Usage;
import dev.candor.testing.Outputs;
import java.util.ArrayList;
import java.util.List;

/** A fake tool-calling model for tests: answers each turn with the next scripted output; records every request. */
public final class ScriptedModel implements Model {
  /** One scripted turn. */
  public record Turn(String text, String reasoning, List<ToolCall> calls, long tokens) {}

  private final List<Turn> turns;
  private final List<ModelRequest> requests = new ArrayList<>();
  private int next;

  public ScriptedModel(List<Turn> turns) { this.turns = List.copyOf(turns); }

  public static Turn call(String tool, String argsJson) {
    return new Turn(null, null, List.of(new ToolCall("c" + System.identityHashCode(argsJson) + tool, tool, argsJson)), 10);
  }

  public static Turn say(String text) { return new Turn(text, null, List.of(), 10); }

  public List<ModelRequest> requests() { return requests; }

  @Override public String spec() { return "scripted/test"; }

  @Override public boolean supportsTools() { return true; }

  @Override
  public synchronized Output generate(ModelRequest request) throws ModelException {
    requests.add(request);
    if (next >= turns.size()) throw new ModelException("script exhausted after " + turns.size() + " turns", false);
    Turn t = turns.get(next++);
    return Outputs.text(t.text()).reasoning(t.reasoning()).toolCalls(t.calls()).usage(new Usage(t.tokens() / 2, t.tokens() / 2, -1, t.tokens()))
        .finishReason(t.calls().isEmpty() ? "stop" : "tool_calls").build();
  }
}
