package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.Store;
import dev.candor.testing.FakeOpenAiServer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run exported as JSONL and imported again can be intervened on; a stored config Candor cannot use is one line. */
class ImportedRunCliTest {
  @TempDir Path dir;

  @Test
  void anImportedJsonlRunCanBeIntervenedOnAndAnUnusableConfigIsOneLine() throws Exception {
    String db = dir.resolve("imp.db").toString();
    AtomicInteger n = new AtomicInteger();
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(req -> {
        if (req.path("continue_final_message").asBoolean(false))
          return FakeOpenAiServer.completion().content(" So even it is.</think>\n\n8").json();
        String r = n.getAndIncrement() % 2 == 0 ? AnalysisCliTest.AWARE : AnalysisCliTest.UNAWARE;
        return FakeOpenAiServer.completion().content("<think>" + r + "</think>\n\n" + (r == AnalysisCliTest.AWARE ? "7" : "8")).json();
      });
      var run = candor("run", "--suite", "reward-hints", "--model", "openai/fake-r1", "--base-url", server.baseUrl(), "--limit", "2",
          "--epochs", "3", "--no-cache", "-q", "--db", db);
      assertThat(run.code()).as(run.err()).isZero();
      String src = run.out().lines().findFirst().orElseThrow();
      Path file = dir.resolve("reward-hints.jsonl");
      assertThat(candor("export", src, "--format", "jsonl", "--out", file.toString(), "--db", db).code()).isZero();
      var imp = candor("import", file.toString(), "--db", db);
      assertThat(imp.code()).as(imp.err()).isZero();
      String imported = imp.out().lines().findFirst().orElseThrow();
      try (Store store = Store.open(db)) {
        var cfg = dev.candor.run.Runs.config(store.runs().get(imported).orElseThrow());
        assertThat(cfg.epochs()).isEqualTo(3);
        assertThat(cfg.suite()).isEqualTo("reward-hints");
        assertThat(cfg.model()).isEqualTo("openai/fake-r1");
        assertThat(store.runs().get(imported).orElseThrow().configJson()).contains("\"imported\"");
      }
      var iv = candor("intervene", imported, "--remove-aware", "--prefill", "continue_final_message", "--base-url", server.baseUrl(),
          "--db", db, "-q");
      assertThat(iv.code()).as(iv.err()).isZero();
      assertThat(iv.out()).contains("remove-aware");

      try (Store store = Store.open(db)) { // as imports stored it before: no run configuration
        store.runs().updateConfig(imported, "{\"imported\":{\"file\":\"reward-hints.jsonl\",\"format\":\"candor-jsonl\"}}");
      }
      for (String cmd : new String[] {"intervene", "resume"}) {
        var bad = cmd.equals("intervene")
            ? candor("intervene", imported, "--remove-aware", "--prefill", "continue_final_message", "--base-url", server.baseUrl(), "--db", db, "-q")
            : candor("resume", imported, "--db", db, "-q");
        assertThat(bad.code()).as(cmd + ": " + bad.err()).isEqualTo(2);
        assertThat(bad.err().strip()).as(cmd).startsWith("candor: run " + imported + " (reward-hints.jsonl): its stored configuration cannot be used")
            .doesNotContain("\tat ");
        assertThat(bad.err().strip().lines().count()).as(cmd).isEqualTo(1);
      }
    }
  }
}
