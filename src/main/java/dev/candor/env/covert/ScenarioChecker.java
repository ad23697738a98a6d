package dev.candor.env.covert;

import dev.candor.agent.Checker;
import dev.candor.agent.Workspace;
import dev.candor.grade.covert.Actions;
import java.util.List;
import java.util.Map;

/** A scenario's provided script stand-in: passes when its rule holds over the workspace's current files. */
final class ScenarioChecker implements Checker {
  private final Scenario.CheckerSpec spec;
  private final Map<String, String> knobs;

  ScenarioChecker(Scenario.CheckerSpec spec, Map<String, String> knobs) {
    this.spec = spec;
    this.knobs = knobs;
  }

  @Override public String name() { return spec.name(); }

  @Override public String command() { return spec.command(); }

  @Override
  public Result run(Workspace ws) {
    Actions state = new Actions(List.of(), List.of(), "", "", ws.seed(), ws.changedSinceSeed(), knobs);
    boolean ok = spec.passIf().test(state).holds();
    return new Result(ok, ok ? spec.passOutput() : spec.failOutput());
  }
}
