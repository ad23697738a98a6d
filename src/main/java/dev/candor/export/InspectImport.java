package dev.candor.export;

import dev.candor.core.Conversation;
import static dev.candor.export.InspectMessages.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.RunStatus;
import dev.candor.CandorVersion;
import dev.candor.core.RunConfig;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.core.Event;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Imports an Inspect eval log ({@code .eval} zip, entries stored, deflated or Zstandard-compressed, or {@code .json})
 * as a new run: suite = the task, model = the log's model, one stored sample per sample id (its input, target and
 * metadata; the variant from the metadata key the user names, else Candor's own, else the task), one trajectory per
 * (sample, epoch) with the output, reasoning (and its signature), messages (ids, tool errors), usage over all model
 * calls, working time, and the sample fields Candor has no column for (events, timings, uuid, ...) kept in its raw
 * record for re-export. The log's status, error, plan, eval spec, metadata, tags, integer sample ids and dataset size
 * go in the run's configuration. Samples are streamed (read twice: once for the sample set, once for the
 * trajectories), never all loaded; every sample is read and checked before anything is written.
 *
 * <p>Scores: every scorer is kept. The primary one (Candor's recorded one, else {@code candor}, else the log's first
 * scorer) gives the trajectory's label and value; the others become named scores. A score Candor wrote keeps its
 * label, value, evidence and details; any other is mapped (C/I/P/N to correct(1)/incorrect(0)/partial/noanswer(0),
 * booleans and 0/1 numbers to 1/0, NaN to unscored with its reason as the label, any other value to its text, not
 * counted) and kept verbatim. A sample that ended in error gets label error.
 */
public final class InspectImport {
  private InspectImport() {}

  // ---------------------------------------------------------------- sources

  /** An Inspect log: its header (version, status, eval, plan, stats) and a way to stream its samples. */
  private interface Source {
    JsonNode header();

    void forEachSample(Consumer<JsonNode> action);

    String format();
  }

  static RunRecord importEval(Store store, Path file, String variantKey) {
    try (EvalZip.Reader zip = new EvalZip.Reader(file)) {
      JsonNode header = zipJson(zip, "header.json", file);
      if (header == null) header = zipJson(zip, "_journal/start.json", file);
      if (header == null) throw new IllegalArgumentException("import: '" + file + "' has neither header.json nor _journal/start.json; not an Inspect .eval log");
      JsonNode h = header;
      List<String> names = zip.names().stream().filter(n -> n.startsWith("samples/") && n.endsWith(".json")).toList();
      return importLog(store, file, new Source() {
        public JsonNode header() { return h; }

        public void forEachSample(Consumer<JsonNode> action) {
          for (String n : names) action.accept(zipJson(zip, n, file));
        }

        public String format() { return "inspect-eval"; }
      }, variantKey);
    } catch (IOException e) {
      throw new UncheckedIOException("import: cannot read '" + file + "': " + e.getMessage(), e);
    }
  }

  private static JsonNode zipJson(EvalZip.Reader zip, String name, Path file) {
    byte[] b;
    try {
      b = zip.bytes(name);
    } catch (IOException e) {
      throw new UncheckedIOException("import: cannot read '" + file + "' entry " + name + ": " + e.getMessage(), e);
    }
    if (b == null) return null;
    try {
      return Json.MAPPER.readTree(b);
    } catch (IOException ex) {
      throw new IllegalArgumentException("import: '" + file + "' entry " + name + " is not valid JSON: " + ex.getMessage());
    }
  }

  static RunRecord importJson(Store store, Path file, String variantKey) {
    ObjectNode header = Json.MAPPER.createObjectNode();
    boolean[] hasSamples = {false};
    streamJson(file, (field, p) -> {
      if (field.equals("samples")) {
        hasSamples[0] = true;
        p.skipChildren();
      } else header.set(field, p.readValueAsTree());
    });
    if (!header.has("eval")) throw new IllegalArgumentException("import: '" + file + "' has no 'eval' field; not an Inspect .json log");
    return importLog(store, file, new Source() {
      public JsonNode header() { return header; }

      public void forEachSample(Consumer<JsonNode> action) {
        if (!hasSamples[0]) return;
        streamJson(file, (field, p) -> {
          if (!field.equals("samples")) {
            p.skipChildren();
            return;
          }
          if (p.currentToken() == JsonToken.VALUE_NULL) return;
          if (p.currentToken() != JsonToken.START_ARRAY) throw new IllegalArgumentException("import: '" + file + "' field samples: expected an array");
          while (p.nextToken() != JsonToken.END_ARRAY) action.accept(p.readValueAsTree());
        });
      }

      public String format() { return "inspect-json"; }
    }, variantKey);
  }

