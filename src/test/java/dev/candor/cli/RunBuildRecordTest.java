package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.CandorVersion;
import dev.candor.store.Store;
import dev.candor.testing.TinyOpenAiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run records the exact build that made it (version, git commit, dirty flag) and show prints it (issue 18, item 2). */
class RunBuildRecordTest {
  @TempDir Path dir;

  @Test
  void aRunRecordsTheBuildAndShowPrintsIt() throws Exception {
    try (TinyOpenAiServer server = new TinyOpenAiServer()) {
      String db = dir.resolve("b.db").toString();
      var run = Outcome.candor("run", "--suite", "reward-hints", "--model", "openai/m", "--base-url", server.origin() + "/v1",
          "--limit", "1", "--no-cache", "--db", db, "-q");
      assertThat(run.code()).as(run.err()).isZero();
      String id = run.out().lines().findFirst().orElseThrow();
      try (Store store = Store.open(db)) {
        assertThat(store.runs().get(id).orElseThrow().candorVersion()).isEqualTo(CandorVersion.get())
            .contains("+" + (CandorVersion.current().commit() == null ? "unknown" : CandorVersion.current().commit()));
      }
      var show = Outcome.candor("show", id, "--db", db);
      assertThat(show.out().lines()).contains("build: candor " + CandorVersion.get());
    }
  }
}
