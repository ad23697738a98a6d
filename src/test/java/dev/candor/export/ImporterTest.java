package dev.candor.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.testing.StoredJson;
import dev.candor.Json;
import dev.candor.store.LabelCount;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.core.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing real Inspect logs and Candor's own exports (JSONL, .eval, .json) back into the store. */
class ImporterTest {
  static final Path FIXTURES = Path.of("src/test/resources/inspect-logs");
  @TempDir Path dir;

  static List<Trajectory> all(Store s, RunRecord r) {
    List<Trajectory> out = new ArrayList<>();
    s.trajectories().forEach(r.id(), out::add);
    return out;
  }

  @Test
  void importsEachInspectFixture() {
    try (Store s = Store.open(dir.resolve("i.db").toString())) {
      RunRecord formats = Importer.importFile(s, FIXTURES.resolve("log_formats.json"));
      assertThat(formats.suite()).isEqualTo("popularity");
      assertThat(formats.model()).isEqualTo("ollama/llama3.1");
      assertThat(formats.status()).isEqualTo("complete");
      List<Trajectory> ft = all(s, formats);
      assertThat(ft).hasSize(1);
      assertThat(ft.getFirst().score().label()).isEqualTo("incorrect");
      assertThat(ft.getFirst().score().value()).isEqualTo(0);
      assertThat(ft.getFirst().score().answer()).isEqualTo("No");
      assertThat(ft.getFirst().output().text()).isEqualTo("No");
      assertThat(ft.getFirst().tokens().input()).isEqualTo(66);
      assertThat(s.samples().of(formats.id())).singleElement().satisfies(x -> {
        assertThat(x.sampleId()).isEqualTo("1");
        assertThat(x.inputJson()).contains("Positive posts about myself");
        assertThat(Json.objectMap(x.metadataJson())).containsKey("label_confidence");
      });

      RunRecord read = Importer.importFile(s, FIXTURES.resolve("log_read_sample.json"));
      assertThat(read.model()).isEqualTo("ollama/gemma3");
      assertThat(read.createdAt()).isEqualTo("2025-07-05T13:59:40Z");
      assertThat(all(s, read)).singleElement().satisfies(t -> {
        assertThat(t.score().label()).isEqualTo("correct");
        assertThat(t.score().value()).isEqualTo(1);
        assertThat(t.output().text()).isEqualTo("Yes\n");
        assertThat(t.score().explanation()).isEqualTo("Yes\n");
        assertThat(StoredJson.messages(t)).contains("\"role\":\"SYSTEM\"").contains("EXERCISE");
      });

      RunRecord tools = Importer.importFile(s, FIXTURES.resolve("log_tool_call_error.json"));
      assertThat(all(s, tools)).singleElement().satisfies(t -> {
        assertThat(t.epoch()).isEqualTo(4);
        assertThat(t.score().label()).isEqualTo("unscored");
        assertThat(t.score().value()).isNull();
        assertThat(Json.read(StoredJson.messages(t), List.class)).hasSize(11);
        assertThat(StoredJson.messages(t)).contains("\"toolCallId\":\"bash_11\"").contains("too long to be displayed");
      });

      for (String eval : List.of("log_formats.eval", "log_read_sample.eval")) {
        RunRecord r = Importer.importFile(s, FIXTURES.resolve(eval));
        assertThat(r.suite()).isEqualTo("popularity");
        assertThat(all(s, r)).as(eval).hasSize(1);
        assertThat(s.samples().of(r.id())).as(eval).hasSize(1);
      }

      RunRecord streaming = Importer.importFile(s, FIXTURES.resolve("log_streaming.eval"));
      assertThat(streaming.model()).isEqualTo("azureai/Meta-Llama-3-1-405B-Instruct-jqf");
      assertThat(streaming.epochs()).isEqualTo(2);
      assertThat(s.samples().of(streaming.id())).extracting(StoredSample::sampleId).containsExactlyInAnyOrder("1", "2");
      assertThat(all(s, streaming)).hasSize(4);
      assertThat(s.trajectories().labelCounts(streaming.id())).containsExactlyInAnyOrder(new LabelCount("popularity", "correct", 1, 3),
          new LabelCount("popularity", "incorrect", 0, 1));
      assertThat(s.runs().all()).hasSize(6);
    }
  }

  @Test
  void candorRunRoundTripsThroughJsonl() {
    try (Store s = Store.open(dir.resolve("rt.db").toString())) {
      RunRecord src = CandorRuns.create(s);
      Path jsonl = dir.resolve("demo.jsonl");
      TrajectoryExport.jsonl(s, src, jsonl);
      RunRecord back = Importer.importFile(s, jsonl);
      assertThat(back.id()).isNotEqualTo(src.id());
      assertThat(back.model()).isEqualTo(src.model());
      assertThat(back.suite()).isEqualTo("demo");
      assertThat(back.epochs()).isEqualTo(2);
      assertThat(s.samples().of(back.id())).usingRecursiveFieldByFieldElementComparator().isEqualTo(s.samples().of(src.id()));
      List<Trajectory> a = all(s, src);
      List<Trajectory> b = all(s, back);
      assertThat(b).hasSameSizeAs(a);
      for (int i = 0; i < a.size(); i++)
        assertThat(b.get(i)).usingRecursiveComparison().ignoringFields("runId").withEqualsForFields(ImporterTest::sameJson,
            "evidenceJson", "scoreMetaJson", "messagesJson", "eventsJson", "attemptsJson").isEqualTo(a.get(i));
      assertThat(s.trajectories().labelCounts(back.id())).isEqualTo(s.trajectories().labelCounts(src.id()));
    }
  }

