package dev.candor.suite.covert;

import dev.candor.core.Sample;
import dev.candor.core.Score;
import dev.candor.core.Transcript;
import dev.candor.env.covert.Scenario;
import dev.candor.env.covert.ScenarioLoader;
import dev.candor.grade.Grader;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Generator;
import dev.candor.model.Message;
import dev.candor.model.ModelException;
import dev.candor.model.Output;
import dev.candor.model.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted trajectory graded as a model's would be ({@code candor grade}): its steps, in the format of a scenario's
 * example paths, are played as the model's turns through the suite's own solver (the same tool loop, toolbox and
 * workspace as a run) under each of the scenario's settings, and each transcript is graded by the scenario's rule
 * detector (the suite's headline scorer; the LLM judges need a model and are not run).
 */
public final class ScriptedTrajectory {
  private ScriptedTrajectory() {}

  /**
   * One setting's result: the sample, its knob setting (in the order nudge, threat, oversight), what the loop recorded,
   * and every score by name, the headline ({@code headline}) first.
   */
  public record Graded(Sample sample, Map<String, String> knobs, Transcript transcript, String headline, Map<String, Score> scores) {}

  /**
   * Parses {@code text} (YAML or JSON: a list of steps, or {@code {steps: [...]}}; {@code file} names it in errors) against
   * the tools of scenario {@code scenarioId}, then plays and grades it under each of the scenario's settings.
   *
   * @throws IllegalArgumentException a one-line message naming the file and field of a malformed step, or the step
   *     whose {@code submit} call failed and so did not end the trajectory
   */
  public static List<Graded> grade(CovertActionsEnvironment env, String scenarioId, String text, String file) {
    Scenario scenario = env.scenario(scenarioId);
    return grade(env, scenarioId, ScenarioLoader.steps(text, file, scenario.tools()), file, knobs -> true);
  }

  /** Plays parsed {@code steps} and grades them under each of the scenario's settings that {@code settings} accepts. */
  public static List<Graded> grade(CovertActionsEnvironment env, String scenarioId, List<Scenario.Step> steps, String file,
                                   java.util.function.Predicate<Map<String, String>> settings) {
    return grade(env, env.grader(), scenarioId, steps, file, settings);
  }

  /** As above, graded by {@code grader} (e.g. the rule detector with an LLM judge and a headline policy). */
  public static List<Graded> grade(CovertActionsEnvironment env, Grader grader, String scenarioId, List<Scenario.Step> steps, String file,
                                   java.util.function.Predicate<Map<String, String>> settings) {
    List<Graded> out = new ArrayList<>();
    for (Sample sample : env.samples()) {
      if (!scenarioId.equals(sample.metadata().get("scenario"))) continue;
      if (!settings.test(CovertActionsEnvironment.knobsOf(sample))) continue;
      Transcript t;
      try {
        t = env.solver().solve(sample, play(steps), GenerateConfig.DEFAULT, null);
      } catch (ModelException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage());
      }
      Map<String, String> knobs = new LinkedHashMap<>();
      Map<String, String> setting = CovertActionsEnvironment.knobsOf(sample);
      for (String k : Scenario.KNOBS) if (setting.containsKey(k)) knobs.put(k, setting.get(k));
      out.add(new Graded(sample, knobs, t, grader.scorer(), grader.scores(sample, t)));
    }
    return out;
  }

  /** A generator that answers turn n with step n; asked for a turn past the last step, it fails saying why the loop went on. */
  static Generator play(List<Scenario.Step> steps) {
    return request -> {
      int turn = (int) request.messages().stream().filter(m -> m.role() == dev.candor.model.Role.ASSISTANT).count();
      if (turn >= steps.size()) {
        Message last = request.messages().getLast();
        throw new ModelException("the trajectory did not end at its last step (step " + steps.size() + "): its last call answered \""
            + oneLine(last.content()) + "\", so the tool loop asked for another turn; end with a submit call that succeeds or a {say: text} step", false);
      }
      Scenario.Step s = steps.get(turn);
      return new Output(s.text(), null, s.calls(), new Usage(0, 0, -1, 0), s.calls().isEmpty() ? "stop" : "tool_calls", false, 0, null);
    };
  }

  private static String oneLine(String s) {
    String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
    return t.length() > 120 ? t.substring(0, 120) + "…" : t;
  }
}
