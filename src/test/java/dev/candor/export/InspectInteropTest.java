package dev.candor.export;

import dev.candor.testing.StoredJson;
import dev.candor.core.Score;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.testing.Slow;
import dev.candor.core.Trajectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real inspect_ai (installed from PyPI into a virtual environment by .ci/run): Candor's .eval and .json
 * exports read by {@code read_eval_log}, {@code samples_df}, {@code messages_df}, {@code events_df} and Inspect's
 * mean metric, and validated against the schema {@code inspect log schema} prints; logs written by {@code inspect eval}
 * with its mockllm/model provider (tool calls, a tool error, three scorers, an errored sample, a failed run, a run
 * cancelled with SIGINT) imported.
 *
 * <p>The Python comes from {@code CANDOR_INSPECT_PYTHON}, else {@code ~/.cache/candor/inspect-venv/bin/python} (under
 * {@code CANDOR_CACHE_DIR} when set). Without an importable inspect_ai the tests are skipped, saying so.
 */
@Slow
class InspectInteropTest {
  static final Path SCRIPTS = Path.of("src/test/resources/inspect-interop").toAbsolutePath();
  static Path python;
  @TempDir Path dir;

  static Path venvBin() {
    String py = System.getenv("CANDOR_INSPECT_PYTHON");
    if (py != null && !py.isBlank()) return Path.of(py).toAbsolutePath().getParent();
    String cache = System.getenv("CANDOR_CACHE_DIR");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "candor");
    return base.resolve("inspect-venv").resolve("bin");
  }

  @BeforeAll
  static void findInspect() throws Exception {
    String env = System.getenv("CANDOR_INSPECT_PYTHON");
    Path py = env != null && !env.isBlank() ? Path.of(env) : venvBin().resolve("python");
    boolean ok = Files.isExecutable(py) && run(List.of(py.toString(), "-c", "import inspect_ai, pandas"), SCRIPTS, 120).code == 0;
    Assumptions.assumeTrue(ok, "inspect-ai is not installed at " + py + " (set CANDOR_INSPECT_PYTHON, or let .ci/run install it): "
        + "the real-Inspect interop tests are skipped");
    python = py;
  }

  record Result(int code, String out, String err) {}

  static Result run(List<String> cmd, Path cwd, int timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().put("INSPECT_LOG_LEVEL", "warning");
    Path out = Files.createTempFile("inspect-out", ".txt");
    Path err = Files.createTempFile("inspect-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish in " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void candorExportsReadWithInspect() throws Exception {
    List<Path> files = new ArrayList<>();
    try (Store s = Store.open(dir.resolve("x.db").toString())) {
      RunRecord run = CandorRuns.create(s);
      s.scores().save(List.of(new ScoreRecord(run.id(), "rh-1", 1, "awareness-lexical-v1", new Score(Score.Status.SCORED, "aware", 1, null, null, List.of(), Map.of()), "2026-01-01T00:06:00Z"),
          new ScoreRecord(run.id(), "rh-2", 1, "awareness-lexical-v1", new Score(Score.Status.NOT_COUNTED, "not_applicable", null, null, null, List.of(), Map.of()), "2026-01-01T00:06:00Z")));
      files.add(InspectExport.write(s, run, dir, true));
      files.add(InspectExport.write(s, run, dir, false));
    }
    List<String> cmd = new ArrayList<>(List.of(python.toString(), SCRIPTS.resolve("check_export.py").toString(),
        python.getParent().resolve("inspect").toString()));
    files.forEach(f -> cmd.add(f.toString()));
    Result r = run(cmd, dir, 300);
    assertThat(r.code).as(r.err).isZero();
    List<JsonNode> results = new ArrayList<>();
    for (String line : r.out.split("\n")) if (line.startsWith("{")) results.add(Json.MAPPER.readTree(line));
    assertThat(results).hasSize(2);
    for (JsonNode x : results) {
      String f = x.get("path").asText();
      assertThat(x.get("status").asText()).as(f).isEqualTo("success");
      assertThat(x.get("samples").asInt()).as(f).isEqualTo(4);
      assertThat(x.get("scorers")).as(f).extracting(JsonNode::asText).containsExactly("awareness-lexical-v1", "candor");
      assertThat(x.get("unscored").asInt()).as(f + ": unparsed and error are NaN").isEqualTo(2);
      assertThat(x.get("mean").asDouble()).as(f + ": Inspect's mean leaves NaN out, as Candor's rate does").isEqualTo(1.0);
      assertThat(x.get("samples_df").asInt()).as(f).isEqualTo(4);
      assertThat(x.get("messages_df").asInt()).as(f + ": messages_df works (it needs message ids)").isPositive();
      assertThat(x.get("events_df").asInt()).as(f).isPositive();
      assertThat(x.get("event_types")).as(f).extracting(JsonNode::asText).contains("model", "tool", "score", "error");
    }
    assertThat(results.get(1).get("violations")).as("against `inspect log schema`").isEmpty();
  }

  @Test
  void aCancelledInspectRunImports() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("cancelled"));
    Path inspect = python.getParent().resolve("inspect");
    // SIGINT as a terminal's Ctrl-C sends it; reset to the default first, since a shell starting CI in the background ignores it
    Process p = new ProcessBuilder(python.toString(), "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        + "os.execv(sys.argv[1], sys.argv[1:])", inspect.toString(), "eval", "interop_task.py", "--model", "mockllm/model",
        "--log-dir", logs.toString(), "--display", "none", "-T", "hang=true")
        .directory(SCRIPTS.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("cancel.log").toFile()).start();
    try {
      long until = System.nanoTime() + 120_000_000_000L;
      while (listLogs(logs).isEmpty() && System.nanoTime() < until && p.isAlive()) Thread.sleep(200);
      assertThat(listLogs(logs)).as(Files.readString(dir.resolve("cancel.log"))).hasSize(1);
      Thread.sleep(3000); // the other samples finish; sample 3 waits
      assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor()).isZero();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("inspect eval stops on SIGINT").isTrue();
    } finally {
      p.destroyForcibly();
    }
    try (Store s = Store.open(dir.resolve("c.db").toString())) {
      RunRecord r = Importer.importFile(s, listLogs(logs).getFirst());
      assertThat(r.status()).isEqualTo("interrupted");
      JsonNode config = Json.MAPPER.readTree(r.configJson());
      assertThat(config.at("/imported/status").asText()).isEqualTo("cancelled");
      assertThat(config.at("/imported/dataset_samples").asInt()).as("the dataset's full sample count").isEqualTo(3);
    }
  }

  static List<Path> listLogs(Path dir) throws IOException {
    try (Stream<Path> st = Files.list(dir)) {
      return st.filter(f -> f.toString().endsWith(".eval")).toList();
    }
  }

  @Test
  void logsWrittenByInspectEvalImport() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path inspect = python.getParent().resolve("inspect");
    for (List<String> extra : List.of(List.<String>of(), List.of("-T", "fail=true", "--log-format", "json"))) {
      List<String> cmd = new ArrayList<>(List.of(inspect.toString(), "eval", "interop_task.py", "--model", "mockllm/model",
          "--log-dir", logs.toString(), "--display", "none"));
      cmd.addAll(extra);
      Result r = run(cmd, SCRIPTS, 300);
      assertThat(r.code).as(r.err).isIn(0, 1); // 1: the fail=true run fails, as it should
    }
    List<Path> files;
    try (Stream<Path> st = Files.list(logs)) {
      files = st.filter(p -> p.toString().endsWith(".eval") || p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSize(2);
    try (Store s = Store.open(dir.resolve("i.db").toString())) {
      for (Path f : files) {
        boolean failed = f.toString().endsWith(".json");
        RunRecord r = Importer.importFile(s, f);
        assertThat(r.suite()).isEqualTo("interop");
        assertThat(r.model()).isEqualTo("mockllm/model");
        assertThat(r.status()).as(f.toString()).isEqualTo(failed ? "failed" : "complete");
        List<Trajectory> t = new ArrayList<>();
        s.trajectories().forEach(r.id(), t::add);
        assertThat(t).extracting(x -> x.score().label()).contains("error");
        if (failed) {
          assertThat(Json.MAPPER.readTree(r.configJson()).at("/imported/error/message").asText()).contains("exploded on purpose");
          continue;
        }
        assertThat(t).hasSize(6);
        assertThat(s.scores().scorers(r.id())).containsExactlyInAnyOrder("awareness", "judge");
        Trajectory one = s.trajectories().get(r.id(), "1", 1).orElseThrow();
        assertThat(one.score().label()).isEqualTo("correct");
        assertThat(StoredJson.messages(one)).contains("\"reasoningSignature\":\"sig-1\"").contains("File not found: grader.yaml");
        assertThat(one.tokens().input()).as("usage over every model call").isGreaterThan(70);
        assertThat(s.scores().of(r.id(), "judge")).allSatisfy(x -> assertThat(x.label()).isEqualTo("refusal"));
        assertThat(Json.MAPPER.readTree(r.configJson()).at("/imported/integer_ids")).extracting(JsonNode::asLong).containsExactlyInAnyOrder(1L, 3L);
      }
    }
  }
}
