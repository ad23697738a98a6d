package dev.candor.run;

import dev.candor.core.RunConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.suite.Environment;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.store.Store;
import dev.candor.testing.Outputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long the engine waits before retrying, by what the failure says about the server's load. */
class EngineRetryPacingTest {
  @TempDir Path dir;

  /** Fails each prompt's first call with the given status, answers the second. */
  static final class FailOnce implements Model {
    final int status;
    final Map<String, Integer> calls = new ConcurrentHashMap<>();

    FailOnce(int status) { this.status = status; }

    public String spec() { return "fake/once"; }

    public Output generate(ModelRequest r) throws ModelException {
      if (calls.merge(r.messages().getLast().content(), 1, Integer::sum) == 1)
        throw new ModelException("fake: HTTP " + status, true, status, null, "{}", null);
      return Outputs.text("2").build();
    }
  }

  /**
   * Milliseconds the engine waited before each retry, longest first: the engine's backoff is recorded, not taken, so
   * the figures do not depend on how busy the machine is.
   */
  private List<Long> retryGaps(int status) {
    try (Store store = Store.open(dir.resolve(status + ".db").toString())) {
      Environment env = EngineTest.numbers(8);
      RunConfig cfg = EngineTest.config(1, 4, 3);
      var run = Runs.create(store, cfg, env.samples(), null);
      FailOnce m = new FailOnce(status);
      List<Duration> waits = new CopyOnWriteArrayList<>();
      RunResult r = new Engine(store, Secrets.NONE).clock(new Engine.Clock() {
        public long nanoTime() { return System.nanoTime(); }

        public void sleep(Duration d) { waits.add(d); }
      }).execute(run.id(), cfg, env, env.samples(), m, RunEvents.NONE);
      assertThat(r.errors()).isZero();
      assertThat(waits).as("one retry per prompt").hasSize(env.samples().size());
      return waits.stream().map(Duration::toMillis).sorted((a, b) -> Long.compare(b, a)).toList();
    }
  }

  @Test
  void aFailureThatSaysNothingAboutLoadIsRetriedWithinMilliseconds() {
    // the short backoff is 25-50 ms; the long one (load signals) at least 250 ms
    assertThat(retryGaps(500).getFirst()).isLessThan(200);
  }

  @Test
  void aLoadSignalKeepsTheLongBackoff() {
    assertThat(retryGaps(503).getLast()).isGreaterThanOrEqualTo(250);
  }
}
