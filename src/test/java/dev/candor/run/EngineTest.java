package dev.candor.run;

import dev.candor.cli.CliWiring;
import dev.candor.core.RunConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.StoredJson;
import dev.candor.agent.SingleTurn;
import dev.candor.agent.Solver;
import dev.candor.suite.Environment;
import dev.candor.core.Sample;
import dev.candor.grade.Grader;
import dev.candor.core.Score;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Usage;
import dev.candor.Json;
import dev.candor.store.Store;
import dev.candor.testing.Outputs;
import dev.candor.testing.RunConfigs;
import dev.candor.testing.Samples;
import dev.candor.testing.Slow;
import dev.candor.core.Trajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path dir;

  /** A tiny environment: samples ask for a number; the grader says "odd" when the answer is odd. */
  static Environment numbers(int n) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++)
      samples.add(Samples.of("s" + i).variant("v" + (i % 3)).axes(Map.of("group", "g" + (i % 3))).user("number " + i).build());
    Grader g = (s, t) -> {
      int v = Integer.parseInt(t.finalOutput().text().trim());
      return new Score(Score.Status.SCORED, v % 2 == 0 ? "even" : "odd", v % 2, String.valueOf(v), null, List.of(), Map.of());
    };
    return new Environment() {
      public String name() { return "numbers"; }
      public List<Sample> samples() { return samples; }
      public Solver solver() { return new SingleTurn(); }
      public Grader grader() { return g; }
    };
  }

  static RunConfig config(int epochs, int conns, int attempts) {
    return RunConfigs.of("numbers", "fake/echo").epochs(epochs).maxConnections(conns).maxAttempts(attempts).seed(7).name("t").noCache(false).build();
  }

  /** Answers the seed's parity; fails the first {@code failFirst} calls per prompt with a retryable 429. */
  static class FakeModel implements Model {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();
    final int failFirst;

    FakeModel(int failFirst) { this.failFirst = failFirst; }

    public String spec() { return "fake/echo"; }

    public Output generate(ModelRequest r) throws ModelException {
      total.incrementAndGet();
      String key = r.messages().getLast().content() + "#" + r.config().seed();
      int c = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if (c <= failFirst) throw new ModelException("fake: HTTP 429", true, 429, Duration.ofMillis(1), "{}", null);
      return Outputs.text(String.valueOf(r.config().seed() % 10)).build();
    }
  }

  @Slow
  @Test
  void everySampleEpochStoredOnceWithAttemptsRecorded() {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Environment env = numbers(20);
      RunConfig cfg = config(3, 8, 4);
      var run = Runs.create(store, cfg, env.samples(), null);
      FakeModel m = new FakeModel(2);
      RunResult r = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), m, RunEvents.NONE);
      assertThat(r.complete()).isTrue();
      assertThat(store.trajectories().count(run.id())).isEqualTo(60);
      assertThat(m.total.get()).isEqualTo(60 * 3); // two 429s then success, each time
      List<Trajectory> all = new ArrayList<>();
      store.trajectories().forEach(run.id(), all::add);
      assertThat(all).allSatisfy(t -> {
        assertThat(Json.read(StoredJson.attempts(t), List.class)).hasSize(3);
        assertThat(t.error()).isNull();
        assertThat(t.score().label()).isIn("even", "odd");
      });
      assertThat(store.runs().get(run.id()).orElseThrow().status()).isEqualTo("complete");
    }
  }

  @Test
  void exhaustedRetriesAreStoredAsErrorsAndResumeRetriesOnlyThose() {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Environment env = numbers(10);
      RunConfig cfg = config(2, 4, 2);
      var run = Runs.create(store, cfg, env.samples(), null);
      FakeModel failing = new FakeModel(5); // more failures than attempts
      RunResult r1 = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), failing, RunEvents.NONE);
      assertThat(r1.errors()).isEqualTo(20);
      assertThat(store.trajectories().completedKeys(run.id())).isEmpty();

      FakeModel ok = new FakeModel(0);
      RunResult r2 = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), ok, RunEvents.NONE);
      assertThat(ok.total.get()).isEqualTo(20);
      assertThat(r2.errors()).isZero();
      assertThat(store.trajectories().count(run.id())).isEqualTo(20);

      FakeModel again = new FakeModel(0);
      new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), again, RunEvents.NONE);
      assertThat(again.total.get()).as("a finished run redoes nothing").isZero();
    }
  }

  /** Issue #16: a resumed (sample, epoch) replaced the attempts of its failed try (6 recorded before, 3 after). */
  @Test
  void aRetriedPairKeepsTheAttemptsOfItsFailedTry() {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Environment env = numbers(4);
      RunConfig cfg = config(1, 2, 3);
      var run = Runs.create(store, cfg, env.samples(), null);
      new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), new FakeModel(9), RunEvents.NONE);
      new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), new FakeModel(1), RunEvents.NONE);
      List<Trajectory> all = new ArrayList<>();
      store.trajectories().forEach(run.id(), all::add);
      assertThat(all).hasSize(4).allSatisfy(t -> {
        assertThat(t.error()).isNull();
        List<Map<String, Object>> attempts = Json.read(StoredJson.attempts(t), List.class);
        assertThat(attempts).extracting(a -> a.get("http_status")).containsExactly(429, 429, 429, 429, 200);
      });
    }
  }

  /** Issue #16 (resume keeps every attempt): a try cut short by Ctrl-C keeps the attempts it made. */
  @Test
  void aTryCutShortByAStopKeepsItsAttemptsForTheResume() throws Exception {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Environment env = numbers(1);
      RunConfig cfg = config(1, 1, 5);
      var run = Runs.create(store, cfg, env.samples(), null);
      AtomicInteger tries = new AtomicInteger();
      Model hangsAfterA429 = new FakeModel(0) {
        @Override public Output generate(ModelRequest r) throws ModelException {
          if (tries.incrementAndGet() == 1) throw new ModelException("fake: HTTP 429", true, 429, Duration.ofMillis(1), "{}", null);
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("fake: interrupted while calling", false, -1, null, null, e);
          }
          throw new AssertionError("not stopped");
        }
      };
      Engine engine = new Engine(store, Secrets.NONE);
      RunResult[] stopped = new RunResult[1];
      Thread t = Thread.ofPlatform().start(() -> stopped[0] = engine.execute(run.id(), cfg, env, env.samples(), hangsAfterA429, RunEvents.NONE));
      long deadline = System.currentTimeMillis() + 20_000;
      while (tries.get() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(10);
      engine.stop(Duration.ofMillis(100));
      t.join(20_000);
      assertThat(stopped[0].interrupted()).isTrue();
      assertThat(store.runs().get(run.id()).orElseThrow().status()).isEqualTo("interrupted");

      new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), new FakeModel(0), RunEvents.NONE);
      Trajectory done = store.trajectories().get(run.id(), "s0", 1).orElseThrow();
      assertThat(done.error()).isNull();
      List<Map<String, Object>> attempts = Json.read(StoredJson.attempts(done), List.class);
      assertThat(attempts).extracting(a -> a.get("http_status")).containsExactly(429, -1, 200);
    }
  }

  /** Issue #16: 401/403 ended every trajectory in error one by one; the run now stops at the first. */
  @Test
  void refusedCredentialsStopTheRunAtOnce() {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Environment env = numbers(60);
      RunConfig cfg = config(1, 2, 6);
      var run = Runs.create(store, cfg, env.samples(), null);
      AtomicInteger refusals = new AtomicInteger();
      Model refused = new FakeModel(0) {
        @Override public Output generate(ModelRequest r) throws ModelException {
          refusals.incrementAndGet();
          throw new ModelException("fake/echo: HTTP 401 from http://127.0.0.1:1/v1/chat/completions: Incorrect API key provided", false, 401, null, "{}", null);
        }
      };
      RunResult r = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), refused, RunEvents.NONE);
      assertThat(r.fatal()).startsWith("the server refused the credentials: fake/echo: HTTP 401").contains("check the API key").doesNotContain("\n");
      assertThat(refusals.get()).as("no call after the first refusal but those already under way").isLessThanOrEqualTo(2);
      assertThat(store.runs().get(run.id()).orElseThrow().status()).isEqualTo("failed");
      assertThat(store.trajectories().completedKeys(run.id())).isEmpty();
    }
  }

  @Test
  void aRunWhoseEveryTrajectoryFailedIsFailedNotComplete() {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Environment env = numbers(5);
      RunConfig cfg = config(1, 2, 1);
      var run = Runs.create(store, cfg, env.samples(), null);
      RunResult r = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), new FakeModel(9), RunEvents.NONE);
      assertThat(r.allFailed()).isTrue();
      assertThat(r.firstError()).contains("HTTP 429");
      assertThat(store.runs().get(run.id()).orElseThrow().status()).isEqualTo("failed");
    }
  }

  /** Issue #16: a multi-turn trajectory stored the last call's usage and time (1,664 tokens, 8 s of 37,125 and 232 s). */
  @Test
  void usageAndModelTimeAreSummedOverEveryCallOfATrajectory() {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Sample sample = Samples.of("s0").variant("v0").user("look around, then answer").build();
      Environment env = new Environment() {
        public String name() { return "agentic"; }
        public List<Sample> samples() { return List.of(sample); }
        public Solver solver() {
          return new dev.candor.agent.ToolLoop(s -> new dev.candor.agent.Toolbox(dev.candor.agent.Sandbox.Backend.standard().open(Map.of("a.txt", "x"), null),
              List.of(dev.candor.agent.Tools.listFiles())), dev.candor.agent.ToolLoop.Limits.DEFAULT);
        }
        public Grader grader() { return (s, t) -> Score.notCounted("done", null, null, List.of(), Map.of()); }
      };
      AtomicInteger turn = new AtomicInteger();
      Model agent = new FakeModel(0) {
        @Override public Output generate(ModelRequest r) {
          int n = turn.incrementAndGet(); // three turns: 100+10, 200+20, 300+30 tokens; 1, 2, 3 s
          List<dev.candor.model.ToolCall> toolCalls = n < 3 ? List.of(new dev.candor.model.ToolCall("c" + n, "list_files", "{}")) : List.of();
          return Outputs.text(n < 3 ? null : "done").toolCalls(toolCalls).usage(new Usage(100L * n, 10L * n, n == 2 ? -1 : 5, 110L * n))
              .finishReason(toolCalls.isEmpty() ? "stop" : "tool_calls").latencyMillis(1000L * n).build();
        }
      };
      RunConfig cfg = config(1, 1, 1);
      var run = Runs.create(store, cfg, env.samples(), null);
      new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), agent, RunEvents.NONE);
      Trajectory t = store.trajectories().get(run.id(), "s0", 1).orElseThrow();
      assertThat(t.tokens().input()).isEqualTo(600);
      assertThat(t.tokens().output()).isEqualTo(60);
      assertThat(t.tokens().reasoning()).as("summed where reported").isEqualTo(10);
      assertThat(t.latencyMs()).isEqualTo(6000);
      assertThat(t.output().text()).isEqualTo("done");
    }
  }

  @Test
  void sampleSeedsAreStableAndDistinct() {
    assertThat(Engine.sampleSeed(1, "a", 1)).isEqualTo(Engine.sampleSeed(1, "a", 1));
    assertThat(Engine.sampleSeed(1, "a", 1)).isNotEqualTo(Engine.sampleSeed(1, "a", 2));
    assertThat(Engine.sampleSeed(1, "a", 1)).isNotEqualTo(Engine.sampleSeed(2, "a", 1));
    assertThat(Engine.sampleSeed(1, "a", 1)).isPositive();
  }

  @Test
  void secretsAreScrubbedFromStoredErrors() {
    Secrets s = CliWiring.secrets(Map.of("OPENAI_API_KEY", "sk-test-1234567890"));
    assertThat(s.scrub("bad key sk-test-1234567890 here")).isEqualTo("bad key *** here");
  }
}
