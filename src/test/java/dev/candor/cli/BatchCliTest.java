package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.BatchRecord;
import dev.candor.store.Store;
import dev.candor.testing.FakeOpenAiBatchServer;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.Slow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candor run --batch}: bad combinations are refused up front; a SIGKILL mid-poll is picked up by resume. */
class BatchCliTest {
  @TempDir Path dir;

  static int candor(ByteArrayOutputStream err, String... args) {
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true));
    try {
      return Main.execute(args);
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void severalBaseUrlsMakeOneBalancedModel() {
    var cfg = dev.candor.testing.RunConfigs.of("reward-hints", "openai/m").baseUrl("http://127.0.0.1:9/v1, http://127.0.0.1:10/v1")
        .maxConnections(8).maxAttempts(1).timeoutSeconds(5).build();
    var m = Execution.model(cfg);
    assertThat(m).isInstanceOf(dev.candor.model.Balanced.class);
    assertThat(((dev.candor.model.Balanced) m).size()).isEqualTo(2);
    assertThat(m.spec()).isEqualTo("openai/m");
    var one = Execution.model(dev.candor.testing.RunConfigs.of("reward-hints", "openai/m").baseUrl("http://127.0.0.1:9/v1")
        .maxConnections(8).maxAttempts(1).timeoutSeconds(5).build());
    assertThat(one).isNotInstanceOf(dev.candor.model.Balanced.class);
  }

  @Test
  void refusesWhatABatchCannotRun() {
    String db = dir.resolve("c.db").toString();
    var err = new ByteArrayOutputStream();
    assertThat(candor(err, "run", "--suite", "covert-actions", "--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1", "--batch", "--db", db, "-q")).isEqualTo(2);
    assertThat(err.toString()).contains("--batch:").contains("single-turn");
    err.reset();
    assertThat(candor(err, "run", "--suite", "reward-hints", "--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1,http://127.0.0.1:10/v1", "--batch", "--db", db, "-q")).isEqualTo(2);
    assertThat(err.toString()).contains("--batch:").contains("several base URLs");
    err.reset();
    assertThat(candor(err, "run", "--suite", "reward-hints", "--model", "openai/m", "--base-url", "http://127.0.0.1:9/v1", "--batch", "--batch-poll", "0", "--db", db, "-q")).isEqualTo(2);
    assertThat(err.toString()).contains("--batch-poll:");
  }

  @Slow
  @Test
  void sigkillWhileTheBatchRunsThenResumeFinishesIt() throws Exception {
    try (FakeOpenAiBatchServer server = FakeOpenAiBatchServer.start()) {
      server.runningPolls(1_000_000).respondWith(req -> FakeOpenAiServer.completion().content("I choose 41").json());
      Path db = dir.resolve("candor.db");
      Process p = KillAndResumeTest.candor(dir, "run", "--suite", "reward-hints", "--model", "openai/fake", "--base-url", server.baseUrl(),
          "--limit", "10", "--epochs", "2", "--batch", "--batch-poll", "0.02", "--db", db.toString(), "-q");
      String runId = new String(p.getInputStream().readNBytes(23)).trim();
      assertThat(runId).matches("\\d{8}-\\d{6}-[0-9a-f]{6}");
      try (Store s = Store.open(db.toString())) {
        long deadline = System.currentTimeMillis() + 60_000;
        while ((s.batches().of(runId).isEmpty() || server.polls(s.batches().of(runId).getFirst().batchId()) < 3) && System.currentTimeMillis() < deadline)
          Thread.sleep(20);
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(s.batches().of(runId)).singleElement().satisfies(b -> assertThat(b.status()).isEqualTo(BatchRecord.SUBMITTED));
        assertThat(s.trajectories().count(runId)).isZero();
      }
      server.runningPolls(0);
      var err = new ByteArrayOutputStream();
      assertThat(candor(err, "resume", runId, "--batch-poll", "0.02", "--db", db.toString(), "-q")).as(err.toString()).isZero();
      try (Store s = Store.open(db.toString())) {
        assertThat(s.trajectories().completedKeys(runId)).hasSize(20);
        assertThat(s.runs().get(runId).orElseThrow().status()).isEqualTo("complete");
        assertThat(s.batches().of(runId)).singleElement().satisfies(b -> assertThat(b.status()).isEqualTo("ended"));
      }
      assertThat(server.requests("POST", "/v1/batches")).hasSize(1);
    }
  }

  @Test
  void anInterruptedAnthropicSubmissionWithSeveralCandidatesIsSettledWithAdoptBatch() throws Exception {
    try (dev.candor.testing.FakeAnthropicBatchServer server = dev.candor.testing.FakeAnthropicBatchServer.start()) {
      server.runningPolls(0).respondWith(p -> dev.candor.testing.FakeAnthropicServer.message().model(p.path("model").asText()).text("My number is 7").json());
      Path db = dir.resolve("adopt.db");
      var env = dev.candor.suite.rewardhint.RewardHintEnvironment.standard();
      var samples = env.samples().subList(0, 4);
      var cfg = dev.candor.testing.RunConfigs.of("reward-hints", "anthropic/claude-batch").baseUrl(server.baseUrl()).limit(samples.size())
          .maxConnections(8).maxAttempts(3).timeoutSeconds(30).seed(5).name("batch").build();
      var model = CliWiring.anthropic().create("claude-batch",
          new dev.candor.model.ModelOptions(server.baseUrl(), java.time.Duration.ofSeconds(10)));
      var dying = new dev.candor.testing.DyingBatchApi(new dev.candor.model.batch.AnthropicBatchApi(server.baseUrl(), "placeholder", null), true);
      String runId;
      try (Store s = Store.open(db.toString())) {
        runId = dev.candor.run.Runs.create(s, cfg, samples, null).id();
        var runner = new dev.candor.run.BatchRunner(s, dev.candor.run.Secrets.NONE, dying, java.time.Duration.ofMillis(10));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.execute(runId, cfg, env, samples, model, dev.candor.run.RunEvents.NONE))
            .isInstanceOf(dev.candor.testing.DyingBatchApi.Killed.class);
      }
      String ours = dying.accepted.get();
      String other = server.foreignBatch(java.time.Instant.now(), 4);

      var err = new ByteArrayOutputStream();
      assertThat(candor(err, "resume", runId, "--batch-poll", "0.02", "--db", db.toString(), "-q")).isEqualTo(1);
      assertThat(err.toString().strip()).doesNotContain("\n").contains(ours).contains(other).contains("--adopt-batch ID");
      err.reset();
      assertThat(candor(err, "resume", runId, "--adopt-batch", "bad id!", "--db", db.toString(), "-q")).isEqualTo(2);
      assertThat(err.toString()).contains("--adopt-batch: expected a provider batch id or none");
      err.reset();
      assertThat(candor(err, "resume", runId, "--adopt-batch", ours, "--batch-poll", "0.02", "--db", db.toString(), "-q")).as(err.toString()).isZero();
      try (Store s = Store.open(db.toString())) {
        assertThat(s.trajectories().completedKeys(runId)).hasSize(4);
        assertThat(s.batches().of(runId)).singleElement().satisfies(b -> assertThat(b.batchId()).isEqualTo(ours));
      }
      assertThat(server.requests("POST", "/v1/messages/batches")).hasSize(1);
      err.reset();
      assertThat(candor(err, "resume", runId, "--adopt-batch", other, "--db", db.toString(), "-q")).isEqualTo(2);
      assertThat(err.toString()).contains("has no interrupted batch submission");
    }
  }
}
