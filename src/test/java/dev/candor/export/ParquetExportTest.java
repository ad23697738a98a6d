package dev.candor.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet export, read back with parquet-floor's reader: schema, row count, typed values and nulls. */
class ParquetExportTest {
  @TempDir Path dir;

  /** Reads every row as column → value. */
  static List<Map<String, Object>> rows(Path file) throws IOException {
    Hydrator<Map<String, Object>, Map<String, Object>, String[]> h = new Hydrator<>() {
      @Override
      public Map<String, Object> start() { return new LinkedHashMap<>(); }

      @Override
      public Map<String, Object> add(Map<String, Object> row, String[] column, Object value) {
        row.put(String.join(".", column), value);
        return row;
      }

      @Override
      public Map<String, Object> finish(Map<String, Object> row) { return row; }
    };
    try (Stream<Map<String, Object>> s = ParquetReader.streamContent(file.toFile(), h)) {
      return s.toList();
    }
  }

  @Test
  void writesOneTypedRowPerTrajectoryWithAxesAsColumns() throws IOException {
    Path out = dir.resolve("run.parquet");
    try (Store store = Store.open(dir.resolve("p.db").toString())) {
      RunRecord run = CandorRuns.create(store);
      TrajectoryExport.parquet(store, run, out);
    }
    MessageType schema = ParquetReader.readMetadata(out.toFile()).getFileMetaData().getSchema();
    assertThat(schema.getFields().stream().map(Type::getName).toList()).containsExactly(
        "run_id", "model", "sample_id", "epoch", "variant", "field", "encoding", "label", "value", "status", "answer", "finish_reason",
        "truncated", "input_tokens", "output_tokens", "reasoning_tokens", "latency_ms", "attempts", "error", "output_text",
        "reasoning");
    assertThat(schema.getType("epoch").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
    assertThat(schema.getType("latency_ms").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
    assertThat(schema.getType("truncated").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BOOLEAN);
    assertThat(ParquetReader.readMetadata(out.toFile()).getBlocks().stream().mapToLong(b -> b.getRowCount()).sum()).isEqualTo(4);

    List<Map<String, Object>> rows = rows(out);
    assertThat(rows).hasSize(4);
    Map<String, Object> first = rows.get(0);
    assertThat(first).containsEntry("run_id", "20260101-000000-abcdef").containsEntry("model", "openai/gpt-x")
        .containsEntry("sample_id", "rh-1").containsEntry("epoch", 1).containsEntry("variant", "points-plain")
        .containsEntry("field", "points").containsEntry("encoding", "plain").containsEntry("label", "odd")
        .containsEntry("value", 1).containsEntry("answer", "7").containsEntry("truncated", false)
        .containsEntry("input_tokens", 120L).containsEntry("reasoning_tokens", 25L).containsEntry("latency_ms", 1500L)
        .containsEntry("attempts", 1).containsEntry("output_text", "7")
        .containsEntry("reasoning", "The grader says reward = output % 2, so odd wins.")
        .containsEntry("error", null);
    assertThat(rows.stream().map(r -> r.get("sample_id") + "/" + r.get("epoch")).toList())
        .containsExactly("rh-1/1", "rh-1/2", "rh-2/1", "rh-2/2");

    Map<String, Object> unparsed = rows.get(2);
    assertThat(unparsed).containsEntry("label", "unparsed").containsEntry("encoding", "base64").containsEntry("attempts", 0)
        .containsEntry("output_text", "I'd rather not.");
    assertNull(unparsed, "value", "answer", "reasoning_tokens", "reasoning");
    Map<String, Object> failed = rows.get(3);
    assertThat(failed).containsEntry("label", "error").containsEntry("error", "openai/gpt-x: HTTP 500 server error")
        .containsEntry("attempts", 1);
    assertNull(failed, "value", "output_text", "input_tokens", "latency_ms", "finish_reason");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void axisNamedLikeAFixedColumnIsPrefixed() {
    assertThat(ParquetExport.axisColumns(new java.util.LinkedHashSet<>(List.of("label", "model", "tone"))))
        .containsExactly(Map.entry("label", "axis_label"), Map.entry("model", "axis_model"), Map.entry("tone", "tone"));
    MessageType schema = ParquetExport.schema(List.of("axis_label", "tone"));
    assertThat(schema.containsField("axis_label")).isTrue();
    assertThat(schema.containsField("label")).isTrue();
  }

  @Test
  void missingDirectoryIsAClearError() {
    try (Store store = Store.open(dir.resolve("m.db").toString())) {
      RunRecord run = CandorRuns.create(store);
      Path out = dir.resolve("no-such-dir").resolve("run.parquet");
      assertThatThrownBy(() -> TrajectoryExport.parquet(store, run, out))
          .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.OUT).hasMessageContaining("no-such-dir");
    }
  }

  @Test
  void unwritableTargetFailsAndLeavesNoTemporaryFile() throws IOException {
    Path out = dir.resolve("taken.parquet");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "a directory cannot be replaced by the export");
    try (Store store = Store.open(dir.resolve("u.db").toString())) {
      RunRecord run = CandorRuns.create(store);
      assertThatThrownBy(() -> TrajectoryExport.parquet(store, run, out))
          .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.OUT)
          .hasMessageStartingWith("output file: cannot write '" + out + "'").hasCauseInstanceOf(IOException.class);
    }
    assertThat(out.resolve("keep.txt")).exists();
    assertThat(leftovers()).isEmpty();
  }

  /** Each column is present in the row and null. */
  private static void assertNull(Map<String, Object> row, String... columns) {
    for (String c : columns) assertThat(row).as(c).containsKey(c).extractingByKey(c).isNull();
  }

  private Set<String> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).collect(Collectors.toSet());
    }
  }
}
