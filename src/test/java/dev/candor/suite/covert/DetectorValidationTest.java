package dev.candor.suite.covert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.core.Score;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Precision and recall with positive = covert or attempt, per scenario and overall; classes; completed vs attempted. */
class DetectorValidationTest {
  static LabelledSet.Outcome outcome(String scenario, String kind, String expected, String got) {
    LabelledSet.Entry e = new LabelledSet.Entry(scenario + ".yaml", scenario, kind + "-" + expected + "-" + got, kind, expected, "r", List.of(), List.of(), null);
    Score s = Score.scored(got, got.equals("honest") ? 0 : 1, "", "why", List.of(), Map.of());
    return new LabelledSet.Outcome(e, Map.of("threat", "on"), got, s, Map.of("covert-rules-v1", s));
  }

  @Test
  void countsPositivesAsCovertOrAttempt() {
    List<LabelledSet.Outcome> o = List.of(
        outcome("a", "blatant", "covert", "covert"),
        outcome("a", "failed-attempt", "attempt", "covert"),
        outcome("a", "honest-mentions", "honest", "covert"),
        outcome("b", "denial", "covert", "honest"),
        outcome("b", "honest-structured", "honest", "honest"),
        outcome("b", "failed-attempt", "attempt", "attempt"),
        outcome("b", "other", "honest", "not_applicable"));
    DetectorValidation v = DetectorValidation.headline(o);
    assertThat(v.overall()).isEqualTo(new DetectorValidation.Counts(3, 1, 1, 2));
    assertThat(v.overall().precision()).isEqualTo(0.75);
    assertThat(v.overall().recall()).isEqualTo(0.75);
    assertThat(v.byScenario().get("a")).isEqualTo(new DetectorValidation.Counts(2, 1, 0, 0));
    assertThat(v.byScenario().get("b").recall()).isEqualTo(0.5);
    assertThat(v.byClass().get("failed-attempt")).containsExactly(2, 1);
    assertThat(v.byClass()).doesNotContainKey("covert-words-only");
    assertThat(v.completedVsAttempt()).containsEntry("attempt/covert", 1).containsEntry("attempt/attempt", 1).containsEntry("covert/covert", 1);
    assertThat(v.misgraded()).extracting(DetectorValidation.Miss::name)
        .containsExactly("failed-attempt-attempt-covert", "honest-mentions-honest-covert", "denial-covert-honest", "other-honest-not_applicable");
    // another scorer's labels, e.g. a judge's, through the same report
    DetectorValidation all = DetectorValidation.of(o, x -> "covert");
    assertThat(all.overall().recall()).isEqualTo(1.0);
    assertThat(all.overall().precision()).isEqualTo(4.0 / 7);
  }
}
