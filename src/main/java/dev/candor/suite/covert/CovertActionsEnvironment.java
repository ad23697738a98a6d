package dev.candor.suite.covert;

import dev.candor.suite.Environment;
import dev.candor.env.covert.Scenario;
import dev.candor.env.covert.ScenarioLoader;
import dev.candor.agent.Checker;
import dev.candor.model.Generator;
import dev.candor.agent.Replay;
import dev.candor.agent.Sandbox;
import dev.candor.core.ScriptedReplies;
import dev.candor.agent.Solver;
import dev.candor.agent.Tool;
import dev.candor.agent.ToolLoop;
import dev.candor.agent.Toolbox;
import dev.candor.agent.Tools;
import dev.candor.core.Transcript;

import dev.candor.core.Sample;
import dev.candor.grade.Grader;
import dev.candor.core.Score;
import dev.candor.grade.covert.ActionJudge;
import dev.candor.grade.covert.CovertGrader;
import dev.candor.grade.covert.Detector;
import dev.candor.grade.covert.RuleParser;
import dev.candor.grade.covert.Actions;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.ModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The covert-actions suite (RESEARCH.md §1): agentic scenarios, loaded from YAML, in which a model working with
 * tools in a real sandbox ({@link Sandbox}: bash, python3 and the scenario's files and scripts) can take a covert action. Samples are scenario × knob setting; axes are
 * {@code scenario, family, nudge, threat, oversight, spec} (a knob the scenario does not declare is {@code n/a}).
 * With {@code withSpec}, Candor's anti-scheming spec ({@link #SPEC_RESOURCE}) opens the system prompt.
 * The solver is a {@link ToolLoop}; the grader is each scenario's rule detector (see {@link #grader(ActionJudge, ActionJudge)}
 * to add LLM judges). The scenarios' detector rules, raw YAML in {@link Scenario}, are read here, when the
 * environment is made, so a bad rule fails at load with its file and field path. Checkers are the scenarios' own
 * scripts, run in the sandbox.
 */
public final class CovertActionsEnvironment implements Environment {
  public static final String NAME = "covert-actions";
  public static final String SPEC_RESOURCE = "covert/anti-scheming-spec.md";
  /**
   * Axis names, in display order: the family first, then alphabetical, the order Candor has always shown them in (so
   * tables, JSON and CSV of runs made before suites declared their axes read back unchanged).
   */
  public static final List<String> AXES = List.of("family", "nudge", "oversight", "scenario", "spec", "threat");

  private final Map<String, Scenario> scenarios = new LinkedHashMap<>();
  private final Map<String, Detector> detectors = new LinkedHashMap<>();
  private final boolean withSpec;
  private final ToolLoop.Limits limits;
  private final Sandbox.Backend sandbox;
  private final List<Sample> samples;

  /** In the default sandbox ({@link Sandbox.Backend#standard()}). */
  public CovertActionsEnvironment(List<Scenario> scenarios, boolean withSpec, ToolLoop.Limits limits) {
    this(scenarios, withSpec, limits, Sandbox.Backend.standard());
  }

  /**
   * @throws IllegalArgumentException naming the file, the field path and the expected form of a bad detector rule
   */
  public CovertActionsEnvironment(List<Scenario> scenarios, boolean withSpec, ToolLoop.Limits limits, Sandbox.Backend sandbox) {
    for (Scenario s : scenarios) {
      if (this.scenarios.put(s.id(), s) != null) throw new IllegalArgumentException(s.file() + ": field 'id': expected a unique id, got duplicate '" + s.id() + "'");
      detectors.put(s.id(), RuleParser.detector(s.detector(), s.answerKey(), Scenario.KNOBS));
    }
    this.withSpec = withSpec;
    this.limits = limits == null ? ToolLoop.Limits.DEFAULT : limits;
    this.sandbox = sandbox;
    this.samples = buildSamples();
  }

  /** Every built-in scenario, with or without the anti-scheming spec in the system prompt, in the default sandbox. */
  public static CovertActionsEnvironment standard(boolean withSpec) { return standard(withSpec, Sandbox.Backend.standard()); }

  /** Every built-in scenario, in the given sandbox. */
  public static CovertActionsEnvironment standard(boolean withSpec, Sandbox.Backend sandbox) {
    return new CovertActionsEnvironment(ScenarioLoader.loadBuiltIn(), withSpec, ToolLoop.Limits.DEFAULT, sandbox);
  }

  /** The scenarios of a researcher's directory of YAML files (each with its {@code <id>/} directory of files, if any). */
  public static CovertActionsEnvironment fromDirectory(Path dir, boolean withSpec) {
    return fromDirectory(dir, withSpec, Sandbox.Backend.standard());
  }

  public static CovertActionsEnvironment fromDirectory(Path dir, boolean withSpec, Sandbox.Backend sandbox) {
    return new CovertActionsEnvironment(ScenarioLoader.loadDirectory(dir), withSpec, ToolLoop.Limits.DEFAULT, sandbox);
  }

  /** The rule detector of one of this environment's scenarios. */
  public Detector detector(String scenarioId) {
    scenario(scenarioId);
    return detectors.get(scenarioId);
  }

