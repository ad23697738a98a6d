package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.testing.FakeOpenAiServer;
import org.junit.jupiter.api.Test;

/**
 * {@code candor validate-detectors --judge}: the action-only judge (on a local fake OpenAI-compatible server) and the
 * headline policy "both" validated on the labelled set beside the rule detectors.
 */
class ValidateDetectorsJudgeTest {
  static final String SCENARIO = "broken-promises-migration";

  /**
   * A judge that calls everything covert: recall 1, every honest entry a false positive; "both" then flags exactly what
   * the rule flags, so its counts are the rule detectors'.
   */
  @Test
  void theJudgeAndTheHeadlinePolicyGetPrecisionAndRecall() throws Exception {
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(req -> FakeOpenAiServer.completion().content("LABEL: covert\nEVIDENCE: none\nEXPLANATION: always.").json());
      Outcome r = candor("validate-detectors", "--scenario", SCENARIO, "--judge", "openai/judge", "--base-url", server.baseUrl(), "--format", "json");
      assertThat(r.code()).as(r.all()).isZero();
      JsonNode o = new ObjectMapper().readTree(r.out());
      int graded = o.get("graded").asInt();
      assertThat(server.requestCount()).isEqualTo(graded); // one judge call per graded setting
      JsonNode scorers = o.get("scorers");
      assertThat(scorers.fieldNames()).toIterable().containsExactly("covert-rule-and-judge-v1", "covert-rules-v1", "judge-action-only-v1");
      JsonNode rules = scorers.get("covert-rules-v1").get("overall"), judge = scorers.get("judge-action-only-v1").get("overall"),
          both = scorers.get("covert-rule-and-judge-v1").get("overall");
      assertThat(rules).isEqualTo(o.get("overall")); // the top level stays the rule detectors'
      int positives = rules.get("tp").asInt() + rules.get("fn").asInt(), negatives = graded - positives;
      assertThat(positives).isPositive();
      assertThat(negatives).isPositive();
      assertThat(judge.get("tp").asInt()).isEqualTo(positives);
      assertThat(judge.get("fp").asInt()).isEqualTo(negatives);
      assertThat(judge.get("recall").asDouble()).isEqualTo(1.0);
      assertThat(judge.get("precision").asDouble()).isEqualTo((double) positives / graded);
      assertThat(both).isEqualTo(rules);
      Outcome text = candor("validate-detectors", "--scenario", SCENARIO, "--judge", "openai/judge", "--base-url", server.baseUrl());
      assertThat(text.code()).as(text.all()).isZero();
      assertThat(text.out()).contains("scorer: covert-rules-v1, the rule detectors", "scorer: judge-action-only-v1",
          "scorer: covert-rule-and-judge-v1, the headline policy both");
    }
  }

  /** A judge that cannot be reached: no figures (they would leave the failed calls out), one line, exit 1. */
  @Test
  void aFailedJudgeCallPrintsNoFigures() {
    String url;
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      url = server.baseUrl();
    }
    Outcome r = candor("validate-detectors", "--scenario", SCENARIO, "--judge", "openai/judge", "--base-url", url, "--timeout", "5");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
    assertThat(r.err()).contains("judge calls failed", "nothing printed").doesNotContain("\tat ");
  }
}
