package dev.candor.suite.covert;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.agent.Sandbox;
import dev.candor.agent.Solver;
import dev.candor.core.Sample;
import dev.candor.env.covert.Scenario;
import dev.candor.grade.Grader;
import dev.candor.grade.covert.ActionJudge;
import dev.candor.grade.covert.CovertGrader;
import dev.candor.model.GenerateConfig;
import dev.candor.suite.Capability;
import dev.candor.suite.DataHash;
import dev.candor.suite.Environment;
import dev.candor.suite.Suite;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The covert-actions suite: agentic scenarios in a real sandbox ({@link CovertActionsEnvironment}), graded by
 * each scenario's rule detector and, optionally, LLM judges. Its data hash covers every scenario file it loaded and the
 * files of each scenario's directory, the sandbox (backend and the versions of bash, python3 and coreutils), the
 * anti-scheming spec when it is in the prompt, the judges' rubric when there is a judge, and the headline policy when
 * it is not the rule's ({@link CovertGrader.Headline}). The run records the headline scorer's name and each judge's
 * rubric version ({@link dev.candor.core.SuiteInfo}).
 */
public final class CovertActionsSuite implements Suite {
  @Override public String name() { return CovertActionsEnvironment.NAME; }
  @Override public String version() { return "2"; } // 2: sample ids and axes no longer carry the spec
  @Override public String outcome() { return "covert"; }
  @Override public List<String> axes() { return CovertActionsEnvironment.AXES; }
  @Override public List<String> scorers() { return List.of("rule", "judge-action-only", "judge-with-reasoning"); }
  @Override public Set<Capability> capabilities() { return EnumSet.of(Capability.PREFILL, Capability.JUDGED); }

  @Override
  public Opened open(Arguments args) {
    if (args.variants() != null && !Files.isDirectory(args.variants()))
      throw InvalidSetting.of(Setting.VARIANTS, "for covert-actions, expected a folder of scenario YAML files, got '" + args.variants() + "'");
    Sandbox.Backend sandbox = sandbox(args.sandbox());
    CovertActionsEnvironment covert = args.variants() == null ? CovertActionsEnvironment.standard(args.withSpec(), sandbox)
        : CovertActionsEnvironment.fromDirectory(args.variants(), args.withSpec(), sandbox);
    Map<String, String> described = sandbox.describe();
    DataHash hash = new DataHash();
    for (Scenario s : covert.scenarios()) {
      hash.add("scenarios/" + s.file(), s.source());
      String dir = "scenarios/" + s.file().replaceFirst("\\.ya?ml$", "") + "/";
      s.scripts().forEach((path, text) -> hash.add(dir + path, text));
    }
    hash.add("sandbox", new java.util.TreeMap<>(described).toString()); // sorted: the same text in every JVM
    if (args.withSpec()) hash.add(CovertActionsEnvironment.SPEC_RESOURCE, CovertActionsEnvironment.specText());
    CovertGrader.Headline headline = CovertGrader.Headline.of(args.headline()); // the run's configuration checked it
    if (args.judge() == null && args.judgeWithReasoning() == null)
      return new Opened(covert, info(hash.sha256(), described, CovertGrader.RULES, Map.of()));
    hash.add(ActionJudge.RUBRIC_RESOURCE, ActionJudge.rubric());
    if (headline != CovertGrader.Headline.RULE) hash.add("headline", headline.key());
    var judgeSeed = GenerateConfig.DEFAULT.withSeed(args.seed()); // each call: derived from it and the prompt
    ActionJudge actionOnly = args.judge() == null ? null : new ActionJudge(args.judge(), false, judgeSeed);
    ActionJudge withReasoning = args.judgeWithReasoning() == null ? null : new ActionJudge(args.judgeWithReasoning(), true, judgeSeed);
    Grader judged = covert.grader(actionOnly, withReasoning, headline);
    Map<String, String> rubrics = new java.util.TreeMap<>();
    for (ActionJudge j : java.util.Arrays.asList(actionOnly, withReasoning)) if (j != null) rubrics.put(j.scorer(), ActionJudge.RUBRIC_VERSION);
    return new Opened(new Judged(covert, judged), info(hash.sha256(), described, judged.scorer(), rubrics));
  }

  /** The scenarios of an environment this suite opened (with or without judges). */
  public static CovertActionsEnvironment scenarios(Environment opened) {
    return opened instanceof Judged j ? j.covert() : (CovertActionsEnvironment) opened;
  }

  /** The covert-actions environment graded by {@code grader}: its rule detectors with LLM judges and a headline policy. */
  record Judged(CovertActionsEnvironment covert, Grader grader) implements Environment {
    @Override public String name() { return covert.name(); }
    @Override public List<Sample> samples() { return covert.samples(); }
    @Override public Solver solver() { return covert.solver(); }
  }

  /**
   * The backend named (null: the default), after checking it can run a command here.
   * @throws InvalidSetting naming the choices when it cannot
   */
  public static Sandbox.Backend sandbox(String name) {
    Sandbox.Backend b;
    try {
      b = name == null ? Sandbox.Backend.standard() : Sandbox.Backend.of(name);
    } catch (IllegalArgumentException e) {
      throw InvalidSetting.of(Setting.SANDBOX, e.getMessage());
    }
    String why = b.unavailable();
    if (why == null) return b;
    if (b == Sandbox.Backend.BWRAP)
      throw InvalidSetting.of(Setting.SANDBOX, "bwrap is not available (", why, "); install bubblewrap (apt install bubblewrap), or choose ",
          Setting.SANDBOX, " local inside a container that is itself the sandbox");
    throw InvalidSetting.of(Setting.SANDBOX, b.id(), " is not available (", why, ")");
  }
}
