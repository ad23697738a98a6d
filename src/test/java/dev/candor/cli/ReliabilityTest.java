package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.suite.Environment;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import dev.candor.testing.StoredJson;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.run.Engine;
import dev.candor.core.RunConfig;
import dev.candor.run.RunEvents;
import dev.candor.run.RunResult;
import dev.candor.run.Runs;
import dev.candor.run.Secrets;
import dev.candor.Json;
import dev.candor.store.Store;
import dev.candor.core.Trajectory;
import dev.candor.testing.Fault;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.RunConfigs;
import dev.candor.testing.Slow;
import dev.candor.testing.TestSeed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults from the server, shards over one PostgreSQL, a database that goes away, and repeated SIGKILLs. */
@Slow
class ReliabilityTest {
  @TempDir Path dir;

  static FakeOpenAiServer flakyServer(double faultRate, Random rnd) {
    FakeOpenAiServer server = FakeOpenAiServer.start();
    server.respondWith(req -> {
      // after a good answer, sometimes queue a fault for a following request: about faultRate of requests fail
      if (rnd.nextDouble() < faultRate / (1 - faultRate)) {
        Fault f = switch (rnd.nextInt(5)) {
          case 0 -> Fault.rateLimited(0);
          case 1 -> Fault.serverError();
          case 2 -> Fault.delay(Duration.ofSeconds(3)); // longer than the 1 s timeout below
          case 3 -> Fault.truncatedBody();
          default -> Fault.malformedJson();
        };
        server.enqueue(f);
      }
      return FakeOpenAiServer.completion().content("Answer: " + rnd.nextInt(100)).usage(30, 4, 0).json();
    });
    return server;
  }

  static RunConfig cfg(String baseUrl, int epochs, boolean noCache) {
    return RunConfigs.of("reward-hints", "openai/fake").baseUrl(baseUrl).epochs(epochs).maxConnections(16).maxAttempts(10).timeoutSeconds(1.0).seed(3)
        .noCache(noCache).build();
  }

