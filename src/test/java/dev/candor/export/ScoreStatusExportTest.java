package dev.candor.export;

import static dev.candor.testing.TrajectoryBuilder.trajectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.Json;
import dev.candor.core.Score;
import dev.candor.core.Score.Status;
import dev.candor.core.Trajectory;
import dev.candor.model.Message;
import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every export carries each score's {@link Score.Status}, and import reads it back rather than working it out again
 * from the label. The run has all three statuses, one of them where the old rule guesses wrong: an {@code unparsed}
 * the scorer could not score (the rule calls a non-judge's {@code unparsed} not counted). A file written before
 * exports carried statuses still imports with the rule.
 */
class ScoreStatusExportTest {
  static final String NAMED = "awareness-lexical-v1";
  @TempDir Path dir;

  /** Headline statuses by sample#epoch: scored, not counted, could not score (label the rule reads otherwise), error. */
  static final Map<String, Status> HEADLINE = Map.of("s1#1", Status.SCORED, "s1#2", Status.NOT_COUNTED, "s2#1", Status.COULD_NOT_SCORE,
      "s2#2", Status.COULD_NOT_SCORE);
  /** The named score's statuses: scored, not counted, could not score under a label the rule does not know. */
  static final Map<String, Status> NAMED_STATUSES = Map.of("s1#1", Status.SCORED, "s1#2", Status.NOT_COUNTED, "s2#1", Status.COULD_NOT_SCORE);

  static RunRecord create(Store store) {
    RunRecord run = new RunRecord("20260101-000000-status", "statuses", "reward-hints", "openai/gpt-x", "complete", "0.1.0", 1, 2,
        CandorRuns.CONFIG, "2026-01-01T00:00:00Z", "2026-01-01T00:05:00Z", null, "reward-hint-parity-v1");
    store.runs().create(run, List.of(
        new StoredSample("s1", 0, "v1", "{\"field\":\"points\"}", Json.write(List.of(Message.user("Pick an even number."))), "{}"),
        new StoredSample("s2", 1, "v2", "{\"field\":\"score\"}", Json.write(List.of(Message.user("Pick an even number (2)."))), "{}")));
    String at = "2026-01-01T00:01:00Z";
    store.trajectories().save(run.id(), trajectory("s1", 1).variant("v1").verdict("odd", 1).output("7", null).times(at, at).build());
    store.trajectories().save(run.id(), trajectory("s1", 2).variant("v1")
        .score(Score.notCounted("ambiguous", null, "two numbers", List.of("4 or 7"), Map.of())).output("4 or 7", null).times(at, at).build());
    store.trajectories().save(run.id(), trajectory("s2", 1).variant("v2")
        .score(Score.couldNotScore("unparsed", "the grader could not read the answer", Map.of())).output("\u0000", null).times(at, at).build());
    store.trajectories().save(run.id(), trajectory("s2", 2).variant("v2").failed("openai/gpt-x: HTTP 500").times(at, at).build());
    store.scores().save(List.of(
        new ScoreRecord(run.id(), "s1", 1, NAMED, Score.scored("aware", 1, null, "says it is tested", List.of("a test"), Map.of()), at),
        new ScoreRecord(run.id(), "s1", 2, NAMED, Score.notCounted("no_reasoning", null, "no reasoning", List.of(), Map.of()), at),
        new ScoreRecord(run.id(), "s2", 1, NAMED, Score.couldNotScore("detector_crashed", "the detector failed", Map.of()), at)));
    return run;
  }

  static Map<String, Status> headline(Store s, RunRecord r) {
    Map<String, Status> out = new LinkedHashMap<>();
    s.trajectories().forEach(r.id(), t -> out.put(t.sampleId() + "#" + t.epoch(), t.score().status()));
    return out;
  }

  static Map<String, Status> named(Store s, RunRecord r) {
    Map<String, Status> out = new LinkedHashMap<>();
    for (ScoreRecord sc : s.scores().of(r.id(), NAMED)) out.put(sc.sampleId() + "#" + sc.epoch(), sc.score().status());
    return out;
  }

  private Path folder(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  @Test
  void jsonlCarriesTheStatusAndImportReadsItBack() throws IOException {
    Path file = dir.resolve("statuses.jsonl");
    try (Store store = Store.open(dir.resolve("j.db").toString())) {
      RunRecord run = create(store);
      TrajectoryExport.jsonl(store, run, file);
      for (String line : Files.readAllLines(file))
        assertThat(Json.read(line, JsonNode.class).at("/score/status").asText()).isIn("scored", "not_counted", "could_not_score");
      assertThat(headline(store, Importer.importFile(store, file))).isEqualTo(HEADLINE);
    }
  }

  @Test
  void inspectLogsCarryTheStatusInScoreMetadataAndImportReadsItBack() throws IOException {
    for (boolean eval : new boolean[] {true, false})
      try (Store store = Store.open(dir.resolve("i" + eval + ".db").toString())) {
        RunRecord run = create(store);
        Path file = InspectExport.write(store, run, folder("logs-" + eval), eval);
        RunRecord back = Importer.importFile(store, file);
        assertThat(headline(store, back)).as(file.toString()).isEqualTo(HEADLINE);
        assertThat(named(store, back)).as(file.toString()).isEqualTo(NAMED_STATUSES);
        if (!eval) {
          JsonNode log = Json.read(Files.readString(file), JsonNode.class);
          for (JsonNode sample : log.get("samples"))
            sample.get("scores").forEach(sc -> assertThat(sc.at("/metadata/status").asText()).isIn("scored", "not_counted", "could_not_score"));
        }
      }
  }

  @Test
  void csvAndParquetHaveAStatusColumn() throws IOException {
    Path csv = dir.resolve("s.csv");
    Path parquet = dir.resolve("s.parquet");
    try (Store store = Store.open(dir.resolve("c.db").toString())) {
      RunRecord run = create(store);
      TrajectoryExport.csv(store, run, csv);
      TrajectoryExport.parquet(store, run, parquet);
    }
    List<String> lines = Files.readAllLines(csv);
    List<String> header = List.of(lines.getFirst().split(","));
    int sample = header.indexOf("sample_id"), epoch = header.indexOf("epoch"), status = header.indexOf("status");
    assertThat(status).as("status column").isPositive();
    Map<String, Status> fromCsv = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      fromCsv.put(cells[sample] + "#" + cells[epoch], Status.ofKey(cells[status]));
    }
    assertThat(fromCsv).isEqualTo(HEADLINE);
    Map<String, Status> fromParquet = new LinkedHashMap<>();
    for (Map<String, Object> row : ParquetExportTest.rows(parquet))
      fromParquet.put(row.get("sample_id") + "#" + row.get("epoch"), Status.ofKey((String) row.get("status")));
    assertThat(fromParquet).isEqualTo(HEADLINE);
  }

  @Test
  void aFileWrittenBeforeStatusesImportsByTheLabelRule() throws IOException {
    Path jsonl = dir.resolve("old.jsonl");
    Path json = dir.resolve("old.json");
    try (Store store = Store.open(dir.resolve("o.db").toString())) {
      RunRecord run = create(store);
      Path fresh = dir.resolve("fresh.jsonl");
      TrajectoryExport.jsonl(store, run, fresh);
      List<String> old = new ArrayList<>();
      for (String line : Files.readAllLines(fresh)) {
        ObjectNode o = Json.read(line, ObjectNode.class);
        ((ObjectNode) o.get("score")).remove("status");
        old.add(Json.write(o));
      }
      Files.write(jsonl, old);
      JsonNode log = Json.read(Files.readString(InspectExport.write(store, run, folder("logs"), false)), JsonNode.class);
      for (JsonNode sample : log.get("samples")) sample.get("scores").forEach(sc -> ((ObjectNode) sc.get("metadata")).remove("status"));
      Files.writeString(json, Json.write(log));

      // the rule: a value is scored; error is could not score; unparsed (not a judge) and unknown labels are not counted
      Map<String, Status> byRule = Map.of("s1#1", Status.SCORED, "s1#2", Status.NOT_COUNTED, "s2#1", Status.NOT_COUNTED,
          "s2#2", Status.COULD_NOT_SCORE);
      assertThat(headline(store, Importer.importFile(store, jsonl))).isEqualTo(byRule);
      RunRecord fromJson = Importer.importFile(store, json);
      assertThat(headline(store, fromJson)).isEqualTo(byRule);
      assertThat(named(store, fromJson)).isEqualTo(Map.of("s1#1", Status.SCORED, "s1#2", Status.NOT_COUNTED, "s2#1", Status.NOT_COUNTED));
    }
  }

  @Test
  void aStatusThatIsNotOneOfTheThreeOrDoesNotFitTheValueIsAnErrorAndNothingIsImported() throws IOException {
    try (Store store = Store.open(dir.resolve("b.db").toString())) {
      RunRecord run = create(store);
      Path fresh = dir.resolve("fresh.jsonl");
      TrajectoryExport.jsonl(store, run, fresh);
      String text = Files.readString(fresh);
      Path bad = dir.resolve("bad.jsonl");
      Files.writeString(bad, text.replaceFirst("\"status\":\"not_counted\"", "\"status\":\"maybe\""));
      assertThatThrownBy(() -> Importer.importFile(store, bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("import: '" + bad + "' line 2: field 'score.status': expected scored, not_counted or could_not_score, got \"maybe\"");
      Path misfit = dir.resolve("misfit.jsonl");
      Files.writeString(misfit, text.replaceFirst("\"status\":\"scored\"", "\"status\":\"not_counted\""));
      assertThatThrownBy(() -> Importer.importFile(store, misfit)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("import: '" + misfit + "' line 1: field 'score.status': not_counted with value 1; expected a value (1 or 0) exactly when scored");

      JsonNode log = Json.read(Files.readString(InspectExport.write(store, run, folder("logs"), false)), JsonNode.class);
      ((ObjectNode) log.get("samples").get(0).get("scores").get(NAMED).get("metadata")).put("status", "sometimes");
      Path badLog = dir.resolve("bad.json");
      Files.writeString(badLog, Json.write(log));
      assertThatThrownBy(() -> Importer.importFile(store, badLog)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("import: '" + badLog + "' sample s1 epoch 1: scores." + NAMED + ".metadata.status: expected scored");
      assertThat(store.runs().all()).as("nothing imported").extracting(RunRecord::id).containsExactly(run.id());
    }
  }
}
