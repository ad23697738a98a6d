package dev.candor.run;

import dev.candor.core.RunConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.suite.Environment;
import dev.candor.model.Model;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Error in a worker (an OutOfMemoryError on a huge body) stops the run as fatal instead of ending one worker silently (issue 16, item 5). */
class FatalErrorTest {
  @TempDir Path dir;

  @Test
  void anErrorInAWorkerMakesTheRunFailWithItsMessage() {
    try (Store store = Store.open(dir.resolve("f.db").toString())) {
      Environment env = EngineTest.numbers(2);
      RunConfig cfg = EngineTest.config(1, 2, 3);
      var run = Runs.create(store, cfg, env.samples(), null);
      Model oom = new Model() {
        public String spec() { return "fake/oom"; }
        public Output generate(ModelRequest r) { throw new OutOfMemoryError("Java heap space"); }
      };
      RunResult r = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), oom, RunEvents.NONE);
      assertThat(r.complete()).isFalse();
      assertThat(r.fatal()).contains("fatal error on s").contains("OutOfMemoryError: Java heap space");
      assertThat(store.runs().get(run.id()).orElseThrow().status()).isEqualTo("failed");
    }
  }
}
