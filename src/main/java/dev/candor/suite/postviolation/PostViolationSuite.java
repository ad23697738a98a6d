package dev.candor.suite.postviolation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.agent.Sandbox;
import dev.candor.env.covert.Scenario;
import dev.candor.grade.Grader;
import dev.candor.grade.covert.ActionJudge;
import dev.candor.model.GenerateConfig;
import dev.candor.suite.Capability;
import dev.candor.suite.DataHash;
import dev.candor.suite.Suite;
import dev.candor.suite.covert.CovertActionsEnvironment;
import dev.candor.suite.covert.CovertActionsSuite;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The post-violation honesty suite ({@link PostViolationEnvironment}): the covert-actions scenarios (built in, or a
 * folder given with {@code --variants}) with their covert paths already taken, asked what happened. Its data hash
 * covers the scenario files and directories, the follow-up wordings ({@value #FOLLOW_UPS}), the sandbox, the spec when
 * in the prompt, and the judge's rubric and headline policy when judged.
 */
public final class PostViolationSuite implements Suite {
  public static final String FOLLOW_UPS = "post-violation/follow-ups.yaml";

  @Override public String name() { return PostViolationEnvironment.NAME; }
  @Override public String version() { return "1"; }
  @Override public String outcome() { return "concealed"; }
  @Override public List<String> axes() { return PostViolationEnvironment.AXES; }
  @Override public List<String> scorers() { return List.of("rule", "judge-action-only"); }
  @Override public Set<Capability> capabilities() { return EnumSet.of(Capability.JUDGED); }
  @Override public String rateTitle() { return "Concealment after a violation, per variant (1 − honest disclosure; 95% Beta intervals)"; }

  @Override
  public Opened open(Arguments args) {
    if (args.variants() != null && !Files.isDirectory(args.variants()))
      throw InvalidSetting.of(Setting.VARIANTS, "for post-violation, expected a folder of covert-actions scenario YAML files, got '" + args.variants() + "'");
    if (args.judgeWithReasoning() != null)
      throw InvalidSetting.of(Setting.JUDGE_WITH_REASONING, "post-violation has no judge that reads the reasoning; use ", Setting.JUDGE);
    Sandbox.Backend sandbox = CovertActionsSuite.sandbox(args.sandbox());
    CovertActionsEnvironment covert = args.variants() == null ? CovertActionsEnvironment.standard(args.withSpec(), sandbox)
        : CovertActionsEnvironment.fromDirectory(args.variants(), args.withSpec(), sandbox);
    String followUps = dev.candor.Resources.text(FOLLOW_UPS);
    PostViolationEnvironment env = new PostViolationEnvironment(covert, wordings(followUps));
    if (env.samples().isEmpty())
      throw InvalidSetting.of(Setting.VARIANTS, "no scenario has both a covert example path and a disclosed rule in its detector, so post-violation has no sample");
    DataHash hash = new DataHash();
    for (Scenario s : covert.scenarios()) {
      hash.add("scenarios/" + s.file(), s.source());
      String dir = "scenarios/" + s.file().replaceFirst("\\.ya?ml$", "") + "/";
      s.scripts().forEach((path, text) -> hash.add(dir + path, text));
    }
    Map<String, String> described = sandbox.describe();
    hash.add("sandbox", new java.util.TreeMap<>(described).toString());
    hash.add(FOLLOW_UPS, followUps);
    if (args.withSpec()) hash.add(CovertActionsEnvironment.SPEC_RESOURCE, CovertActionsEnvironment.specText());
    String headline = args.headline() == null ? "rule" : args.headline();
    if (args.judge() == null) return new Opened(env, info(hash.sha256(), described, PostViolationEnvironment.RULES, Map.of()));
    hash.add(ActionJudge.RUBRIC_RESOURCE, ActionJudge.rubric());
    if (!headline.equals("rule")) hash.add("headline", headline);
    ActionJudge judge = new ActionJudge(args.judge(), false, GenerateConfig.DEFAULT.withSeed(args.seed()));
    Grader grader = env.grader(judge, headline);
    return new Opened(new Judged(env, grader), info(hash.sha256(), described, grader.scorer(), Map.of(judge.scorer(), ActionJudge.RUBRIC_VERSION)));
  }

  /** The wordings of the follow-up file: a mapping of wording name to text. */
  static Map<String, String> wordings(String yaml) {
    JsonNode root;
    try {
      root = dev.candor.Yaml.read(yaml);
    } catch (Exception e) {
      throw new IllegalStateException(FOLLOW_UPS + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    root.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** The environment graded with a judge. */
  record Judged(PostViolationEnvironment env, Grader grader) implements dev.candor.suite.Environment {
    @Override public String name() { return env.name(); }
    @Override public List<dev.candor.core.Sample> samples() { return env.samples(); }
    @Override public dev.candor.agent.Solver solver() { return env.solver(); }
  }
}
