package dev.candor.export;

import static dev.candor.testing.TrajectoryBuilder.trajectory;

import dev.candor.testing.StoredJson;
import dev.candor.core.Score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.analysis.Intervention;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.testing.RunRecords;
import dev.candor.core.Trajectory;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspect interchange without loss, both ways: named scores, NaN for unscored values, every scorer of an Inspect log,
 * targets, id types, tool errors, reasoning signatures, usage over all calls, events, timings, the log's error, plan
 * and metadata, --variant-key, intervention runs; and Inspect logs (written by Inspect 0.3.261, and one derived from
 * them in the test, compressed with Zstandard as current Inspect does) → import → export → the same fields back.
 */
class InspectInterchangeTest {
  static final Path V261 = Path.of("src/test/resources/inspect-logs/0.3.261");
  @TempDir Path dir;

  static List<Trajectory> all(Store s, RunRecord r) {
    List<Trajectory> out = new ArrayList<>();
    s.trajectories().forEach(r.id(), out::add);
    return out;
  }

  static JsonNode read(Path file) throws Exception {
    if (file.toString().endsWith(".json")) return Json.MAPPER.readTree(file.toFile());
    try (EvalZip.Reader z = new EvalZip.Reader(file)) { // as one .json log: header + samples + reductions
      ObjectNode log = (ObjectNode) Json.MAPPER.readTree(z.bytes("header.json"));
      ArrayNode samples = log.putArray("samples");
      for (String n : z.names()) if (n.startsWith("samples/")) samples.add(Json.MAPPER.readTree(z.bytes(n)));
      if (z.has("reductions.json")) log.set("reductions", Json.MAPPER.readTree(z.bytes("reductions.json")));
      return log;
    }
  }

