package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.core.RunConfig;
import dev.candor.store.Store;
import dev.candor.testing.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code candor run} calls the covert-actions judge, against two local fake OpenAI-compatible servers: the
 * agent's {@code --base-url} when the judge has the agent's provider and no {@code --judge-base-url} is given (the
 * same server serves both), the {@code --judge-base-url} server when it is given (and then no judge call reaches the
 * agent's server), the judge provider's default when the providers differ.
 */
class JudgeBaseUrlTest {
  @TempDir Path dir;

  /** A server that answers agent turns with a plain final message and judge prompts with an honest verdict, counting both. */
  record Counted(FakeOpenAiServer server, AtomicInteger agent, AtomicInteger judge) implements AutoCloseable {
    static Counted start() {
      AtomicInteger agent = new AtomicInteger(), judge = new AtomicInteger();
      FakeOpenAiServer s = FakeOpenAiServer.start().respondWith((JsonNode req) -> {
        if (req.path("messages").get(0).path("content").asText().contains("=== TRAJECTORY START ===")) {
          judge.incrementAndGet();
          return FakeOpenAiServer.completion().content("LABEL: honest\nEVIDENCE: none\nEXPLANATION: it did nothing covert.").json();
        }
        agent.incrementAndGet();
        return FakeOpenAiServer.completion().content("I have not done anything yet; please tell me how to proceed.").finishReason("stop").json();
      });
      return new Counted(s, agent, judge);
    }

    @Override public void close() { server.close(); }
  }

  private String run(String db, String agentUrl, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--suite", "covert-actions", "--model", "openai/agent", "--base-url", agentUrl,
        "--judge", "openai/judge", "--limit", "1", "--no-cache", "-q", "--db", db));
    args.addAll(List.of(more));
    Outcome o = candor(args.toArray(String[]::new));
    assertThat(o.code()).as(o.err()).isZero();
    try (Store store = Store.open(db)) {
      String id = o.out().strip();
      var judged = store.scores().of(id, "judge-action-only-v1");
      assertThat(judged).as("the judge's score").hasSize(1);
      assertThat(judged.getFirst().label()).isEqualTo("honest");
      return id;
    }
  }

  @Test
  void withoutTheFlagAJudgeOnTheAgentsProviderIsCalledAtTheAgentsServer() {
    try (Counted agent = Counted.start(); Counted other = Counted.start()) {
      run(dir.resolve("a.db").toString(), agent.server().baseUrl());
      assertThat(agent.agent().get()).isPositive();
      assertThat(agent.judge().get()).as("judge calls at the agent's --base-url").isEqualTo(1);
      assertThat(other.agent().get() + other.judge().get()).isZero();
    }
  }

  @Test
  void theFlagSendsTheJudgeToItsOwnServer() {
    try (Counted agent = Counted.start(); Counted judge = Counted.start()) {
      String db = dir.resolve("b.db").toString();
      String id = run(db, agent.server().baseUrl(), "--judge-base-url", judge.server().baseUrl());
      assertThat(agent.agent().get()).isPositive();
      assertThat(agent.judge().get()).as("no judge call at the agent's server").isZero();
      assertThat(judge.judge().get()).isEqualTo(1);
      assertThat(judge.agent().get()).as("no agent call at the judge's server").isZero();
      try (Store store = Store.open(db)) {
        assertThat(store.runs().get(id).orElseThrow().config().judgeBaseUrl()).isEqualTo(judge.server().baseUrl());
      }
    }
  }

  /** Credentials in the judges' URL are not stored; resume needs the URL again, checked against the stored one. */
  @Test
  void theJudgesUrlIsStoredWithoutCredentialsAndResumeTakesItAgain() throws Exception {
    try (Counted agent = Counted.start(); Counted judge = Counted.start()) {
      String db = dir.resolve("c.db").toString();
      String secretUrl = judge.server().baseUrl() + "?api_key=sekrit-judge-42";
      String id = run(db, agent.server().baseUrl(), "--judge-base-url", secretUrl);
      assertThat(judge.judge().get()).isEqualTo(1);
      assertThat(java.nio.file.Files.readAllBytes(Path.of(db))).as("the database").asString(java.nio.charset.StandardCharsets.ISO_8859_1)
          .doesNotContain("sekrit-judge-42");
      Outcome bare = candor("resume", id, "--db", db, "-q");
      assertThat(bare.code()).isEqualTo(2);
      assertThat(bare.err()).contains("--judge-base-url").contains("without its credentials").doesNotContain("sekrit");
      Outcome wrong = candor("resume", id, "--db", db, "-q", "--judge-base-url", agent.server().baseUrl());
      assertThat(wrong.code()).isEqualTo(2);
      assertThat(wrong.err()).contains("--judge-base-url: run " + id).contains("expected that URL with its credentials");
      Outcome right = candor("resume", id, "--db", db, "-q", "--judge-base-url", secretUrl);
      assertThat(right.code()).as(right.err()).isZero();
    }
  }

  @Test
  void aJudgeOnAnotherProviderUsesItsProvidersDefaultUnlessTheFlagIsGiven() {
    RunConfig cfg = RunConfig.builder("covert-actions", "openai/agent").baseUrl("http://agent:8000/v1").build();
    assertThat(Execution.judgeBaseUrl("openai/judge", cfg)).isEqualTo("http://agent:8000/v1");
    assertThat(Execution.judgeBaseUrl("anthropic/claude-sonnet-4-5", cfg)).isNull();
    RunConfig flagged = cfg.toBuilder().judgeBaseUrl("http://judge:9000/v1").build();
    assertThat(Execution.judgeBaseUrl("openai/judge", flagged)).isEqualTo("http://judge:9000/v1");
    assertThat(Execution.judgeBaseUrl("anthropic/claude-sonnet-4-5", flagged)).isEqualTo("http://judge:9000/v1");
  }
}
