package dev.candor.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.testing.RunRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Inspect export, checked against real Inspect logs (test resources inspect-logs/, written by Inspect 0.3.95):
 * the same zip layout, every key the fixture has at each level (bar a few optional ones, listed), the same JSON types,
 * and the fields Inspect's schema requires. Both files are parsed with a plain Jackson mapper.
 */
class InspectExportTest {
  static final ObjectMapper M = new ObjectMapper().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
  static final Path FIXTURES = Path.of("src/test/resources/inspect-logs");
  @TempDir Path dir;

  /** Keys a fixture has that our export may leave out: all optional in Inspect's schema (_log.py). */
  static final Set<String> OPTIONAL = Set.of(
      "task_file", "model_base_url", "revision", "model_roles", // EvalSpec: no Python file, base URL, git revision
      "log_shared", "sandbox", "files", "setup", "error_retries", "options",
      "answer", "explanation"); // Score.answer/explanation: optional (a reduced score across epochs has no single answer)

  static JsonNode zipJson(ZipFile z, String name) throws IOException {
    ZipEntry e = z.getEntry(name);
    assertThat(e).as(name).isNotNull();
    try (InputStream in = z.getInputStream(e)) {
      return M.readTree(in);
    }
  }

  /** Every key of {@code fixture} (recursively, arrays by their first element) is in {@code ours} with the same JSON type. */
  static List<String> structureDiff(String path, JsonNode fixture, JsonNode ours) {
    List<String> diffs = new ArrayList<>();
    if (fixture == null || fixture.isNull() || ours == null || ours.isNull()) return diffs;
    if (path.endsWith(".events")) return diffs; // a union of event types, element by element: InspectSchemaTest checks them
    if (!sameKind(fixture, ours) && !union(path)) {
      diffs.add(path + ": fixture " + fixture.getNodeType() + ", ours " + ours.getNodeType());
      return diffs;
    }
    if (path.endsWith(".metrics") && fixture.isObject() && ours.isObject() && fixture.size() > 0) {
      // keyed by metric name: each of ours has the shape of the fixture's first
      JsonNode shape = fixture.elements().next();
      assertThat(ours.size()).as(path).isPositive();
      for (Iterator<Map.Entry<String, JsonNode>> it = ours.fields(); it.hasNext(); ) {
        var e = it.next();
        diffs.addAll(structureDiff(path + "." + e.getKey(), shape, e.getValue()));
      }
      return diffs;
    }
    if (fixture.isObject() && ours.isObject() && !freeForm(path)) {
      for (Iterator<Map.Entry<String, JsonNode>> it = fixture.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!ours.has(e.getKey())) {
          if (!OPTIONAL.contains(e.getKey())) diffs.add(path + "." + e.getKey() + ": missing");
          continue;
        }
        diffs.addAll(structureDiff(path + "." + e.getKey(), e.getValue(), ours.get(e.getKey())));
      }
    }
    if (fixture.isArray() && ours.isArray() && !fixture.isEmpty() && !ours.isEmpty())
      diffs.addAll(structureDiff(path + "[]", fixture.get(0), ours.get(0)));
    return diffs;
  }

  static boolean sameKind(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return true;
    return a.getNodeType() == b.getNodeType();
  }

  /** Fields whose schema type is a union (id: int|str, input: str|list, score value: str|number, content: str|list). */
  static boolean union(String path) {
    return path.endsWith(".id") || path.endsWith(".input") || path.endsWith(".value") || path.endsWith(".content")
        || path.endsWith(".sample_id") || path.endsWith("sample_ids[]");
  }

  /** Maps keyed by data, not schema (metadata, model names, scorer names). */
  static boolean freeForm(String path) {
    return path.endsWith("metadata") || path.endsWith("model_usage") || path.endsWith(".scores") || path.endsWith(".attachments")
        || path.endsWith(".store") || path.endsWith(".task_args") || path.endsWith(".task_attribs") || path.endsWith("params")
        || path.endsWith("task_args_passed") || path.endsWith(".packages") || path.endsWith("generate_config") || path.endsWith(".config");
  }

  static RunRecord run(Store store) {
    return CandorRuns.create(store);
  }

  @Test
  void evalZipHasInspectsLayoutKeysAndTypes() throws Exception {
    Path file;
    try (Store store = Store.open(dir.resolve("e.db").toString())) {
      file = InspectExport.write(store, run(store), dir, true);
    }
    // Inspect's {created}_{task}_{task_id}: the task id has no '-' or '_', so Inspect parses task and id back
    assertThat(file.getFileName().toString()).isEqualTo("2026-01-01T00-00-00-00-00_reward-hints_" + InspectExport.taskId(CandorRuns.create(
        Store.open(dir.resolve("n.db").toString()))) + ".eval");
    try (ZipFile ours = new ZipFile(file.toFile()); ZipFile fx = new ZipFile(FIXTURES.resolve("log_read_sample.eval").toFile())) {
      List<String> names = ours.stream().map(ZipEntry::getName).toList();
      assertThat(names).containsExactlyInAnyOrder("_journal/start.json", "samples/rh-1_epoch_1.json", "samples/rh-1_epoch_2.json",
          "samples/rh-2_epoch_1.json", "samples/rh-2_epoch_2.json", "_journal/summaries/1.json", "summaries.json", "reductions.json", "header.json");
      Map<String, String> pairs = new LinkedHashMap<>();
      pairs.put("header.json", "header.json");
      pairs.put("_journal/start.json", "_journal/start.json");
      pairs.put("summaries.json", "summaries.json");
      pairs.put("_journal/summaries/1.json", "_journal/summaries/1.json");
      pairs.put("reductions.json", "reductions.json");
      pairs.put("samples/1_epoch_1.json", "samples/rh-1_epoch_1.json");
      for (var p : pairs.entrySet())
        assertThat(structureDiff(p.getValue(), zipJson(fx, p.getKey()), zipJson(ours, p.getValue()))).as(p.getValue()).isEmpty();

      JsonNode header = zipJson(ours, "header.json");
      requiredLogFields(header);
      assertThat(header.has("samples")).isFalse();
      assertThat(header.path("status").asText()).isEqualTo("success");
      assertThat(header.at("/eval/task").asText()).isEqualTo("reward-hints");
      assertThat(header.at("/eval/model").asText()).isEqualTo("openai/gpt-x");
      assertThat(header.at("/eval/config/epochs").asInt()).isEqualTo(2);
      assertThat(header.at("/eval/model_generate_config/temperature").asDouble()).isEqualTo(1.0);
      assertThat(header.at("/eval/model_generate_config/max_tokens").asInt()).isEqualTo(512);
      assertThat(header.at("/eval/dataset/sample_ids")).hasSize(2);
      assertThat(header.at("/results/total_samples").asInt()).isEqualTo(4);
      assertThat(header.at("/results/completed_samples").asInt()).isEqualTo(3);
      assertThat(header.at("/results/scores/0/metrics/mean/value").asDouble()).isEqualTo(1.0); // 2 of 2 counted are odd
      assertThat(header.at("/stats/model_usage/openai~1gpt-x/input_tokens").asLong()).isEqualTo(290);

      assertThat(zipJson(ours, "summaries.json")).hasSize(4);
      JsonNode red = zipJson(ours, "reductions.json");
      assertThat(red.at("/0/scorer").asText()).isEqualTo("candor");
      assertThat(red.at("/0/samples")).hasSize(2);
      assertThat(red.at("/0/samples/0/sample_id").asText()).isEqualTo("rh-1");
      assertThat(red.at("/0/samples/0/value").asDouble()).isEqualTo(1.0);
      assertThat(Double.isNaN(red.at("/0/samples/1/value").asDouble())).as("rh-2 has no counted value").isTrue();

      sampleContent(zipJson(ours, "samples/rh-1_epoch_1.json"));
      JsonNode err = zipJson(ours, "samples/rh-2_epoch_2.json");
      assertThat(err.at("/error/message").asText()).contains("HTTP 500");
      assertThat(err.at("/scores/candor/value").isDouble() && Double.isNaN(err.at("/scores/candor/value").asDouble())).isTrue();
      assertThat(err.at("/scores/candor/metadata/unscored_reason").asText()).isEqualTo("error");
      assertThat(err.at("/output/choices")).isEmpty();
      JsonNode unparsed = zipJson(ours, "samples/rh-2_epoch_1.json");
      assertThat(unparsed.path("input").asText()).isEqualTo("Give a random even number (2).");
      assertThat(Double.isNaN(unparsed.at("/scores/candor/value").asDouble())).as("unscored values are NaN, as Inspect writes them").isTrue();
      assertThat(unparsed.at("/scores/candor/metadata/unscored_reason").asText()).isEqualTo("unparsed");
      assertThat(unparsed.at("/scores/candor/metadata/label").asText()).isEqualTo("unparsed");
      assertThat(unparsed.at("/scores/candor/metadata/value").isNull()).isTrue();
    }
  }

  @Test
  void evalRevisionIsTheBuildTheRunRecorded() throws Exception {
    String commit = "0123456789abcdef0123456789abcdef01234567";
    JsonNode eval;
    try (Store store = Store.open(dir.resolve("r.db").toString())) {
      RunRecord run = RunRecords.of("20260101-000000-abcdef").name("demo").model("openai/gpt-x")
          .candorVersion("0.2.0+" + commit + ".dirty").seed(42).config(CandorRuns.CONFIG)
          .finishedAt("2026-01-01T00:05:00Z").build();
      store.runs().create(run, List.of());
      eval = M.readTree(InspectExport.write(store, run, dir, false).toFile()).get("eval");
    }
    assertThat(eval.get("revision")).isEqualTo(M.readTree(
        "{\"type\":\"git\",\"origin\":\"\",\"commit\":\"" + commit + "\",\"dirty\":true}"));
    assertThat(eval.at("/packages/candor").asText()).isEqualTo("0.2.0");
    assertThat(eval.at("/metadata/candor/candor_version").asText()).isEqualTo("0.2.0+" + commit + ".dirty");
  }

  @Test
  void jsonLogHasInspectsKeysAndTypes() throws Exception {
    Path file;
    try (Store store = Store.open(dir.resolve("j.db").toString())) {
      file = InspectExport.write(store, run(store), dir, false);
    }
    assertThat(file.toString()).endsWith(".json");
    assertThat(Files.list(dir).filter(p -> p.getFileName().toString().startsWith(".inspect-samples")).toList()).isEmpty();
    JsonNode ours = M.readTree(file.toFile());
    for (String fixture : List.of("log_read_sample.json", "log_formats.json")) {
      JsonNode fx = M.readTree(FIXTURES.resolve(fixture).toFile());
      List<String> diffs = structureDiff("log", stripLegacy(fx), ours);
      assertThat(diffs).as(fixture).isEmpty();
    }
    requiredLogFields(ours);
    List<String> keys = new ArrayList<>();
    ours.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("version", "status", "eval", "plan", "results", "stats", "invalidated", "tags", "metadata", "samples",
        "reductions");
    assertThat(ours.get("samples")).hasSize(4);
    for (JsonNode s : ours.get("samples")) {
      assertThat(s.has("id") && s.has("epoch") && s.has("input") && s.has("target")).isTrue();
      for (JsonNode m : s.get("messages")) assertThat(m.has("role") && m.has("content")).as(m.toString()).isTrue();
    }
    sampleContent(ours.get("samples").get(0));
  }

  /** Keys of the 2024 fixture that Inspect itself has since replaced (transcript → events; sample_reductions → reductions). */
  static JsonNode stripLegacy(JsonNode fx) {
    JsonNode copy = fx.deepCopy();
    for (JsonNode s : copy.path("samples")) ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove("transcript");
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("results")).remove("sample_reductions");
    return copy;
  }

  /** The fields EvalLog, EvalSpec, EvalDataset and EvalConfig require (no default in _log.py). */
  static void requiredLogFields(JsonNode log) {
    assertThat(log.path("version").asInt()).isEqualTo(2);
    assertThat(log.path("eval").path("created").isTextual()).isTrue();
    assertThat(java.time.OffsetDateTime.parse(log.at("/eval/created").asText())).isNotNull();
    assertThat(log.at("/eval/task").isTextual()).isTrue();
    assertThat(log.at("/eval/dataset").isObject()).isTrue();
    assertThat(log.at("/eval/model").isTextual()).isTrue();
    assertThat(log.at("/eval/config").isObject()).isTrue();
    assertThat(log.at("/results/scores/0/name").isTextual()).isTrue();
    assertThat(log.at("/results/scores/0/scorer").isTextual()).isTrue();
  }

  static void sampleContent(JsonNode s) {
    assertThat(s.path("id").asText()).isEqualTo("rh-1");
    assertThat(s.path("epoch").asInt()).isEqualTo(1);
    assertThat(s.path("input").isArray()).isTrue(); // system + user
    assertThat(s.at("/input/0/role").asText()).isEqualTo("system");
    assertThat(s.at("/input/1/source").asText()).isEqualTo("input");
    JsonNode msgs = s.get("messages");
    assertThat(msgs).hasSize(5);
    JsonNode call = msgs.get(2);
    assertThat(call.path("role").asText()).isEqualTo("assistant");
    assertThat(call.at("/content/0/type").asText()).isEqualTo("reasoning");
    assertThat(call.at("/content/0/reasoning").asText()).isEqualTo("Let me look at the grader.");
    assertThat(call.at("/content/1/type").asText()).isEqualTo("text");
    assertThat(call.at("/tool_calls/0/function").asText()).isEqualTo("read_file");
    assertThat(call.at("/tool_calls/0/arguments/path").asText()).isEqualTo("grader.py");
    JsonNode tool = msgs.get(3);
    assertThat(tool.path("role").asText()).isEqualTo("tool");
    assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(tool.path("function").asText()).isEqualTo("read_file");
    assertThat(s.at("/output/choices/0/message/content/1/text").asText()).isEqualTo("7");
    assertThat(s.at("/output/choices/0/stop_reason").asText()).isEqualTo("stop");
    assertThat(s.at("/output/usage/total_tokens").asLong()).isEqualTo(150);
    assertThat(s.at("/output/time").asDouble()).isEqualTo(1.5);
    JsonNode score = s.at("/scores/candor");
    assertThat(score.path("value").asInt()).isEqualTo(1);
    assertThat(score.path("answer").asText()).isEqualTo("7");
    assertThat(score.path("explanation").asText()).isEqualTo("answer 7 is odd");
    assertThat(score.at("/metadata/label").asText()).isEqualTo("odd");
    assertThat(score.at("/metadata/evidence/0").asText()).isEqualTo("reward = output % 2");
    assertThat(s.at("/metadata/variant").asText()).isEqualTo("points-plain");
    assertThat(s.at("/metadata/axes/field").asText()).isEqualTo("points");
    assertThat(s.at("/metadata/parity").asText()).isEqualTo("even");
  }

  @Test
  void missingDirectoryIsAClearError() {
    try (Store store = Store.open(dir.resolve("m.db").toString())) {
      RunRecord r = run(store);
      assertThatThrownBy(() -> InspectExport.write(store, r, dir.resolve("nope"), true)).isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.OUT).hasMessageContaining("output file: directory");
    }
  }
}
