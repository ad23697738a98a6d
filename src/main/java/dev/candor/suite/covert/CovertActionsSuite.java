package dev.candor.suite.covert;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.agent.Solver;
import dev.candor.core.Sample;
import dev.candor.env.covert.Scenario;
import dev.candor.grade.Grader;
import dev.candor.grade.covert.ActionJudge;
import dev.candor.model.GenerateConfig;
import dev.candor.suite.Capability;
import dev.candor.suite.DataHash;
import dev.candor.suite.Environment;
import dev.candor.suite.Suite;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The covert-actions suite: agentic scenarios in a simulated workspace ({@link CovertActionsEnvironment}), graded by
 * each scenario's rule detector and, optionally, LLM judges. Its data hash covers every scenario file it loaded, the
 * anti-scheming spec when it is in the prompt, and the judges' rubric when there is a judge.
 */
public final class CovertActionsSuite implements Suite {
  @Override public String name() { return CovertActionsEnvironment.NAME; }
  @Override public String version() { return "1"; }
  @Override public String outcome() { return "covert"; }
  @Override public List<String> axes() { return CovertActionsEnvironment.AXES; }
  @Override public List<String> scorers() { return List.of("rule", "judge-action-only", "judge-with-reasoning"); }
  @Override public Set<Capability> capabilities() { return EnumSet.of(Capability.PREFILL, Capability.JUDGED); }

  @Override
  public Opened open(Arguments args) {
    if (args.variants() != null && !Files.isDirectory(args.variants()))
      throw InvalidSetting.of(Setting.VARIANTS, "for covert-actions, expected a folder of scenario YAML files, got '" + args.variants() + "'");
    CovertActionsEnvironment covert = args.variants() == null ? CovertActionsEnvironment.standard(args.withSpec())
        : CovertActionsEnvironment.fromDirectory(args.variants(), args.withSpec());
    DataHash hash = new DataHash();
    for (Scenario s : covert.scenarios()) hash.add("scenarios/" + s.file(), s.source());
    if (args.withSpec()) hash.add(CovertActionsEnvironment.SPEC_RESOURCE, CovertActionsEnvironment.specText());
    if (args.judge() == null && args.judgeWithReasoning() == null) return new Opened(covert, info(hash.sha256()));
    hash.add(ActionJudge.RUBRIC_RESOURCE, ActionJudge.rubric());
    var judgeSeed = GenerateConfig.DEFAULT.withSeed(args.seed()); // each call: derived from it and the prompt
    ActionJudge actionOnly = args.judge() == null ? null : new ActionJudge(args.judge(), false, judgeSeed);
    ActionJudge withReasoning = args.judgeWithReasoning() == null ? null : new ActionJudge(args.judgeWithReasoning(), true, judgeSeed);
    Grader judged = covert.grader(actionOnly, withReasoning);
    return new Opened(new Environment() {
      @Override public String name() { return covert.name(); }
      @Override public List<Sample> samples() { return covert.samples(); }
      @Override public Solver solver() { return covert.solver(); }
      @Override public Grader grader() { return judged; }
    }, info(hash.sha256()));
  }
}