  @Test
  void twentyPercentFaultsStillCompleteEverythingOnceWithAttemptsRecorded() {
    try (FakeOpenAiServer server = flakyServer(0.2, TestSeed.random("twentyPercentFaults")); Store store = Store.open(dir.resolve("f.db").toString())) {
      Environment env = RewardHintEnvironment.standard();
      RunConfig cfg = cfg(server.baseUrl(), 4, true);
      var run = Runs.create(store, cfg, env.samples(), null);
      Model m = CliWiring.openAi().create("fake", new ModelOptions(server.baseUrl(), Duration.ofSeconds(1)));
      RunResult r = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), m, RunEvents.NONE);
      long total = env.samples().size() * 4L;
      assertThat(r.complete()).isTrue();
      assertThat(r.errors()).isZero();
      assertThat(store.trajectories().count(run.id())).isEqualTo(total);
      int[] failedAttempts = {0};
      store.trajectories().forEach(run.id(), t -> {
        List<?> attempts = Json.read(StoredJson.attempts(t), List.class);
        failedAttempts[0] += attempts.size() - 1;
      });
      assertThat(failedAttempts[0]).as("failed attempts are recorded").isGreaterThan((int) (total * 0.08));
      assertThat(server.requestCount()).isEqualTo((int) total + failedAttempts[0]);
    }
  }

  @Test
  void secondRunIsAnsweredFromTheCacheAndErrorsAreNotCached() {
    try (FakeOpenAiServer server = FakeOpenAiServer.start(); Store store = Store.open(dir.resolve("c.db").toString())) {
      server.respondWith(req -> FakeOpenAiServer.completion().content("4").json());
      Environment env = RewardHintEnvironment.standard();
      server.enqueue(Fault.status(400, "bad request")); // one non-retryable error in the first run
      RunConfig cfg = cfg(server.baseUrl(), 2, false);
      Model m = CliWiring.openAi().create("fake", new ModelOptions(server.baseUrl(), Duration.ofSeconds(5)));
      var a = Runs.create(store, cfg, env.samples(), null);
      RunResult ra = new Engine(store, Secrets.NONE).cache(true).execute(a.id(), cfg, env, env.samples(), m, RunEvents.NONE);
      assertThat(ra.errors()).isEqualTo(1);
      int first = server.requestCount();
      var b = Runs.create(store, cfg, env.samples(), null);
      RunResult rb = new Engine(store, Secrets.NONE).cache(true).execute(b.id(), cfg, env, env.samples(), m, RunEvents.NONE);
      assertThat(rb.complete()).isTrue();
      assertThat(server.requestCount() - first).as("only the errored call goes to the server again").isEqualTo(1);
      var c = Runs.create(store, cfg, env.samples(), null);
      new Engine(store, Secrets.NONE).cache(false).execute(c.id(), cfg, env, env.samples(), m, RunEvents.NONE);
      assertThat(server.requestCount() - first - 1).as("opting out calls the model every time").isEqualTo(env.samples().size() * 2);
    }
  }

  @Test
  void fourShardProcessesFillOneRunOnPostgresExactly() throws Exception {
    Random rnd = TestSeed.random("fourShardProcesses");
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
         FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.latency(Duration.ofMillis(5)).respondWith(req -> FakeOpenAiServer.completion().content(String.valueOf(rnd.nextInt(100))).json());
      String url = pg.getJdbcUrl("postgres", "postgres");
      List<Process> shards = new ArrayList<>();
      for (int i = 0; i < 4; i++)
        shards.add(KillAndResumeTest.candor(dir, "run", "--suite", "reward-hints", "--model", "openai/fake", "--base-url", server.baseUrl(),
            "--epochs", "5", "--shard", i + "/4", "--run-id", "sweep-1", "--db", url, "-q"));
      for (Process p : shards) {
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      }
      try (Store s = Store.open(url)) {
        long total = s.samples().count("sweep-1") * 5;
        assertThat(total).isEqualTo(RewardHintEnvironment.standard().samples().size() * 5L);
        assertThat(s.trajectories().count("sweep-1")).isEqualTo(total);
        Set<Trajectory.Key> expected = new HashSet<>();
        for (var sample : RewardHintEnvironment.standard().samples())
          for (int e = 1; e <= 5; e++) expected.add(new Trajectory.Key(sample.id(), e));
        assertThat(s.trajectories().completedKeys("sweep-1")).isEqualTo(expected);
        assertThat(server.requestCount()).as("no pair was run twice").isEqualTo((int) total);
        assertThat(s.runs().get("sweep-1").orElseThrow().status()).isEqualTo("complete");
      }
    }
  }

  @Test
  void postgresGoingAwayMidRunPausesTheRunAndLosesNothing() throws Exception {
    Path data = dir.resolve("pgdata");
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
    int port = pg.getPort();
    String url = pg.getJdbcUrl("postgres", "postgres");
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.latency(Duration.ofMillis(20)).respondWith(req -> FakeOpenAiServer.completion().content("8").json());
      Environment env = RewardHintEnvironment.standard();
      RunConfig cfg = RunConfigs.of("reward-hints", "openai/fake").baseUrl(server.baseUrl()).epochs(6).maxAttempts(5).timeoutSeconds(5).seed(3).build();
      Model m = CliWiring.openAi().create("fake", new ModelOptions(server.baseUrl(), Duration.ofSeconds(5)));
      RunResult r;
      try (Store store = Store.open(url)) {
        var run = Runs.create(store, cfg, env.samples(), null);
        Thread outage = Thread.ofPlatform().start(() -> {
          try {
            while (store.trajectories().count(run.id()) < 40) Thread.sleep(10);
            pg.close(); // the database goes away mid-run
            Thread.sleep(1500);
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        Engine engine = new Engine(store, Secrets.NONE).storeOutage(Duration.ofSeconds(60));
        Thread restart = Thread.ofPlatform().start(() -> {
          try {
            outage.join();
            EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        r = engine.execute(run.id(), cfg, env, env.samples(), m, RunEvents.NONE);
        restart.join();
        assertThat(r.fatal()).isNull();
        assertThat(r.complete()).isTrue();
        assertThat(store.trajectories().count(run.id())).isEqualTo(env.samples().size() * 6L);
      }
    }
  }

  @Test
  void tenSigkillsAtRandomPointsThenResumeEqualsAnUninterruptedRun() throws Exception {
    Random rnd = TestSeed.random("tenSigkills");
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.latency(Duration.ofMillis(15)).respondWith(req -> FakeOpenAiServer.completion().content(String.valueOf(rnd.nextInt(100))).json());
      Path db = dir.resolve("k.db");
      Process p = KillAndResumeTest.candor(dir, "run", "--suite", "reward-hints", "--model", "openai/fake", "--base-url", server.baseUrl(),
          "--epochs", "8", "--max-connections", "8", "--no-cache", "--db", db.toString(), "-q");
      String runId = new String(p.getInputStream().readNBytes(23)).trim();
      for (int kill = 0; kill < 10; kill++) {
        Thread.sleep(300 + rnd.nextInt(700)); // JVM start-up is part of the window
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        p = KillAndResumeTest.candor(dir, "resume", runId, "--db", db.toString(), "-q");
      }
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      try (Store s = Store.open(db.toString())) {
        assertThat(s.integrityCheck()).isEqualTo("ok");
        Set<Trajectory.Key> expected = new HashSet<>();
        for (var sample : RewardHintEnvironment.standard().samples())
          for (int e = 1; e <= 8; e++) expected.add(new Trajectory.Key(sample.id(), e));
        assertThat(s.trajectories().completedKeys(runId)).isEqualTo(expected);
        assertThat(s.trajectories().count(runId)).isEqualTo(expected.size());
      }
    }
  }
}
