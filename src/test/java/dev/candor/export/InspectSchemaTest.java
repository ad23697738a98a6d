package dev.candor.export;

import dev.candor.core.Score;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exported log validates against the JSON schema that {@code inspect log schema} printed for Inspect 0.3.261
 * (test resources inspect-logs/0.3.261/inspect-log-schema.json, an OpenAPI document whose components are the log's
 * types): the .json log as an EvalLog; the .eval zip's header as an EvalLog and each sample, summary and reduction
 * as their types. Candor runs and a run imported from Inspect are both checked.
 */
class InspectSchemaTest {
  static final Path SCHEMA = Path.of("src/test/resources/inspect-logs/0.3.261/inspect-log-schema.json");
  static JsonNode document;
  @TempDir Path dir;

  @BeforeAll
  static void load() throws Exception {
    document = Json.MAPPER.readTree(SCHEMA.toFile());
  }

  /** The schema of one type of the document ({@code #/components/schemas/NAME}), its references resolved in it. */
  static Schema type(String name) {
    ObjectNode root = document.deepCopy();
    root.put("$ref", "#/components/schemas/" + name);
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(SchemaLocation.of("https://candor.invalid/inspect-log-schema.json"), root);
  }

  static final java.util.regex.Pattern INSPECT_QUIRK = java.util.regex.Pattern.compile(
      "^/changes/\\d+: required property 'replaced' not found$|^/tools/\\d+/parameters/properties/\\w+: required property 'default' not found$");
  static final java.util.Map<String, Schema> TYPES = new java.util.concurrent.ConcurrentHashMap<>();

  static List<String> errors(String type, JsonNode instance) {
    List<String> out = new ArrayList<>();
    TYPES.computeIfAbsent(type, InspectSchemaTest::type).validate(instance).forEach(e -> out.add(e.toString()));
    return out;
  }

  /**
   * A sample: its events each against the event type its {@code event} field names (the schema's discriminator, which
   * a plain JSON-schema oneOf does not honour), the rest against EvalSample. Events Inspect itself wrote do not all
   * match the schema it prints: it leaves out JsonChange.replaced (state events) and ToolParam.default (a model
   * event's tools), which the schema lists as required; with {@code inspectWritten} those two are let pass.
   */
  static List<String> sampleErrors(JsonNode sample, boolean inspectWritten) {
    ObjectNode copy = sample.deepCopy();
    JsonNode events = copy.replace("events", Json.MAPPER.createArrayNode());
    List<String> out = new ArrayList<>(errors("EvalSample", copy));
    JsonNode mapping = document.at("/components/schemas/EvalSample/properties/events/items/discriminator/mapping");
    assertThat(mapping.size()).isPositive();
    int i = 0;
    for (JsonNode e : events) {
      String t = e.path("event").asText();
      int at = i++;
      assertThat(mapping.has(t)).as("event type " + t).isTrue();
      String name = mapping.get(t).asText().substring("#/components/schemas/".length());
      errors(name, e).stream().filter(x -> !(inspectWritten && INSPECT_QUIRK.matcher(x).find()))
          .forEach(x -> out.add("events[" + at + "] (" + t + "): " + x));
    }
    return out;
  }

  /** All violations of an exported log, .json or .eval. */
  static List<String> violations(Path file, boolean inspectWritten) throws Exception {
    List<String> out = new ArrayList<>();
    if (file.toString().endsWith(".json")) {
      ObjectNode log = (ObjectNode) Json.MAPPER.readTree(file.toFile());
      JsonNode samples = log.remove("samples");
      out.addAll(errors("EvalLog", log));
      for (JsonNode s : samples) sampleErrors(s, inspectWritten).forEach(e -> out.add("sample " + s.get("id") + ": " + e));
      return out;
    }
    try (EvalZip.Reader z = new EvalZip.Reader(file)) {
      for (String n : z.names()) {
        JsonNode node = Json.MAPPER.readTree(z.bytes(n));
        List<String> errs = new ArrayList<>();
        if (n.equals("header.json")) errs.addAll(errors("EvalLog", node));
        else if (n.equals("_journal/start.json")) {
          errs.addAll(errors("EvalSpec", node.get("eval")));
          errs.addAll(errors("EvalPlan", node.get("plan")));
        } else if (n.startsWith("samples/")) errs.addAll(sampleErrors(node, inspectWritten));
        else if (n.equals("summaries.json") || n.startsWith("_journal/summaries/")) for (JsonNode x : node) errs.addAll(errors("EvalSampleSummary", x));
        else if (n.equals("reductions.json")) for (JsonNode x : node) errs.addAll(errors("EvalSampleReductions", x));
        else errs.add("unexpected entry");
        errs.forEach(e -> out.add(n + ": " + e));
      }
    }
    return out;
  }

  @Test
  void theValidatorCatchesWhatTheSchemaForbids() throws Exception {
    JsonNode inspects = Json.MAPPER.readTree(Path.of("src/test/resources/inspect-logs/0.3.261/tools-task.json").toFile());
    ObjectNode header = inspects.deepCopy();
    header.remove("samples");
    assertThat(errors("EvalLog", header)).as("Inspect's own log").isEmpty();
    assertThat(sampleErrors(inspects.at("/samples/0"), true)).as("Inspect's own sample").isEmpty();
    header.remove("invalidated");
    ((ObjectNode) header.get("stats")).remove("role_usage");
    ((ObjectNode) header.at("/plan/steps/0")).remove("params_passed");
    assertThat(errors("EvalLog", header)).hasSize(3);
    ObjectNode sample = inspects.at("/samples/0").deepCopy();
    sample.put("epoch", "one");
    ((ObjectNode) sample.at("/events/8")).remove("output"); // a model event
    assertThat(sampleErrors(sample, true)).hasSize(2);
  }

  @Test
  void candorExportsValidate() throws Exception {
    try (Store s = Store.open(dir.resolve("s.db").toString())) {
      RunRecord run = CandorRuns.create(s);
      s.scores().save(List.of(new ScoreRecord(run.id(), "rh-2", 1, "awareness-lexical-v1", new Score(Score.Status.NOT_COUNTED, "not_applicable", null, null, null, List.of(), Map.of()), "2026-01-01T00:06:00Z")));
      for (boolean zip : new boolean[] {true, false})
        assertThat(violations(InspectExport.write(s, run, dir, zip), false)).as("zip=" + zip).isEmpty();
    }
  }

  @Test
  void reExportsOfInspectLogsValidate() throws Exception {
    try (Store s = Store.open(dir.resolve("r.db").toString())) {
      for (String f : List.of("tools-task.eval", "errored-task.json")) {
        RunRecord run = Importer.importFile(s, Path.of("src/test/resources/inspect-logs/0.3.261", f));
        for (boolean zip : new boolean[] {true, false}) {
          Path out = Files.createDirectories(dir.resolve(f + zip));
          assertThat(violations(InspectExport.write(s, run, out, zip), true)).as(f + " zip=" + zip).isEmpty();
        }
      }
    }
  }
}
