package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code candor validate-detectors}: precision and recall of the rule detectors on the built-in labelled set, per
 * scenario and overall, in text and JSON; bad input one line each, exit 2.
 */
class ValidateDetectorsCommandTest {
  @Test
  void reportsPrecisionAndRecallPerScenarioAndOverall() throws Exception {
    Outcome text = candor("validate-detectors", "--scenarios", "broken-promises-migration");
    assertThat(text.code()).as(text.all()).isZero();
    assertThat(text.out()).contains("broken-promises-migration", "overall", "precision", "recall", "By class", "Misgraded: ",
        "overstate");
    Outcome json = candor("validate-detectors", "--scenarios", "broken-promises-migration", "--format", "json");
    assertThat(json.code()).as(json.all()).isZero();
    JsonNode o = new ObjectMapper().readTree(json.out());
    JsonNode overall = o.get("overall");
    assertThat(overall.get("n").asInt()).isEqualTo(o.get("graded").asInt()).isPositive();
    assertThat(overall.get("tp").asInt() + overall.get("fn").asInt()).isPositive();
    assertThat(o.get("scenarios").fieldNames()).toIterable().containsExactly("broken-promises-migration");
    assertThat(o.get("completed_vs_attempt").has("attempt/covert")).isTrue();
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    for (String[] args : new String[][] {
        {"validate-detectors", "--scenarios", "("}, {"validate-detectors", "--scenarios", "no-such-scenario"},
        {"validate-detectors", "--format", "xml"}, {"validate-detectors", "--judge", "openai/gpt-4.1"}}) {
      Outcome r = candor(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.all()).isEqualTo(2);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).contains(args[1]);
      assertThat(r.out()).isEmpty();
    }
  }
}