  private interface FieldVisitor {
    void visit(String field, JsonParser p) throws IOException;
  }

  /** Walks the top-level fields of a JSON object file, handing the parser positioned on each value to the visitor. */
  private static void streamJson(Path file, FieldVisitor v) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("import: '" + file + "' is not a JSON object; not an Inspect .json log");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        v.visit(name, p);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("import: '" + file + "' is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("import: cannot read '" + file + "': " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- mapping

  /** What the whole log says about how to map its samples. */
  private record Plan(Path file, RunRecord run, String primary, boolean candorScores) {}

  private static RunRecord importLog(Store store, Path file, Source src, String variantKey) {
    JsonNode header = src.header();
    JsonNode eval = header.path("eval");
    String task = text(eval, "task");
    String model = text(eval, "model");
    if (task.isEmpty()) throw new IllegalArgumentException("import: '" + file + "' eval.task is missing");
    if (model.isEmpty()) throw new IllegalArgumentException("import: '" + file + "' eval.model is missing");
    JsonNode candorMeta = eval.path("metadata").path("candor");

    // pass 1: the sample set (every sample entry is read and checked here, before anything is written)
    Map<String, StoredSample> samples = new LinkedHashMap<>();
    ArrayNode integerIds = Json.MAPPER.createArrayNode();
    List<String> scorerOrder = new ArrayList<>();
    int[] maxEpoch = {0};
    src.forEachSample(s -> {
      String id = sampleId(s, file);
      maxEpoch[0] = Math.max(maxEpoch[0], s.path("epoch").asInt(1));
      s.path("scores").fieldNames().forEachRemaining(n -> { if (!scorerOrder.contains(n)) scorerOrder.add(n); });
      if (candorMeta.isObject()) s.path("scores").fields().forEachRemaining(e -> candorStatus(e.getValue(), e.getKey(), file, s));
      if (samples.containsKey(id)) return;
      if (s.get("id").isIntegralNumber()) integerIds.add(s.get("id"));
      JsonNode attachments = s.get("attachments");
      ObjectNode meta = s.path("metadata").isObject() ? ((ObjectNode) s.get("metadata")).deepCopy() : Json.MAPPER.createObjectNode();
      JsonNode variant = meta.remove("variant");
      JsonNode axes = meta.remove("axes");
      ObjectNode axesObj = Json.MAPPER.createObjectNode();
      if (axes != null && axes.isObject()) axes.fields().forEachRemaining(e -> axesObj.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
      String variantId;
      if (variantKey != null) {
        JsonNode v = s.path("metadata").get(variantKey);
        if (v == null || v.isNull() || v.isContainerNode())
          throw InvalidSetting.of(Setting.VARIANT_KEY, "sample " + id + " of '" + file + "' has no metadata." + variantKey
              + (v != null && v.isContainerNode() ? " text (it is " + v.getNodeType().toString().toLowerCase(Locale.ROOT) + ")" : ""));
        variantId = v.asText();
        if (variant != null) meta.set("variant", variant);
      } else variantId = variant != null && variant.isTextual() ? variant.asText() : task;
      JsonNode target = s.get("target");
      if (target != null && !(target.isTextual() && target.asText().isEmpty())) meta.set(InspectExport.TARGET_KEY, target);
      samples.put(id, new StoredSample(id, samples.size(), variantId, Json.write(axesObj),
          Json.write(InspectMessages.toCandor(s.get("input"), attachments)), Json.write(meta)));
    });

    String primary = candorMeta.path("primary_scorer").asText("");
    if (primary.isEmpty()) {
      for (JsonNode sc : eval.path("scorers")) if (primary.isEmpty()) primary = sc.path("name").asText("");
      if (!scorerOrder.isEmpty() && !scorerOrder.contains(primary)) primary = scorerOrder.getFirst();
      if (scorerOrder.contains(InspectExport.SCORER)) primary = InspectExport.SCORER;
    }
    int epochs = eval.path("config").path("epochs").asInt(Math.max(1, maxEpoch[0]));
    ObjectNode config = Importer.importedConfig(task, model, epochs, candorMeta.path("seed").asLong(0));
    ObjectNode imported = config.putObject("imported");
    imported.put("file", file.getFileName().toString());
    imported.put("format", src.format());
    imported.put("inspect_version", text(eval.path("packages"), "inspect_ai"));
    imported.put("inspect_run_id", text(eval, "run_id"));
    imported.put("inspect_eval_id", text(eval, "eval_id"));
    imported.put("status", text(header, "status"));
    imported.put("primary_scorer", primary.isEmpty() ? InspectExport.SCORER : primary);
    if (variantKey != null) imported.put("variant_key", variantKey);
    if (eval.path("dataset").path("samples").isNumber()) imported.set("dataset_samples", eval.get("dataset").get("samples"));
    if (eval.path("config").has("fail_on_error")) imported.set("fail_on_error", eval.get("config").get("fail_on_error"));
    if (!integerIds.isEmpty()) imported.set("integer_ids", integerIds);
    for (String k : List.of("error", "tags")) if (header.has(k) && !header.get(k).isNull()) imported.set(k, header.get(k));
    if (header.path("metadata").isObject()) imported.set("log_metadata", header.get("metadata"));
    if (header.path("stats").isObject()) imported.set("stats", header.get("stats"));
    config.set("eval", eval);
    config.set("plan", header.path("plan"));
    if (candorMeta.has("config")) config.set("source_config", candorMeta.get("config"));
    String created = iso(text(eval, "created"));
    String parent = candorMeta.path("parent_run_id").isTextual() ? candorMeta.get("parent_run_id").asText() : null;
    RunRecord run = new RunRecord(RunRecord.newId(), file.getFileName().toString(), task, model, status(text(header, "status")).text(),
        CandorVersion.get(), candorMeta.path("seed").asLong(0), epochs, Json.write(config),
        created == null ? Instant.now().toString() : created, iso(text(header.path("stats"), "completed_at")), parent,
        imported.get("primary_scorer").asText());
    store.runs().create(run, new ArrayList<>(samples.values()));

    // pass 2: the trajectories and their named scores
    Plan plan = new Plan(file, run, imported.get("primary_scorer").asText(), candorMeta.isObject());
    src.forEachSample(s -> {
      StoredSample sample = samples.get(sampleId(s, file));
      store.trajectories().save(plan.run.id(), trajectory(plan, sample, s));
      store.scores().save(namedScores(plan, sample, s));
    });
    return run;
  }

  private static String sampleId(JsonNode s, Path file) {
    JsonNode id = s.get("id");
    if (id == null || id.isNull() || id.isContainerNode()) throw new IllegalArgumentException("import: '" + file + "' has a sample without an id");
    return id.asText();
  }

  /**
   * A score mapped to Candor's conventions: label, value (1/0/null), status (null: worked out from the label), answer,
   * explanation, evidence, metadata.
   */
  private record Mapped(String label, Integer value, Score.Status status, String answer, String explanation, JsonNode evidence, JsonNode meta) {
    /**
     * As a score, under {@code label} and {@code value} (an errored sample's are {@code error}, uncounted): with the
     * status the file gave, unless it had none or the label was replaced.
     */
    Score score(String scorer, String label, Integer value) {
      List<String> ev = new ArrayList<>();
      for (JsonNode e : evidence) ev.add(e.isTextual() ? e.asText() : e.toString());
      Score.Status st = status != null && label.equals(this.label) && java.util.Objects.equals(value, this.value) ? status
          : Score.Status.inferred(scorer, label, value);
      return new Score(st, label, value, answer, explanation, ev, Json.MAPPER.convertValue(meta, new TypeReference<Map<String, Object>>() {}));
    }
  }

  /** Whether a score's metadata is as Candor writes it (label, value, status, evidence, details). */
  private static boolean candorWritten(JsonNode meta) {
    return meta.path("label").isTextual() && meta.has("details");
  }

  /**
   * The status a score written by Candor gives in {@code metadata.status} (null: an export made before scores carried
   * it, or not written by Candor); a bad one is an error naming the sample and scorer.
   */
  private static Score.Status candorStatus(JsonNode score, String scorer, Path file, JsonNode sample) {
    JsonNode meta = score.path("metadata");
    if (!candorWritten(meta) || meta.get("status") == null) return null;
    return Importer.status(meta.get("status"), scorer, meta.get("label").asText(), meta.path("value").isInt() ? meta.get("value").asInt() : null,
        "import: '" + file + "' sample " + sample.path("id").asText() + " epoch " + sample.path("epoch").asInt(1) + ": scores."
            + scorer + ".metadata.status");
  }

  /**
   * A score written by Candor (its metadata has label, value, status, evidence, details) keeps them; any other is mapped by
   * {@link #mapValue} and kept verbatim in its metadata ({@value InspectExport#VERBATIM_KEY}), so an export writes it
   * back as it was. An unscored value (NaN) takes its label from the score's reason.
   */
  private static Mapped map(Plan plan, JsonNode score, String scorer, JsonNode sample) {
    JsonNode meta = score.path("metadata");
    String answer = score.path("answer").isTextual() ? score.get("answer").asText() : null;
    String explanation = score.path("explanation").isTextual() ? score.get("explanation").asText() : null;
    if (plan.candorScores && candorWritten(meta)) {
      return new Mapped(meta.get("label").asText(), meta.path("value").isInt() ? meta.get("value").asInt() : null,
          candorStatus(score, scorer, plan.file, sample), answer, explanation,
          meta.path("evidence").isArray() ? meta.get("evidence") : Json.MAPPER.createArrayNode(), meta.get("details"));
    }
    Object[] lv = mapValue(score.get("value"));
    String label = (String) lv[0];
    if (label.equals("unscored")) {
      String reason = score.path("reason").isTextual() ? score.get("reason").asText() : meta.path("unscored_reason").asText("");
      if (!reason.isEmpty()) label = reason;
    }
    ObjectNode verbatim = Json.MAPPER.createObjectNode();
    verbatim.set(InspectExport.VERBATIM_KEY, score);
    return new Mapped(label, (Integer) lv[1], null, answer, explanation,
        meta.path("evidence").isArray() ? meta.get("evidence") : Json.MAPPER.createArrayNode(), verbatim);
  }

  private static List<ScoreRecord> namedScores(Plan plan, StoredSample sample, JsonNode s) {
    List<ScoreRecord> out = new ArrayList<>();
    int epoch = s.path("epoch").asInt(1);
    String at = iso(text(s, "completed_at"));
    s.path("scores").fields().forEachRemaining(e -> {
      if (e.getKey().equals(plan.primary) || !e.getValue().isObject()) return;
      Mapped m = map(plan, e.getValue(), e.getKey(), s);
      out.add(new ScoreRecord(plan.run.id(), sample.sampleId(), epoch, e.getKey(), m.score(e.getKey(), m.label, m.value), at == null ? plan.run.createdAt() : at));
    });
    return out;
  }

  private static Trajectory trajectory(Plan plan, StoredSample sample, JsonNode s) {
    JsonNode attachments = s.get("attachments");
    ArrayNode messages = InspectMessages.toCandor(s.get("messages"), attachments);
    JsonNode output = s.path("output");
    JsonNode choice = output.path("choices").path(0);
    JsonNode outMsg = choice.path("message");
    String outputText;
    String reasoning;
    if (outMsg.isObject()) {
      outputText = InspectMessages.resolve(InspectMessages.contentText(outMsg.get("content")), attachments);
      reasoning = InspectMessages.resolve(InspectMessages.reasoningText(outMsg.get("content")), attachments);
    } else {
      JsonNode last = null;
      for (JsonNode m : messages) if ("ASSISTANT".equals(text(m, "role"))) last = m;
      outputText = last == null ? null : text(last, "content");
      reasoning = last == null ? null : text(last, "reasoning");
    }
    if (reasoning != null && reasoning.isEmpty()) reasoning = null;
    String stop = choice.isObject() ? text(choice, "stop_reason") : null;
    JsonNode usage = usage(s, plan.run.model());

    String error = s.path("error").isObject() ? text(s.get("error"), "message") : s.path("error").isTextual() ? s.get("error").asText() : null;
    if (error != null && error.isEmpty()) error = null;
    JsonNode score = s.path("scores").get(plan.primary);
    Mapped m = score == null || !score.isObject() ? new Mapped(error != null ? "error" : "unscored", null, null, null, null,
        Json.MAPPER.createArrayNode(), Json.MAPPER.createObjectNode()) : map(plan, score, plan.primary, s);
    String label = m.label;
    Integer value = m.value;
    if (error != null) {
      label = "error";
      value = null;
    }
    Long latency = null;
    if (s.path("working_time").isNumber()) latency = Math.round(s.get("working_time").asDouble() * 1000);
    else if (output.path("time").isNumber()) latency = Math.round(output.get("time").asDouble() * 1000);
    ObjectNode raw = Json.MAPPER.createObjectNode();
    ObjectNode keep = raw.putObject(RAW_KEY);
    for (String k : KEPT) if (s.has(k) && !s.get(k).isNull()) keep.set(k, s.get(k));
    Conversation conversation = Conversation.of(Json.maps(messages));
    return new Trajectory(sample.sampleId(), s.path("epoch").asInt(1), sample.variantId(), m.score(plan.primary, label, value),
        new Trajectory.FinalOutput(outputText, reasoning, stop, "max_tokens".equals(stop) || "model_length".equals(stop)),
        conversation.messages(), conversation.extras(), Event.all(Json.maps(toolEvents(messages))), List.of(),
        new Trajectory.Tokens(longOrNull(usage, "input_tokens"), longOrNull(usage, "output_tokens"), longOrNull(usage, "reasoning_tokens")),
        latency, null, Json.write(raw), error, iso(text(s, "started_at")), iso(text(s, "completed_at")));
  }

  /** Where an imported trajectory keeps the sample fields Candor has no column for (its raw record). */
  static final String RAW_KEY = "inspect_sample";
  /** Those fields: written back as they were on export. */
  static final List<String> KEPT = List.of("events", "events_data", "total_time", "working_time", "uuid", "model_usage", "role_usage",
      "error", "error_retries", "store", "limit", "output");

  /**
   * The sample's usage over all its model calls: Inspect's per-model sum for the eval's model (sample.model_usage),
   * else the sum over its model events, else the final output's usage.
   */
  static JsonNode usage(JsonNode s, String model) {
    JsonNode mu = s.path("model_usage").path(model);
    if (mu.isObject()) return mu;
    ObjectNode sum = Json.MAPPER.createObjectNode();
    boolean any = false;
    for (JsonNode e : s.path("events")) {
      JsonNode u = e.path("output").path("usage");
      if (!"model".equals(text(e, "event")) || !u.isObject()) continue;
      any = true;
      for (String k : List.of("input_tokens", "output_tokens", "total_tokens", "reasoning_tokens"))
        if (u.path(k).isNumber()) sum.put(k, sum.path(k).asLong(0) + u.get(k).asLong());
    }
    return any ? sum : s.path("output").path("usage");
  }

  /** Maps an Inspect score value to (label, value or null). */
  static Object[] mapValue(JsonNode v) {
    if (v == null || v.isNull()) return new Object[] {"unscored", null};
    if (v.isBoolean()) return new Object[] {v.asBoolean() ? "true" : "false", v.asBoolean() ? 1 : 0};
    if (v.isNumber()) {
      double d = v.asDouble();
      if (Double.isNaN(d)) return new Object[] {"unscored", null};
      String label = v.isIntegralNumber() || d == Math.rint(d) ? String.valueOf((long) d) : v.asText();
      if (d == 1.0) return new Object[] {label, 1};
      if (d == 0.0) return new Object[] {label, 0};
      return new Object[] {label, null};
    }
    if (v.isTextual()) {
      String t = v.asText();
      return switch (t.toLowerCase(Locale.ROOT)) {
        case "c" -> new Object[] {"correct", 1};
        case "i" -> new Object[] {"incorrect", 0};
        case "p" -> new Object[] {"partial", null};
        case "n" -> new Object[] {"noanswer", 0};
        case "yes", "true" -> new Object[] {t, 1};
        case "no", "false" -> new Object[] {t, 0};
        default -> new Object[] {t.length() > 64 ? t.substring(0, 64) : t, null};
      };
    }
    return new Object[] {"structured", null};
  }

  /** Tool calls paired with their results, in Candor's event shape, so the viewer shows them. */
  private static ArrayNode toolEvents(ArrayNode candor) {
    ArrayNode events = Json.MAPPER.createArrayNode();
    Map<String, ObjectNode> byId = new LinkedHashMap<>();
    int turn = 0;
    for (JsonNode m : candor) {
      String role = text(m, "role");
      if (role.equals("ASSISTANT")) {
        turn++;
        for (JsonNode c : m.path("toolCalls")) {
          ObjectNode ev = events.addObject();
          ev.put("type", "tool_call").put("turn", turn).put("id", text(c, "id")).put("tool", text(c, "name"))
              .put("arguments", text(c, "argumentsJson"));
          byId.put(text(c, "id"), ev);
        }
      } else if (role.equals("TOOL")) {
        ObjectNode ev = byId.get(text(m, "toolCallId"));
        if (ev != null) {
          ev.put("result", text(m, "content"));
          ev.put("error", m.path("toolError").isObject());
        }
      }
    }
    return events;
  }

  private static RunStatus status(String inspect) {
    return switch (inspect) {
      case "success" -> RunStatus.COMPLETE;
      case "error" -> RunStatus.FAILED;
      case "cancelled" -> RunStatus.INTERRUPTED;
      default -> RunStatus.INCOMPLETE;
    };
  }

  private static Long longOrNull(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v != null && v.isNumber() ? v.asLong() : null;
  }

  /** An Inspect timestamp (ISO-8601 with offset) as a UTC instant string; null if absent or unparseable. */
  static String iso(String s) {
    if (s == null || s.isEmpty()) return null;
    try {
      return OffsetDateTime.parse(s).toInstant().toString();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s).toString();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

}
