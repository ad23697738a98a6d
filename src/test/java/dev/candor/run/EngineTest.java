package dev.candor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.agent.SingleTurn;
import dev.candor.agent.Solver;
import dev.candor.env.Environment;
import dev.candor.env.Sample;
import dev.candor.grade.Grader;
import dev.candor.grade.Score;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Usage;
import dev.candor.store.Json;
import dev.candor.store.Store;
import dev.candor.store.TrajectoryRecord;
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
      samples.add(new Sample("s" + i, "v" + (i % 3), Map.of("group", "g" + (i % 3)), List.of(Message.user("number " + i)), Map.of()));
    Grader g = (s, t) -> {
      int v = Integer.parseInt(t.finalOutput().text().trim());
      return new Score(v % 2 == 0 ? "even" : "odd", v % 2, String.valueOf(v), null, List.of(), Map.of());
    };
    return new Environment() {
      public String name() { return "numbers"; }
      public List<Sample> samples() { return samples; }
      public Solver solver() { return new SingleTurn(); }
      public Grader grader() { return g; }
    };
  }

  static RunConfig config(int epochs, int conns, int attempts) {
    return new RunConfig("numbers", "fake/echo", null, epochs, null, conns, attempts, 10, null, 7L, null, null, "t", false, false, null, null, null, null, null);
  }

  /** Answers the seed's parity; fails the first {@code failFirst} calls per prompt with a retryable 429. */
  static final class FakeModel implements Model {
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
      return new Output(String.valueOf(r.config().seed() % 10), null, List.of(), Usage.UNKNOWN, "stop", false, 1, "{}");
    }
  }

  @Test
  void everySampleEpochStoredOnceWithAttemptsRecorded() {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Environment env = numbers(20);
      RunConfig cfg = config(3, 8, 4);
      var run = Runs.create(store, cfg, env.samples(), null);
      FakeModel m = new FakeModel(2);
      RunResult r = new Engine(store, Secrets.fromSystem()).execute(run.id(), cfg, env, env.samples(), m, RunEvents.NONE);
      assertThat(r.complete()).isTrue();
      assertThat(store.trajectoryCount(run.id())).isEqualTo(60);
      assertThat(m.total.get()).isEqualTo(60 * 3); // two 429s then success, each time
      List<TrajectoryRecord> all = new ArrayList<>();
      store.forEachTrajectory(run.id(), all::add);
      assertThat(all).allSatisfy(t -> {
        assertThat(Json.read(t.attemptsJson(), List.class)).hasSize(3);
        assertThat(t.error()).isNull();
        assertThat(t.label()).isIn("even", "odd");
      });
      assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo("complete");
    }
  }

  @Test
  void exhaustedRetriesAreStoredAsErrorsAndResumeRetriesOnlyThose() {
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      Environment env = numbers(10);
      RunConfig cfg = config(2, 4, 2);
      var run = Runs.create(store, cfg, env.samples(), null);
      FakeModel failing = new FakeModel(5); // more failures than attempts
      RunResult r1 = new Engine(store, Secrets.fromSystem()).execute(run.id(), cfg, env, env.samples(), failing, RunEvents.NONE);
      assertThat(r1.errors()).isEqualTo(20);
      assertThat(store.completedKeys(run.id())).isEmpty();

      FakeModel ok = new FakeModel(0);
      RunResult r2 = new Engine(store, Secrets.fromSystem()).execute(run.id(), cfg, env, env.samples(), ok, RunEvents.NONE);
      assertThat(ok.total.get()).isEqualTo(20);
      assertThat(r2.errors()).isZero();
      assertThat(store.trajectoryCount(run.id())).isEqualTo(20);

      FakeModel again = new FakeModel(0);
      new Engine(store, Secrets.fromSystem()).execute(run.id(), cfg, env, env.samples(), again, RunEvents.NONE);
      assertThat(again.total.get()).as("a finished run redoes nothing").isZero();
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
    Secrets s = new Secrets(Map.of("OPENAI_API_KEY", "sk-test-1234567890"));
    assertThat(s.scrub("bad key sk-test-1234567890 here")).isEqualTo("bad key *** here");
  }
}