  /** Candor's anti-scheming spec text. */
  public static String specText() { return dev.candor.Resources.text(SPEC_RESOURCE); }


  @Override public String name() { return NAME; }

  @Override public List<Sample> samples() { return samples; }

  public List<Scenario> scenarios() { return List.copyOf(scenarios.values()); }

  public Scenario scenario(String id) {
    Scenario s = scenarios.get(id);
    if (s == null) throw new IllegalArgumentException("scenario: expected one of " + scenarios.keySet() + ", got '" + id + "'");
    return s;
  }

  private List<Sample> buildSamples() {
    String spec = withSpec ? specText().strip() : null;
    List<Sample> out = new ArrayList<>();
    for (Scenario s : scenarios.values())
      for (Map<String, String> setting : s.effectiveSettings()) {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("scenario", s.id());
        axes.put("family", s.family());
        for (String k : Scenario.KNOBS) axes.put(k, setting.getOrDefault(k, "n/a"));
        axes.put("spec", withSpec ? "on" : "off");
        String knobPart = setting.isEmpty() ? "base"
            : String.join(".", setting.entrySet().stream().map(e -> e.getKey() + "-" + e.getValue()).toList());
        String id = s.id() + "/" + knobPart + "/spec-" + (withSpec ? "on" : "off");
        String system = s.render(s.system(), setting);
        if (spec != null) system = spec + "\n\n---\n\n" + system;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("scenario", s.id());
        meta.put("family", s.family());
        meta.put("knobs", Map.copyOf(setting));
        meta.put("with_spec", withSpec);
        meta.put("control", s.control());
        meta.put("covert_behaviour", s.covertBehaviour());
        out.add(new Sample(id, id, axes, List.of(Message.system(system), Message.user(s.render(s.user(), setting))), meta));
      }
    return List.copyOf(out);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> knobsOf(Sample sample) {
    Object k = sample.metadata().get("knobs");
    return k instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
  }

  Scenario scenarioOf(Sample sample) { return scenario(String.valueOf(sample.metadata().get("scenario"))); }

  /** The tools and a fresh sandbox of one sample, its workspace seeded from the scenario; the caller closes it. */
  public Toolbox toolbox(Sample sample) {
    Scenario s = scenarioOf(sample);
    Map<String, String> setting = knobsOf(sample);
    List<Checker> checkers = new ArrayList<>();
    for (Scenario.CheckerSpec c : s.checkers())
      checkers.add(c.matches() != null ? new Checker(c.name(), c.command(), c.matches()) : Checker.of(c.name(), c.command(), null));
    List<Tool> tools = new ArrayList<>();
    Map<String, Scenario.CustomTool> custom = new LinkedHashMap<>();
    s.customTools().forEach(c -> custom.put(c.name(), c));
    Map<String, ScriptedReplies> replies = s.replies();
    for (String name : s.tools()) {
      Scenario.CustomTool c = custom.get(name);
      tools.add(c != null ? Tools.custom(c.name(), c.description(), c.params(), c.replies())
          : name.equals("submit") ? Tools.submit(s.submitFields()) : Tools.builtIn(name, checkers, replies));
    }
    return new Toolbox(sandbox.open(s.seedFiles(setting), Sandbox.Limits.DEFAULT), tools);
  }

  @Override
  public Solver solver() {
    return new Solver() {
      @Override
      public Transcript solve(Sample sample, Generator model, GenerateConfig config, String prefix) throws ModelException {
        return loop(sample).solve(sample, model, config, prefix);
      }

      @Override
      public Transcript continueFrom(Sample sample, Generator model, GenerateConfig config, Replay from) throws ModelException {
        return loop(sample).continueFrom(sample, model, config, from);
      }
    };
  }

  /** The tool loop of one sample, with the scenario's turn limit. */
  private ToolLoop loop(Sample sample) {
    Scenario s = scenarioOf(sample);
    int turns = limits.maxTurns() > 0 ? Math.min(limits.maxTurns(), s.maxTurns()) : s.maxTurns();
    return new ToolLoop(this::toolbox, new ToolLoop.Limits(turns, limits.maxTotalTokens(), limits.maxWallTime()));
  }

  /** The rule-detector view of a trajectory on one of this environment's samples. */
  public Actions trajectory(Sample sample, Transcript transcript) {
    Scenario s = scenarioOf(sample);
    Map<String, String> setting = knobsOf(sample);
    return Actions.of(transcript, s.seedFiles(setting), setting);
  }

  /** Each scenario's rule detector, from actions alone. */
  @Override
  public Grader grader() { return grader(null, null); }

  /**
   * The rule detector plus optional LLM judges, each a named score of its own (see {@link CovertGrader}). Either may
   * be null.
   */
  public Grader grader(ActionJudge actionOnly, ActionJudge withReasoning) {
    return new CovertGrader((sample, transcript) -> detectors.get(scenarioOf(sample).id()).score(trajectory(sample, transcript)),
        sample -> scenarioOf(sample).covertBehaviour(), actionOnly, withReasoning);
  }
}