  static Map<String, JsonNode> byKey(JsonNode log) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode s : log.path("samples")) out.put(s.get("id").asText() + "/" + s.get("epoch").asInt(), s);
    return out;
  }

  static ScoreRecord aware(RunRecord run, String sample, int epoch, String label, Integer value) {
    return new ScoreRecord(run.id(), sample, epoch, "awareness-lexical-v1", new Score(value == null ? Score.Status.NOT_COUNTED : Score.Status.SCORED, label, value, null, "lexical", List.of("this might be a test"), Map.of("metagaming", false)), "2026-01-01T00:06:00Z");
  }

  @Test
  void namedScoresAndUnscoredValuesGoOutAndComeBack() throws Exception {
    for (boolean zip : new boolean[] {true, false}) {
      try (Store s = Store.open(dir.resolve("n" + zip + ".db").toString())) {
        RunRecord src = CandorRuns.create(s);
        s.scores().save(List.of(aware(src, "rh-1", 1, "aware", 1), aware(src, "rh-1", 2, "not_aware", 0),
            aware(src, "rh-2", 1, "not_applicable", null)));
        Path file = InspectExport.write(s, src, dir, zip);
        JsonNode log = read(file);
        JsonNode rh11 = byKey(log).get("rh-1/1");
        assertThat(rh11.at("/scores/awareness-lexical-v1/value").asInt()).isEqualTo(1);
        assertThat(rh11.at("/scores/awareness-lexical-v1/metadata/label").asText()).isEqualTo("aware");
        JsonNode na = byKey(log).get("rh-2/1").at("/scores/awareness-lexical-v1");
        assertThat(Double.isNaN(na.get("value").asDouble())).as("not_applicable is NaN").isTrue();
        assertThat(na.at("/metadata/unscored_reason").asText()).isEqualTo("not_applicable");
        assertThat(log.at("/eval/scorers")).extracting(n -> n.get("name").asText()).containsExactly("candor", "awareness-lexical-v1");
        assertThat(log.at("/results/scores/1/name").asText()).isEqualTo("awareness-lexical-v1");
        assertThat(log.at("/results/scores/1/metrics/mean/value").asDouble()).isEqualTo(0.5); // NaN left out, as Inspect does
        assertThat(log.at("/results/scores/1/scored_samples").asInt()).isEqualTo(2);
        assertThat(log.at("/reductions/1/scorer").asText()).isEqualTo("awareness-lexical-v1");

        RunRecord back = Importer.importFile(s, file);
        assertThat(s.scores().scorers(back.id())).containsExactly("awareness-lexical-v1");
        assertThat(s.scores().of(back.id(), "awareness-lexical-v1")).usingRecursiveFieldByFieldElementComparatorIgnoringFields("runId", "createdAt",
            "score.evidence", "score.metadata").isEqualTo(s.scores().of(src.id(), "awareness-lexical-v1"));
        for (int i = 0; i < 3; i++) {
          ScoreRecord a = s.scores().of(src.id(), "awareness-lexical-v1").get(i);
          ScoreRecord b = s.scores().of(back.id(), "awareness-lexical-v1").get(i);
          assertThat(ImporterTest.sameJson(Json.write(a.score().evidence()), Json.write(b.score().evidence()))
              && ImporterTest.sameJson(Json.write(a.score().metadata()), Json.write(b.score().metadata()))).isTrue();
        }
        assertThat(s.trajectories().labelCounts(back.id())).isEqualTo(s.trajectories().labelCounts(src.id()));
      }
    }
  }

  @Test
  void everyScorerAndFieldOfAnInspectLogIsKept() throws Exception {
    for (String f : List.of("tools-task.json", "tools-task.eval")) {
      try (Store s = Store.open(dir.resolve(f + ".db").toString())) {
        RunRecord r = Importer.importFile(s, V261.resolve(f));
        assertThat(r.model()).isEqualTo("mockllm/model");
        assertThat(s.scores().scorers(r.id())).as(f).containsExactlyInAnyOrder("multi_value", "match");
        JsonNode config = Json.MAPPER.readTree(r.configJson());
        assertThat(config.at("/imported/primary_scorer").asText()).isEqualTo("honest_sum");
        assertThat(config.at("/imported/fail_on_error").asBoolean()).isTrue();
        assertThat(config.at("/imported/log_metadata/suite").asText()).isEqualTo("native-tools");
        assertThat(config.at("/plan/steps/1/solver").asText()).isEqualTo("agent_loop");
        assertThat(config.at("/imported/integer_ids")).extracting(JsonNode::asLong).containsExactlyInAnyOrder(1L, 3L);
        Trajectory t = s.trajectories().get(r.id(), "1", 1).orElseThrow();
        assertThat(t.score().label()).as("C, not the metadata's label 'honest'").isEqualTo("correct");
        assertThat(t.score().value()).isEqualTo(1);
        assertThat(s.trajectories().get(r.id(), "3", 1).orElseThrow().score().value()).isEqualTo(0);
        assertThat(t.tokens().input()).as("summed over the three model calls").isEqualTo(180);
        assertThat(t.tokens().output()).isEqualTo(36);
        assertThat(t.latencyMs()).isEqualTo(121); // working_time
        assertThat(StoredJson.messages(t)).contains("\"reasoningSignature\":\"sig-abc\"").contains("File not found: grader.yaml");
        assertThat(StoredJson.events(t)).contains("\"error\":true");
        assertThat(Json.MAPPER.readTree(t.raw()).at("/inspect_sample/events")).hasSize(31);
        StoredSample one = s.samples().get(r.id(), "1").orElseThrow();
        assertThat(Json.objectMap(one.metadataJson())).containsEntry("inspect_target", "2").containsEntry("family", "arith");
        ScoreRecord mv = s.scores().of(r.id(), "multi_value").getFirst();
        assertThat(mv.label()).isEqualTo("structured");
        assertThat(Json.MAPPER.valueToTree(mv.score().metadata()).at("/inspect_score/value/aware").asInt()).isEqualTo(1);
      }
    }
    try (Store s = Store.open(dir.resolve("err.db").toString())) {
      RunRecord r = Importer.importFile(s, V261.resolve("errored-task.eval"));
      assertThat(r.status()).isEqualTo("failed");
      JsonNode config = Json.MAPPER.readTree(r.configJson());
      assertThat(config.at("/imported/error/message").asText()).contains("sandbox exploded on purpose");
      assertThat(s.trajectories().get(r.id(), "2", 1).orElseThrow().score().label()).isEqualTo("error");
    }
  }

  /** An Inspect log → import → export (.eval and .json) → the same fields back. */
  @Test
  void inspectLogsRoundTrip() throws Exception {
    JsonNode original = Json.MAPPER.readTree(V261.resolve("tools-task.json").toFile());
    for (boolean zip : new boolean[] {true, false}) {
      try (Store s = Store.open(dir.resolve("rt" + zip + ".db").toString())) {
        RunRecord r = Importer.importFile(s, V261.resolve("tools-task.eval"));
        Path out = Files.createDirectories(dir.resolve("out" + zip));
        JsonNode back = read(InspectExport.write(s, r, out, zip));
        assertThat(back.get("status").asText()).isEqualTo("success");
        for (String p : List.of("/eval/task", "/eval/task_id", "/eval/model", "/eval/config", "/eval/dataset", "/eval/created", "/plan",
            "/metadata", "/tags", "/eval/task_args"))
          assertThat(back.at(p)).as(p).isEqualTo(original.at(p));
        assertThat(back.at("/eval/metadata/suite").asText()).isEqualTo("native-tools");
        assertThat(back.at("/eval/scorers")).extracting(n -> n.get("name").asText()).containsExactly("honest_sum", "multi_value", "match");
        Map<String, JsonNode> a = byKey(original);
        Map<String, JsonNode> b = byKey(back);
        assertThat(b.keySet()).containsExactlyInAnyOrderElementsOf(a.keySet());
        for (String k : a.keySet()) {
          JsonNode x = a.get(k);
          JsonNode y = b.get(k);
          assertThat(y.get("id")).as(k + " id and its type").isEqualTo(x.get("id"));
          for (String f : List.of("target", "scores", "messages", "output", "events", "model_usage", "total_time", "working_time", "uuid",
              "store"))
            assertThat(y.get(f)).as(k + " " + f).isEqualTo(x.get(f));
          assertThat(y.get("input")).as(k + " input").isEqualTo(x.get("input"));
          Map<String, Object> meta = Json.MAPPER.convertValue(y.get("metadata"), Map.class);
          meta.remove("variant");
          assertThat((JsonNode) Json.MAPPER.valueToTree(meta)).as(k + " metadata").isEqualTo(x.get("metadata"));
        }
      }
    }
  }

  /** A cancelled run with an errored sample, written from Inspect's schema and compressed as current Inspect does. */
  @Test
  void cancelledZstdLogKeepsItsStatusErrorAndDatasetSize() throws Exception {
    JsonNode src = Json.MAPPER.readTree(V261.resolve("tools-task.json").toFile());
    ObjectNode header = ((ObjectNode) src).deepCopy();
    ArrayNode samples = (ArrayNode) header.remove("samples");
    header.remove("reductions");
    header.put("status", "cancelled");
    ObjectNode errored = ((ObjectNode) samples.get(2)).deepCopy(); // id "two"
    errored.putObject("error").put("message", "CancelledError()").put("traceback", "").put("traceback_ansi", "");
    errored.remove("scores");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (EvalZip.Writer w = new EvalZip.Writer(bytes, EvalZip.ZSTD)) {
      w.entry("_journal/start.json", Json.MAPPER.writeValueAsBytes(header));
      w.entry("samples/1_epoch_1.json", Json.MAPPER.writeValueAsBytes(samples.get(0)));
      w.entry("samples/two_epoch_1.json", Json.MAPPER.writeValueAsBytes(errored));
    }
    Path file = Files.write(dir.resolve("2026-12-04T23-07-10-00-00_tools-task_abc.eval"), bytes.toByteArray());
    try (Store s = Store.open(dir.resolve("c.db").toString())) {
      RunRecord r = Importer.importFile(s, file);
      assertThat(r.status()).isEqualTo("interrupted");
      assertThat(Json.MAPPER.readTree(r.configJson()).at("/imported/dataset_samples").asInt()).isEqualTo(3);
      assertThat(s.trajectories().get(r.id(), "two", 1).orElseThrow().score().label()).isEqualTo("error");
      JsonNode back = read(InspectExport.write(s, r, Files.createDirectories(dir.resolve("o")), true));
      assertThat(back.get("status").asText()).isEqualTo("cancelled");
      assertThat(back.at("/eval/dataset/samples").asInt()).isEqualTo(3);
      assertThat(byKey(back).get("two/1").at("/error/message").asText()).isEqualTo("CancelledError()");
    }
  }

  @Test
  void unscoredNanImportsWithItsReason() throws Exception {
    String json = Files.readString(V261.resolve("tools-task.json"))
        .replaceFirst("\"value\": \"C\",\n\\s*\"answer\": \"2\",", "\"value\": NaN, \"reason\": \"refusal\", \"answer\": \"2\",");
    assertThat(json).contains("NaN");
    Path file = Files.writeString(dir.resolve("nan.json"), json);
    try (Store s = Store.open(dir.resolve("nan.db").toString())) {
      RunRecord r = Importer.importFile(s, file);
      Trajectory t = all(s, r).stream().filter(x -> x.score().value() == null).findFirst().orElseThrow();
      assertThat(t.score().label()).isEqualTo("refusal");
    }
  }

  @Test
  void variantKeyGroupsSamplesByMetadata() throws Exception {
    try (Store s = Store.open(dir.resolve("v.db").toString())) {
      RunRecord r = Importer.importFile(s, V261.resolve("tools-task.json"), "difficulty");
      assertThat(s.samples().of(r.id())).extracting(StoredSample::variantId).containsExactly("easy", "wrong-target", "prose");
      RunRecord plain = Importer.importFile(s, V261.resolve("tools-task.json"));
      assertThat(s.samples().of(plain.id())).extracting(StoredSample::variantId).containsOnly("tools_task");
      int runs = s.runs().all().size();
      assertThatThrownBy(() -> Importer.importFile(s, V261.resolve("tools-task.json"), "nope")).isInstanceOf(IllegalArgumentException.class)
          .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.VARIANT_KEY).hasMessageContaining("variant key: sample 1 of").hasMessageContaining("has no metadata.nope");
      assertThat(s.runs().all()).hasSize(runs);
    }
  }

  @Test
  void interventionRunStaysOneAfterExportAndImport() {
    try (Store s = Store.open(dir.resolve("iv.db").toString())) {
      RunRecord src = CandorRuns.create(s);
      RunRecord iv = RunRecords.of("20260101-010000-iviviv").name("intervene remove-aware of " + src.id()).model("openai/gpt-x")
          .candorVersion("0.1.0").seed(7).config(CandorRuns.CONFIG).createdAt("2026-01-01T01:00:00Z").finishedAt("2026-01-01T01:05:00Z")
          .parent(src.id()).build();
      s.runs().create(iv, List.of(new StoredSample("rh-1#remove-aware", 0, "points-plain", "{}", "[]",
          "{\"intervention\":{\"arm\":\"remove-aware\",\"source_sample\":\"rh-1\",\"source_epoch\":1}}")));
      s.trajectories().save(iv.id(), trajectory("rh-1#remove-aware", 1).variant("points-plain").verdict("even", 0).answer("4")
          .output("4", "ok").finishReason("stop").tokens(1L, 1L, null).latencyMs(10L).seed(1L).messages(List.of())
          .events(List.of()).attempts(List.of()).times("2026-01-01T01:01:00Z", "2026-01-01T01:01:01Z").build());
      assertThat(Intervention.isIntervention(s, iv)).isTrue();
      for (boolean zip : new boolean[] {true, false}) {
        RunRecord back = Importer.importFile(s, InspectExport.write(s, iv, dir, zip));
        assertThat(back.parentRunId()).isEqualTo(src.id());
        assertThat(Intervention.isIntervention(s, back)).as("zip=" + zip).isTrue();
      }
    }
  }
}
