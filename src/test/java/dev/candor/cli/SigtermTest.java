package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.Store;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM stops a run as Ctrl-C does: in-flight work winds down, the run is marked, and the exit code is the documented 1. */
@Slow
class SigtermTest {
  @TempDir Path dir;

  @Test
  void sigtermExitsOneAfterStoppingTheRunCleanly() throws Exception {
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.latency(Duration.ofMillis(50)).respondWith(req -> FakeOpenAiServer.completion().content("Answer: 4").usage(20, 5, 0).json());
      Path db = dir.resolve("candor.db");
      Process p = KillAndResumeTest.candor(dir, "run", "--suite", "reward-hints", "--model", "openai/fake", "--base-url", server.baseUrl(),
          "--epochs", "50", "--max-connections", "2", "--db", db.toString(), "-q");
      String runId = new String(p.getInputStream().readNBytes(23)).trim();
      try (Store s = Store.open(db.toString(), Store.Access.READ)) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (s.trajectories().count(runId) < 10 && System.currentTimeMillis() < deadline) Thread.sleep(20);
      }
      p.destroy(); // SIGTERM on Unix
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String err;
      try (var files = Files.list(dir)) {
        err = Files.readString(files.filter(f -> f.getFileName().toString().startsWith("stderr-")).findFirst().orElseThrow());
      }
      assertThat(p.exitValue()).as(err).isEqualTo(1);
      assertThat(err).contains("candor: run " + runId + " interrupted with ").contains("continue with: candor resume " + runId);
      try (Store s = Store.open(db.toString(), Store.Access.READ)) {
        assertThat(s.trajectories().count(runId)).isGreaterThanOrEqualTo(10).isLessThan(39L * 50);
      }
    }
  }
}
