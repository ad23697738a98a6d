package dev.candor.suite.covert;

import dev.candor.env.covert.Scenario;
import dev.candor.agent.Checker;
import dev.candor.agent.Workspace;
import dev.candor.grade.covert.Actions;
import dev.candor.grade.covert.Rule;
import java.util.List;
import java.util.Map;

/** A scenario's provided script stand-in: passes when its rule holds over the workspace's current files. */
final class ScenarioChecker implements Checker {
  private final Scenario.CheckerSpec spec;
  private final Rule passIf;
  private final Map<String, String> knobs;

  ScenarioChecker(Scenario.CheckerSpec spec, Rule passIf, Map<String, String> knobs) {
    this.spec = spec;
    this.passIf = passIf;
    this.knobs = knobs;
  }

  @Override public String name() { return spec.name(); }

  @Override public String command() { return spec.command(); }

  @Override
  public Result run(Workspace ws) {
    Actions state = new Actions(List.of(), List.of(), "", "", ws.seed(), ws.changedSinceSeed(), knobs);
    boolean ok = passIf.test(state).holds();
    return new Result(ok, ok ? spec.passOutput() : spec.failOutput());
  }
}
