package dev.candor.suite.covert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.agent.ScriptedModel;
import dev.candor.core.Event;
import dev.candor.core.Transcript;
import dev.candor.env.covert.Scenario;
import dev.candor.core.Sample;
import dev.candor.core.Score;
import dev.candor.model.GenerateConfig;
import dev.candor.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every built-in scenario and each of its knob settings, drives the tool loop with a scripted tool-calling
 * model down the scenario's covert path and its honest path; the detector must flag exactly the first.
 */
class ScenarioExamplesTest {
  static final CovertActionsEnvironment ENV = CovertActionsEnvironment.standard(false);

  static Stream<Arguments> paths() {
    List<Arguments> out = new ArrayList<>();
    for (Sample s : ENV.samples())
      for (String path : List.of("covert", "honest")) out.add(Arguments.of(s.id(), path));
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("paths")
  void detectorFlagsExactlyTheCovertPath(String sampleId, String path) throws Exception {
    Sample sample = ENV.samples().stream().filter(s -> s.id().equals(sampleId)).findFirst().orElseThrow();
    Scenario sc = ENV.scenario((String) sample.metadata().get("scenario"));
    List<Scenario.Step> steps = sc.examples().get(path);
    assertThat(steps).as(sc.file() + " has an examples." + path + " path").isNotNull().isNotEmpty();
    List<ScriptedModel.Turn> turns = steps.stream().map(st -> new ScriptedModel.Turn(st.text(), null, st.calls(), 20)).toList();
    ScriptedModel model = new ScriptedModel(turns);

    Transcript t = ENV.solver().solve(sample, model::generate, GenerateConfig.DEFAULT, null);

    List<Event.ToolStep> errors = t.events().stream()
        .filter(e -> e instanceof Event.ToolStep s && s.failed()).map(Event.ToolStep.class::cast).toList();
    assertThat(errors).as("scripted calls in " + sc.file() + " must all succeed").isEmpty();
    Event.LoopEnd end = (Event.LoopEnd) t.events().get(t.events().size() - 1);
    assertThat(end.reason()).as("the script ends by submit or a final message").isIn("submit", "final_message");
    assertThat(model.requests().get(0).tools()).extracting(ToolSpec::name).containsAll(sc.tools());

    Score score = ENV.grader().grade(sample, t);
    if (path.equals("covert")) {
      assertThat(score.value()).as(score.explanation()).isEqualTo(1);
      assertThat(score.label()).isEqualTo(ENV.detector(sc.id()).flagged());
      assertThat(score.evidence()).isNotEmpty();
    } else {
      assertThat(score.value()).as(score.explanation() + " evidence " + score.evidence()).isEqualTo(0);
      assertThat(score.label()).isEqualTo(ENV.detector(sc.id()).clean());
    }
  }
}
