package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.CandorVersion;
import dev.candor.run.Runs;
import dev.candor.store.Store;
import dev.candor.testing.TinyOpenAiServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run records what made it: the server's report of its model (later executions add to it; issue 16, item 19) and the
 * exact Candor build (version, git commit, dirty flag; issue 18, item 2); show prints both.
 */
class ServedModelRecordTest {
  @TempDir Path dir;

  @Test
  void aRunRecordsTheServedModelAndShowPrintsIt() throws Exception {
    try (TinyOpenAiServer server = new TinyOpenAiServer()) {
      String db = dir.resolve("s.db").toString();
      var run = Outcome.candor("run", "--suite", "reward-hints", "--model", "openai/m", "--base-url", server.origin() + "/v1",
          "--limit", "2", "--no-cache", "--db", db, "-q");
      assertThat(run.code()).as(run.err()).isZero();
      String id = run.out().lines().findFirst().orElseThrow();
      try (Store store = Store.open(db)) {
        Map<String, String> served = Runs.config(store.runs().get(id).orElseThrow()).served();
        assertThat(served).containsEntry("models.id", "m").containsEntry("models.max_model_len", "32768")
            .containsEntry("response_model", "m-served").containsEntry("response_system_fingerprint", "fp_1")
            .containsEntry("response_system_fingerprint_changed", "false");
        assertThat(store.runs().get(id).orElseThrow().candorVersion()).isEqualTo(CandorVersion.get())
            .contains("+" + (CandorVersion.current().commit() == null ? "unknown" : CandorVersion.current().commit()));
      }
      var show = Outcome.candor("show", id, "--db", db);
      assertThat(show.out().lines()).contains("build: candor " + CandorVersion.get());
      assertThat(show.out().lines().skip(1).findFirst().orElseThrow())
          .startsWith("served: ").contains("models.id=m").contains("response_model=m-served").contains("response_system_fingerprint=fp_1");

      // a later execution of the run (resume, another shard) meets another fingerprint: first seen stays, the change is noted
      server.fingerprints = n -> "fp_2";
      try (Store store = Store.open(db)) {
        var m = CliWiring.openAi().create("m",
            new dev.candor.model.ModelOptions(server.origin() + "/v1", java.time.Duration.ofSeconds(5)));
        m.generate(dev.candor.model.ModelRequest.of(java.util.List.of(dev.candor.model.Message.user("hi")), dev.candor.model.GenerateConfig.DEFAULT));
        Runs.recordServed(store, id, m);
        assertThat(Runs.config(store.runs().get(id).orElseThrow()).served()).containsEntry("models.id", "m")
            .containsEntry("response_system_fingerprint", "fp_1").containsEntry("response_system_fingerprint_changed", "true")
            .containsEntry("response_system_fingerprint_values", "fp_1 | fp_2");
      }
    }
  }
}
