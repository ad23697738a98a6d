package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.StoredJson;
import dev.candor.store.Store;
import dev.candor.core.Trajectory;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.Slow;
import dev.candor.testing.TestSeed;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's process is killed with SIGKILL mid-run and resumed: nothing finished is redone or duplicated. */
@Slow
class KillAndResumeTest {
  @TempDir Path dir;

  static Process candor(Path dir, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.candor.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectError(dir.resolve("stderr-" + System.nanoTime() + ".txt").toFile());
    pb.environment().remove("OPENAI_API_KEY");
    pb.environment().remove("OPENAI_BASE_URL");
    return pb.start();
  }

  @Test
  void sigkillThenResumeCompletesExactlyOnce() throws Exception {
    Random rnd = TestSeed.random("sigkillThenResume");
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.latency(Duration.ofMillis(40)).respondWith(req -> FakeOpenAiServer.completion()
          .content("My answer: " + rnd.nextInt(0, 100)).usage(20, 5, 0).json());
      Path db = dir.resolve("candor.db");
      Process p = candor(dir, "run", "--suite", "reward-hints", "--model", "openai/fake", "--base-url", server.baseUrl(),
          "--epochs", "4", "--max-connections", "4", "--db", db.toString(), "-q");
      String runId = new String(p.getInputStream().readNBytes(23)).trim();
      assertThat(runId).matches("\\d{8}-\\d{6}-[0-9a-f]{6}");

      // Wait until part of the run is stored, then kill -9.
      long total;
      Map<Trajectory.Key, String> before = new HashMap<>();
      try (Store s = Store.open(db.toString())) {
        total = s.samples().count(runId) * 4;
        long deadline = System.currentTimeMillis() + 60_000;
        while (s.trajectories().count(runId) < total / 3 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        p.destroyForcibly(); // SIGKILL on Unix
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        s.trajectories().forEach(runId, t -> before.put(t.key(), t.finishedAt()));
      }
      assertThat(before.size()).isGreaterThan(0).isLessThan((int) total);
      int requestsBeforeResume = server.requestCount();

      Process r = candor(dir, "resume", runId, "--db", db.toString(), "-q");
      assertThat(r.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(r.exitValue()).isZero();

      try (Store s = Store.open(db.toString())) {
        assertThat(s.integrityCheck()).isEqualTo("ok");
        assertThat(s.trajectories().count(runId)).isEqualTo(total);
        assertThat(s.trajectories().completedKeys(runId)).hasSize((int) total);
        Map<Trajectory.Key, String> after = new HashMap<>();
        int[] fromCache = {0};
        s.trajectories().forEach(runId, t -> {
          after.put(t.key(), t.finishedAt());
          if (!before.containsKey(t.key()) && StoredJson.attempts(t).contains("\"source\":\"cache\"")) fromCache[0]++;
        });
        before.forEach((k, v) -> assertThat(after.get(k)).as("finished %s was not redone", k).isEqualTo(v));
        assertThat(s.runs().get(runId).orElseThrow().status()).isEqualTo("complete");
        // The resume asked the server only for what was missing. A call answered before the kill whose cache row
        // was committed but whose trajectory was not is answered from the response cache instead.
        assertThat(server.requestCount() - requestsBeforeResume).isEqualTo((int) total - before.size() - fromCache[0]);
      }
    }
  }

  @Test
  void badInputExitsTwoAndWritesNothing() throws Exception {
    Path db = dir.resolve("x.db");
    Process p = candor(dir, "run", "--suite", "nope", "--model", "openai/x", "--db", db.toString());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.exists(db)).isFalse();
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "variants: [ {id: 3} ]\n");
    Process q = candor(dir, "run", "--suite", "reward-hints", "--model", "openai/x", "--base-url", "http://127.0.0.1:9/v1",
        "--variants", bad.toString(), "--db", db.toString());
    assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(q.exitValue()).isEqualTo(2);
    assertThat(Files.exists(db)).isFalse();
    File[] errs = dir.toFile().listFiles((d, n) -> n.startsWith("stderr-"));
    assertThat(errs).isNotEmpty();
  }
}
