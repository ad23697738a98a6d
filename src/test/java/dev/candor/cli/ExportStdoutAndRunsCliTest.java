package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --out -} writes text formats to standard output; {@code runs} keeps its columns in line. */
class ExportStdoutAndRunsCliTest {
  @TempDir Path dir;

  @Test
  void dashIsStandardOutputForTextFormatsAndRefusedForBinaryOnes() throws Exception {
    String db = dir.resolve("x.db").toString();
    Path dash = Path.of("-").toAbsolutePath();
    boolean dashBefore = Files.exists(dash);
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(FakeOpenAiServer.completion().content("Answer: 7").json());
      var run = candor("run", "--suite", "reward-hints", "--model", "openai/m", "--base-url", server.baseUrl(), "--limit", "2", "--no-cache",
          "-q", "--db", db);
      assertThat(run.code()).as(run.err()).isZero();
      String id = run.out().lines().findFirst().orElseThrow();

      var jsonl = candor("export", id, "--format", "jsonl", "--out", "-", "--db", db);
      assertThat(jsonl.code()).as(jsonl.err()).isZero();
      assertThat(jsonl.out().lines().toList()).hasSize(2)
          .allSatisfy(l -> assertThat(dev.candor.Json.MAPPER.readTree(l).path("run_id").asText()).isEqualTo(id));
      assertThat(jsonl.err()).contains("to standard output");
      var csv = candor("export", id, "--format", "csv", "--out", "-", "--db", db);
      assertThat(csv.code()).as(csv.err()).isZero();
      assertThat(csv.out()).startsWith("run_id,model,sample_id,epoch,variant");
      var json = candor("export", id, "--format", "inspect-json", "--out", "-", "--db", db);
      assertThat(json.code()).as(json.err()).isZero();
      assertThat(dev.candor.Json.MAPPER.readTree(json.out()).path("samples")).hasSize(2);
      for (String binary : List.of("parquet", "inspect")) {
        var refused = candor("export", id, "--format", binary, "--out", "-", "--db", db);
        assertThat(refused.code()).as(binary).isEqualTo(2);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().strip()).startsWith("candor: --out: '-' (standard output) takes a text format").contains(binary);
        assertThat(refused.err().strip().lines().count()).isEqualTo(1);
      }
      assertThat(Files.exists(dash)).as("a file named '-'").isEqualTo(dashBefore);

    } finally {
      if (!dashBefore) Files.deleteIfExists(dash);
    }
  }

  @Test
  void runsKeepsItsColumnsInLineWithLongNamesAndCutsNamesWithAnEllipsis() {
    String db = dir.resolve("r.db").toString();
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(FakeOpenAiServer.completion().content("Answer: 7").json());
      String longName = "a sweep whose name is much longer than any column would ever be";
      var run = candor("run", "--suite", "reward-hints", "--model", "openai/m", "--base-url", server.baseUrl(), "--limit", "2", "--no-cache",
          "-q", "--db", db);
      var named = candor("run", "--suite", "reward-hints", "--model", "openai/a-much-longer-model-name-than-usual-here", "--base-url",
          server.baseUrl(), "--limit", "2", "--no-cache", "-q", "--name", longName, "--db", db);
      assertThat(run.code()).as(run.err()).isZero();
      assertThat(named.code()).as(named.err()).isZero();
      var runs = candor("runs", "--db", db);
      assertThat(runs.code()).isZero();
      List<String> lines = runs.out().lines().toList();
      assertThat(lines).hasSize(3);
      int status = lines.get(0).indexOf("STATUS"), created = lines.get(0).indexOf("CREATED");
      for (String l : lines.subList(1, 3)) {
        assertThat(l.indexOf("complete")).as(l).isEqualTo(status);
        assertThat(l.indexOf("20", created)).as(l).isEqualTo(created);
      }
      assertThat(runs.out()).contains(longName.substring(0, 39) + "…").doesNotContain(longName);
    }
  }
}
