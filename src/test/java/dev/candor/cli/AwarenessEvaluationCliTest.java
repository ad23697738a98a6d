package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze awareness --evaluate} with an LLM judge that never gives a readable answer, over a loopback server. */
class AwarenessEvaluationCliTest {
  @TempDir Path dir;

  @Test
  void aJudgeThatNeverAnswersCannotBeScoredAndItsCallsRunConcurrentlyWithATokenLimit() throws Exception {
    AtomicInteger inFlight = new AtomicInteger(), maxInFlight = new AtomicInteger(), calls = new AtomicInteger();
    Set<String> maxTokens = ConcurrentHashMap.newKeySet();
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(req -> {
        calls.incrementAndGet();
        maxTokens.add(req.path("max_tokens").asText(req.path("max_completion_tokens").asText("none")));
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          Thread.sleep(150);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        inFlight.decrementAndGet();
        return FakeOpenAiServer.completion().content("I'm sorry, I can't help with classifying this text.").json();
      });
      var r = candor("analyze", "awareness", "--evaluate", "--judge", "openai/fake-judge", "--base-url", server.baseUrl(),
          "--max-connections", "4", "--limit", "10", "--judge-max-tokens", "300", "--db", dir.resolve("a.db").toString());
      assertThat(r.code()).as(r.err()).isZero();
      // the judge's section of each set: nothing scored, so nothing in the confusion counts and no tricky item flagged
      String judge = r.out().substring(r.out().indexOf("awareness-judge-v1 on the development set"));
      assertThat(judge).contains("could not score 10 of 10 {unparsed=10}: left out of precision, recall and the tricky count",
          "(tp 0, fp 0, fn 0, tn 0)", "tricky negatives flagged: 0 of 0 scored").doesNotContain("miss:");
      assertThat(r.out()).contains("awareness-lexical-v1 on the held-out set (never used for tuning): 10 items");
    }
    assertThat(calls.get()).isEqualTo(20); // --limit 10 of each set
    assertThat(maxTokens).containsExactly("300");
    assertThat(maxInFlight.get()).isBetween(2, 4);
  }
}