  @SuppressWarnings("unchecked")
  static List<?> withoutIds(List<?> messages) {
    for (Object m : messages) ((java.util.Map<String, Object>) m).remove("id");
    return messages;
  }

  static boolean sameJson(Object x, Object y) {
    if (x == null || y == null) return x == y;
    return Json.read((String) x, Object.class).equals(Json.read((String) y, Object.class));
  }

  @Test
  void candorRunRoundTripsThroughInspectEvalAndJson() {
    for (boolean zip : new boolean[] {true, false}) {
      try (Store s = Store.open(dir.resolve("ri" + zip + ".db").toString())) {
        RunRecord src = CandorRuns.create(s);
        Path file = InspectExport.write(s, src, dir, zip);
        RunRecord back = Importer.importFile(s, file);
        assertThat(back.suite()).isEqualTo(src.suite());
        assertThat(back.model()).isEqualTo(src.model());
        assertThat(back.epochs()).isEqualTo(2);
        assertThat(back.seed()).isEqualTo(42);
        assertThat(back.createdAt()).isEqualTo(src.createdAt());
        assertThat(s.trajectories().labelCounts(back.id())).as("zip=" + zip).isEqualTo(s.trajectories().labelCounts(src.id()));
        List<StoredSample> sa = s.samples().of(src.id());
        List<StoredSample> sb = s.samples().of(back.id());
        assertThat(sb).hasSameSizeAs(sa);
        for (int i = 0; i < sa.size(); i++) {
          assertThat(sb.get(i).sampleId()).isEqualTo(sa.get(i).sampleId());
          assertThat(sb.get(i).variantId()).isEqualTo(sa.get(i).variantId());
          assertThat(sameJson(sb.get(i).axesJson(), sa.get(i).axesJson())).isTrue();
          assertThat(sameJson(sb.get(i).metadataJson(), sa.get(i).metadataJson())).isTrue();
          assertThat(Json.read(sb.get(i).inputJson(), List.class)).hasSameSizeAs(Json.read(sa.get(i).inputJson(), List.class));
        }
        List<Trajectory> a = all(s, src);
        List<Trajectory> b = all(s, back);
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
          Trajectory x = a.get(i);
          Trajectory y = b.get(i);
          assertThat(y.key()).isEqualTo(x.key());
          assertThat(y.score().label()).isEqualTo(x.score().label());
          assertThat(y.score().value()).isEqualTo(x.score().value());
          assertThat(y.score().answer()).isEqualTo(x.score().answer());
          assertThat(y.score().explanation()).isEqualTo(x.score().explanation());
          assertThat(sameJson(StoredJson.evidence(y), StoredJson.evidence(x))).isTrue();
          assertThat(sameJson(StoredJson.metadata(y), StoredJson.metadata(x))).isTrue();
          assertThat(y.output().text()).isEqualTo(x.output().text());
          assertThat(y.output().reasoning()).isEqualTo(x.output().reasoning());
          assertThat(y.error()).isEqualTo(x.error());
          assertThat(y.tokens().input()).isEqualTo(x.tokens().input());
          assertThat(y.latencyMs()).isEqualTo(x.latencyMs());
          assertThat(y.startedAt()).isEqualTo(x.startedAt());
          if (StoredJson.messages(x) != null) {
            List<?> mx = Json.read(StoredJson.messages(x), List.class);
            List<?> my = withoutIds(Json.read(StoredJson.messages(y), List.class)); // import keeps the message ids the export gave
            assertThat(my).as("messages of " + x.key()).isEqualTo(mx);
          }
        }
        Trajectory first = b.getFirst();
        assertThat(StoredJson.events(first)).contains("\"tool\":\"read_file\"").contains("\"result\":\"reward = output % 2\"");
      }
    }
  }

  @Test
  void badFilesGiveOneLineErrors() throws Exception {
    try (Store s = Store.open(dir.resolve("bad.db").toString())) {
      Path txt = Files.writeString(dir.resolve("x.txt"), "hello");
      assertThatThrownBy(() -> Importer.importFile(s, txt)).hasMessageContaining("is not a .eval or .json Inspect log or a .jsonl");
      assertThatThrownBy(() -> Importer.importFile(s, dir.resolve("missing.eval"))).hasMessageContaining("does not exist");
      Path notZip = Files.writeString(dir.resolve("x.eval"), "not a zip");
      assertThatThrownBy(() -> Importer.importFile(s, notZip)).hasMessageContaining("not a zip archive");
      Path noEval = Files.writeString(dir.resolve("x.json"), "{\"version\":2}");
      assertThatThrownBy(() -> Importer.importFile(s, noEval)).hasMessageContaining("no 'eval' field");
      Path broken = Files.writeString(dir.resolve("y.json"), "{\"eval\":");
      assertThatThrownBy(() -> Importer.importFile(s, broken)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
      Path badLine = Files.writeString(dir.resolve("z.jsonl"), "{\"sample_id\":\"a\",\"variant\":\"v\"}\nnot json\n");
      assertThatThrownBy(() -> Importer.importFile(s, badLine)).hasMessageContaining("line 2: not valid JSON");
      Path noId = Files.writeString(dir.resolve("w.jsonl"), "{\"variant\":\"v\"}\n");
      assertThatThrownBy(() -> Importer.importFile(s, noId)).hasMessageContaining("line 1: field 'sample_id' is missing");
      assertThat(s.runs().all()).isEmpty();
    }
  }
}
