package dev.candor.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.candor.core.CallAttempt;
import dev.candor.core.Event;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exports a run's trajectories, streamed from the store: JSONL (one object per trajectory, the shape
 * {@code replay/FILE} reads back), CSV or Parquet (one row per trajectory, one column per axis).
 */
public final class TrajectoryExport {
  private TrajectoryExport() {}

  public static void jsonl(Store store, RunRecord run, Path out) {
    AtomicFile.write(out, w -> jsonl(store, run, w));
  }

  /** The JSONL export written to {@code w} (e.g. standard output); {@code w} is left open. */
  public static void jsonl(Store store, RunRecord run, Writer w) throws IOException {
    Map<String, StoredSample> samples = samples(store, run);
    try {
      store.trajectories().forEach(run.id(), t -> {
        try {
          w.write(Json.write(line(run, samples.get(t.sampleId()), t)));
          w.write('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** One trajectory as a JSON object (the JSONL line). */
  public static ObjectNode line(RunRecord run, StoredSample sample, Trajectory t) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("run_id", run.id());
    o.put("model", run.model());
    o.put("sample_id", t.sampleId());
    o.put("epoch", t.epoch());
    o.put("variant", t.variantId());
    o.set("axes", sample == null ? Json.MAPPER.createObjectNode() : sample.axesTree());
    o.set("input", sample == null ? Json.MAPPER.createArrayNode() : sample.inputTree());
    o.put("input_sha256", sample == null ? null : sample.sample().inputSha256()); // what replay matches the sample by
    o.set("metadata", sample == null ? Json.MAPPER.createObjectNode() : sample.metadataTree());
    if (t.error() == null || t.output().text() != null) {
      ObjectNode out = o.putObject("output");
      out.put("text", t.output().text());
      out.put("reasoning", t.output().reasoning());
      out.put("finish_reason", t.output().finishReason());
      out.put("truncated", t.output().truncated());
      ObjectNode usage = out.putObject("usage");
      putLong(usage, "input_tokens", t.tokens().input());
      putLong(usage, "output_tokens", t.tokens().output());
      putLong(usage, "reasoning_tokens", t.tokens().reasoning());
      putLong(out, "latency_ms", t.latencyMs());
      out.put("raw", t.raw());
    }
    Score sc = t.score();
    ObjectNode score = o.putObject("score");
    score.put("label", sc.label());
    if (sc.value() == null) score.putNull("value"); else score.put("value", sc.value());
    score.put("status", sc.status().key());
    score.put("answer", sc.answer());
    score.put("explanation", sc.explanation());
    score.set("evidence", Json.MAPPER.valueToTree(sc.evidence()));
    score.set("metadata", Json.MAPPER.valueToTree(sc.metadata()));
    o.set("messages", messages(t));
    o.set("events", t.events() == null ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(t.events().stream().map(Event::fields).toList()));
    o.set("attempts", t.attempts() == null ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(t.attempts().stream().map(CallAttempt::fields).toList()));
    o.put("error", t.error());
    putLong(o, "seed", t.seed());
    o.put("started_at", t.startedAt());
    o.put("finished_at", t.finishedAt());
    return o;
  }

  public static void csv(Store store, RunRecord run, Path out) {
    AtomicFile.write(out, w -> csv(store, run, w));
  }

  /** The CSV export written to {@code w} (e.g. standard output); {@code w} is left open. */
  public static void csv(Store store, RunRecord run, Writer w) throws IOException {
    Map<String, StoredSample> samples = samples(store, run);
    Set<String> axes = new LinkedHashSet<>();
    Map<String, Map<String, String>> axesBySample = new LinkedHashMap<>();
    for (StoredSample s : samples.values()) {
      Map<String, String> a = s.axes();
      axes.addAll(a.keySet());
      axesBySample.put(s.sampleId(), a);
    }
    List<String> header = new ArrayList<>(List.of("run_id", "model", "sample_id", "epoch", "variant"));
    header.addAll(axes);
    header.addAll(List.of("label", "value", "status", "answer", "finish_reason", "truncated", "input_tokens", "output_tokens",
        "reasoning_tokens", "latency_ms", "attempts", "error", "output_text", "reasoning"));
    Csv.row(w, header);
    try {
      store.trajectories().forEach(run.id(), t -> {
        List<String> row = new ArrayList<>(List.of(run.id(), run.model(), t.sampleId(), String.valueOf(t.epoch()), t.variantId()));
        Map<String, String> a = axesBySample.getOrDefault(t.sampleId(), Map.of());
        for (String ax : axes) row.add(a.getOrDefault(ax, ""));
        row.addAll(java.util.Arrays.asList(t.score().label(), str(t.score().value()), t.score().status().key(), t.score().answer(), t.output().finishReason(),
            String.valueOf(t.output().truncated()), str(t.tokens().input()), str(t.tokens().output()), str(t.tokens().reasoning()),
            str(t.latencyMs()), String.valueOf(t.attempts() == null ? 0 : t.attempts().size()), t.error(), t.output().text(),
            t.output().reasoning()));
        try {
          Csv.row(w, row);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * One Parquet file, one row per trajectory with the CSV export's columns, typed (see {@link ParquetExport}); streamed
   * from the store and written through a temporary file.
   */
  public static void parquet(Store store, RunRecord run, Path out) {
    ParquetExport.write(store, run, out);
  }

  private static Map<String, StoredSample> samples(Store store, RunRecord run) {
    Map<String, StoredSample> m = new LinkedHashMap<>();
    for (StoredSample s : store.samples().of(run.id())) m.put(s.sampleId(), s);
    return m;
  }

  /** The conversation as stored: each message's fields, with any interchange extras (Inspect ids, signatures). */
  public static JsonNode messages(Trajectory t) {
    if (t.messages() == null) return Json.MAPPER.nullNode();
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (int i = 0; i < t.messages().size(); i++) {
      ObjectNode m = out.addObject();
      m.setAll((ObjectNode) Json.MAPPER.valueToTree(t.extras(i)));
      m.setAll((ObjectNode) Json.MAPPER.valueToTree(t.messages().get(i)));
    }
    return out;
  }

  private static void putLong(ObjectNode o, String k, Long v) {
    if (v == null) o.putNull(k); else o.put(k, v);
  }

  private static String str(Object o) { return o == null ? "" : o.toString(); }

  /** RFC 4180 CSV rows. */
  static final class Csv {
    private Csv() {}

    static void row(Writer w, List<String> cells) throws IOException {
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) w.write(',');
        w.write(cell(cells.get(i)));
      }
      w.write("\r\n");
    }

    static String cell(String s) {
      if (s == null) return "";
      if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
      return '"' + s.replace("\"", "\"\"") + '"';
    }
  }
}
