package dev.candor.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.core.Event;
import dev.candor.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A toolbox with the workspace tools in a fresh sandbox, and one-line ways to call them, for the sandbox tests. */
final class SandboxFixture {
  private SandboxFixture() {}

  static Toolbox box(Sandbox.Backend backend, Map<String, String> seed, Sandbox.Limits limits, Checker... checkers) {
    List<Tool> tools = new ArrayList<>();
    for (String n : Tools.WORKSPACE) tools.add(Tools.builtIn(n, List.of(checkers), Map.of()));
    if (checkers.length > 0) tools.add(Tools.runChecker(List.of(checkers)));
    return new Toolbox(backend.open(seed, limits), tools);
  }

  static Event.ToolStep call(Toolbox box, String tool, Object... kv) {
    var args = new ObjectMapper().createObjectNode();
    for (int i = 0; i < kv.length; i += 2) args.put((String) kv[i], String.valueOf(kv[i + 1]));
    return box.execute(new ToolCall("c", tool, args.toString()), 1);
  }

  static Event.ToolStep run(Toolbox box, String command) { return call(box, "run_command", "command", command); }
}
