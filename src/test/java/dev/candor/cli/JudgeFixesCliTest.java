package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The awareness judge against a server that goes away, and the seeds it sends. */
class JudgeFixesCliTest {
  @TempDir Path dir;

  @Test
  void aJudgeServerThatGoesAwayEndsInOneLineNotAStackTrace() throws Exception {
    String db = dir.resolve("dead.db").toString();
    AtomicInteger judged = new AtomicInteger();
    FakeOpenAiServer server = FakeOpenAiServer.start();
    try {
      server.respondWith(req -> {
        String first = req.path("messages").get(0).path("content").asText();
        if (first.contains("=== REASONING START ===")) {
          // one judge call at a time (--max-connections 1): a third call means the client has read the second reply,
          // so the server goes away there, never while a reply the test counts on is still on its way
          if (judged.incrementAndGet() == 3) server.close();
          return FakeOpenAiServer.completion().content("AWARE: no\nMETAGAMING: no\nEXPLANATION: y").json();
        }
        return FakeOpenAiServer.completion().content("<think>" + AnalysisCliTest.AWARE + "</think>\n\n7").json();
      });
      var run = candor("run", "--suite", "reward-hints", "--model", "openai/fake-r1", "--base-url", server.baseUrl(), "--limit", "4",
          "--epochs", "2", "--no-cache", "-q", "--db", db);
      assertThat(run.code()).as(run.err()).isZero();
      String src = run.out().lines().findFirst().orElseThrow();
      var aw = candor("analyze", "awareness", src, "--judge", "openai/judge", "--base-url", server.baseUrl(), "--max-connections", "1",
          "--max-attempts", "2", "--db", db);
      assertThat(aw.code()).as(aw.out() + aw.err()).isEqualTo(1);
      assertThat(aw.err()).containsPattern("candor: awareness-judge-v1: 2 labelled now, 6 judge calls failed after 2 tries "
          + "\\(judge call failed: openai/judge: could not connect").doesNotContain("\tat "); // the server stops at the third call
      assertThat(aw.err().lines().count()).isEqualTo(2); // the lexical detector's line and this one
      assertThat(aw.out()).doesNotContain("scorer awareness-judge-v1"); // no summary that leaves the failed calls out
      var ev = candor("analyze", "awareness", "--evaluate", "--judge", "openai/judge", "--base-url", server.baseUrl(), "--max-connections", "1",
          "--max-attempts", "2", "--limit", "3", "--db", db);
      assertThat(ev.code()).isEqualTo(1);
      assertThat(ev.out()).isEmpty();
      assertThat(ev.err().strip()).startsWith("candor: awareness-judge-v1 on the development set: 3 of 3 judge calls failed after 2 tries")
          .contains("could not connect").doesNotContain("\tat ");
      assertThat(ev.err().strip().lines().count()).isEqualTo(1);
    } finally {
      server.close();
    }
  }

  /** Judge seeds per item: the same for the same --seed whatever the concurrency, different for another --seed. */
  @Test
  void theAwarenessJudgeSendsAReproducibleSeedPerItem() {
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(req -> FakeOpenAiServer.completion().content("AWARE: no\nMETAGAMING: no\nEXPLANATION: y").json());
      java.util.function.Function<String[], java.util.Map<String, Long>> seeds = extra -> {
        int before = server.requestCount();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("analyze", "awareness", "--evaluate", "--judge", "openai/judge",
            "--base-url", server.baseUrl(), "--limit", "5", "--db", dir.resolve("s.db").toString()));
        args.addAll(java.util.List.of(extra));
        var r = candor(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (var rec : server.requests().subList(before, server.requestCount())) {
          var body = rec.json();
          assertThat(body.has("seed")).as("a judge request without a seed").isTrue();
          out.put(body.path("messages").get(0).path("content").asText(), body.path("seed").asLong());
        }
        return out;
      };
      var one = seeds.apply(new String[] {"--max-connections", "1"});
      var again = seeds.apply(new String[] {"--max-connections", "4", "--seed", "1"});
      var other = seeds.apply(new String[] {"--seed", "2"});
      assertThat(one).hasSize(10).isEqualTo(again);
      assertThat(new java.util.HashSet<>(one.values())).hasSize(10); // one seed per item
      assertThat(other.keySet()).isEqualTo(one.keySet());
      for (String k : one.keySet()) assertThat(other.get(k)).isNotEqualTo(one.get(k));
    }
  }
}
