package dev.candor.export;

import blue.strategic.parquet.ParquetWriter;
import blue.strategic.parquet.ValueWriter;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.core.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * A run's trajectories as one Parquet file (Snappy-compressed), one row per trajectory with the columns of the CSV
 * export: run, model, sample, epoch and variant; one string column per axis (named {@code axis_NAME} when the axis
 * name is already a column); then label, value, status (scored, not_counted, could_not_score), answer, finish reason, truncated, token counts, latency, number of
 * attempts, error, output text and reasoning. Numbers are typed (INT32/INT64/BOOLEAN); a missing value is a null.
 * Rows are streamed from the store and written through a temporary file renamed into place.
 */
final class ParquetExport {
  /** The fixed columns before the axes. */
  static final List<String> LEADING = List.of("run_id", "model", "sample_id", "epoch", "variant");
  /** The fixed columns after the axes. */
  static final List<String> TRAILING = List.of("label", "value", "status", "answer", "finish_reason", "truncated", "input_tokens",
      "output_tokens", "reasoning_tokens", "latency_ms", "attempts", "error", "output_text", "reasoning");

  private ParquetExport() {}

  static void write(Store store, RunRecord run, Path out) {
    Map<String, Map<String, String>> axesBySample = new LinkedHashMap<>();
    Set<String> axes = new LinkedHashSet<>();
    for (StoredSample s : store.samples().of(run.id())) {
      Map<String, String> a = s.axes();
      axes.addAll(a.keySet());
      axesBySample.put(s.sampleId(), a);
    }
    Map<String, String> axisColumns = axisColumns(axes);
    MessageType schema = schema(axisColumns.values());
    AtomicFile.writeFile(out, tmp -> {
      try (ParquetWriter<Trajectory> w = ParquetWriter.writeFile(schema, tmp.toFile(),
          (t, v) -> row(run, t, axesBySample.getOrDefault(t.sampleId(), Map.of()), axisColumns, v))) {
        store.trajectories().forEach(run.id(), t -> {
          try {
            w.write(t);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    });
  }

  /** Axis name → column name, prefixing {@code axis_} where the name would clash with a fixed column. */
  static Map<String, String> axisColumns(Set<String> axes) {
    Set<String> taken = new LinkedHashSet<>(LEADING);
    taken.addAll(TRAILING);
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : axes) {
      String c = a;
      while (taken.contains(c)) c = "axis_" + c;
      taken.add(c);
      out.put(a, c);
    }
    return out;
  }

  static MessageType schema(Iterable<String> axisColumns) {
    var b = Types.buildMessage();
    b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("run_id");
    string(b, "model");
    b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("sample_id");
    b.required(PrimitiveTypeName.INT32).named("epoch");
    string(b, "variant");
    for (String c : axisColumns) string(b, c);
    string(b, "label");
    b.optional(PrimitiveTypeName.INT32).named("value");
    b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("status");
    string(b, "answer");
    string(b, "finish_reason");
    b.required(PrimitiveTypeName.BOOLEAN).named("truncated");
    for (String c : List.of("input_tokens", "output_tokens", "reasoning_tokens", "latency_ms"))
      b.optional(PrimitiveTypeName.INT64).named(c);
    b.required(PrimitiveTypeName.INT32).named("attempts");
    for (String c : List.of("error", "output_text", "reasoning")) string(b, c);
    return b.named("trajectory");
  }

  private static void string(Types.MessageTypeBuilder b, String name) {
    b.primitive(PrimitiveTypeName.BINARY, Repetition.OPTIONAL).as(LogicalTypeAnnotation.stringType()).named(name);
  }

  private static void row(RunRecord run, Trajectory t, Map<String, String> axes, Map<String, String> axisColumns, ValueWriter v) {
    put(v, "run_id", run.id());
    put(v, "model", run.model());
    put(v, "sample_id", t.sampleId());
    put(v, "epoch", t.epoch());
    put(v, "variant", t.variantId());
    axisColumns.forEach((axis, column) -> put(v, column, axes.get(axis)));
    put(v, "label", t.score().label());
    put(v, "value", t.score().value());
    put(v, "status", t.score().status().key());
    put(v, "answer", t.score().answer());
    put(v, "finish_reason", t.output().finishReason());
    put(v, "truncated", t.output().truncated());
    put(v, "input_tokens", t.tokens().input());
    put(v, "output_tokens", t.tokens().output());
    put(v, "reasoning_tokens", t.tokens().reasoning());
    put(v, "latency_ms", t.latencyMs());
    put(v, "attempts", t.attempts() == null ? 0 : t.attempts().size());
    put(v, "error", t.error());
    put(v, "output_text", t.output().text());
    put(v, "reasoning", t.output().reasoning());
  }

  /** Writes a value; a null is left unwritten, which Parquet reads back as null. */
  private static void put(ValueWriter v, String column, Object value) {
    if (value != null) v.write(column, value);
  }

}
