package dev.candor.cli;

import static dev.candor.cli.Outcome.captured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.suite.Environment;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import dev.candor.model.Model;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.core.RunConfig;
import dev.candor.run.Runs;
import dev.candor.store.Store;
import dev.candor.testing.RunConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs too big to hold are refused up front, a response size limit must be positive, and a fatal error in a run ends
 * it with one line and a non-zero exit code, never 0 (issue 16, item 5).
 */
class RunLimitsTest {
  @TempDir Path dir;

  @Test
  void twoBillionEpochsAreRefusedNamingEpochsBeforeAnythingIsAllocatedOrWritten() {
    Path db = dir.resolve("e.db");
    long t0 = System.nanoTime();
    Outcome o = captured(() -> Main.execute("run", "--suite", "reward-hints", "--model", "organism/sft", "--epochs", "2000000000",
        "--limit", "1", "--db", db.toString(), "-q"));
    assertThat(o.code()).as(o.err()).isEqualTo(2);
    assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
    assertThat(o.err()).startsWith("candor: --epochs: ").contains("1 x 2000000000");
    assertThat(Files.exists(db)).isFalse();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(30_000);
  }

  @Test
  void aResponseLimitBelowOneByteIsBadInput() {
    Path db = dir.resolve("l.db");
    Outcome o = captured(() -> Main.execute("run", "--suite", "reward-hints", "--model", "organism/sft", "--max-response-bytes", "0",
        "--db", db.toString(), "-q"));
    assertThat(o.code()).as(o.err()).isEqualTo(2);
    assertThat(o.err()).contains("--max-response-bytes: expected a whole number >= 1, got 0");
    assertThat(Files.exists(db)).isFalse();
  }

  @Test
  void aFatalErrorDuringARunExitsNonZeroWithOneLine() {
    try (Store store = Store.open(dir.resolve("f.db").toString())) {
      Environment env = RewardHintEnvironment.standard();
      var samples = env.samples().subList(0, 2);
      RunConfig cfg = RunConfigs.of("reward-hints", "fake/oom").limit(2).maxConnections(2).build();
      var run = Runs.create(store, cfg, samples, null);
      Model oom = new Model() {
        public String spec() { return "fake/oom"; }
        public Output generate(ModelRequest r) { throw new OutOfMemoryError("Java heap space"); }
      };
      Outcome o = captured(() -> Execution.execute(store, run, cfg, env, samples, oom, true, dev.candor.run.Shard.ALL));
      assertThat(o.code()).isEqualTo(1);
      assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
      assertThat(o.err()).contains("OutOfMemoryError").contains("candor resume " + run.id());
    }
  }
}
