package dev.candor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.RunRecords;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards of one run end concurrently and each writes the run's status from the counts it saw. A shard that counted
 * before another shard's last saves sees "partial"; if its write lands after the other shard's "complete", the run
 * must stay complete (ReliabilityTest.fourShardProcessesFillOneRunOnPostgresExactly once ended "partial" this way).
 */
class ShardStatusTest {
  @TempDir Path dir;

  @Test
  void aLatePartialDoesNotOverwriteComplete() {
    try (Store s = Store.open(dir.resolve("s.db").toString())) {
      s.runs().create(RunRecords.of("r").build(), List.of());
      s.runs().setStatus("r", "running", null);
      s.runs().setStatusUnless("r", "partial", "t1", "complete");
      assertThat(s.runs().get("r").orElseThrow().status()).as("a partial over running is written").isEqualTo("partial");
      s.runs().setStatus("r", "complete", "t2"); // the last shard finishes the run
      s.runs().setStatusUnless("r", "partial", "t3", "complete"); // a slower shard's view, written after
      assertThat(s.runs().get("r").orElseThrow()).satisfies(r -> {
        assertThat(r.status()).isEqualTo("complete");
        assertThat(r.finishedAt()).isEqualTo("t2");
      });
    }
  }
}
