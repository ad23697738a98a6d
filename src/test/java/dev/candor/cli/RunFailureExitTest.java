package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.Store;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.Fault;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #16: a run in which every call failed (all 401s, connection refused) exited 0 as "complete". */
class RunFailureExitTest {
  @TempDir Path dir;

  @Test
  void refusedCredentialsStopTheRunWithOneLineAndExitOne() {
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      for (int i = 0; i < 200; i++) server.enqueue(Fault.status(401, "Incorrect API key provided"));
      String db = dir.resolve("a.db").toString();
      var o = Outcome.candor("run", "--suite", "reward-hints", "--model", "openai/fake", "--base-url", server.baseUrl(),
          "--epochs", "3", "--max-connections", "2", "-q", "--db", db);
      assertThat(o.code()).as(o.err()).isEqualTo(1);
      assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
      assertThat(o.err()).contains("the server refused the credentials").contains("HTTP 401").contains("check the API key")
          .contains("candor resume");
      assertThat(server.requestCount()).as("no retries, no further samples").isLessThanOrEqualTo(2);
      try (Store s = Store.open(db)) {
        assertThat(s.runs().all()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("failed"));
      }
    }
  }

  @Test
  void aRunWhoseEveryTrajectoryFailedExitsOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: connections are refused
    }
    var o = Outcome.candor("run", "--suite", "reward-hints", "--model", "openai/fake", "--base-url", "http://127.0.0.1:" + port + "/v1",
        "--limit", "3", "--max-attempts", "1", "-q", "--db", dir.resolve("b.db").toString());
    assertThat(o.code()).as(o.err()).isEqualTo(1);
    assertThat(o.err()).contains("every one of its 3 trajectories ended in error").contains("could not connect").contains("candor resume");
  }
}
