package dev.candor.export;

import static dev.candor.export.InspectMessages.parse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.store.Json;
import dev.candor.store.LabelCount;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.store.TrajectoryRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a run as an Inspect eval log (log format version 2), either the {@code .eval} zip (_journal/start.json,
 * samples/ID_epoch_N.json, _journal/summaries/N.json, summaries.json, reductions.json, header.json) or the single
 * {@code .json} log, so Inspect View and Inspect's readers open it. Trajectories are streamed from the store.
 *
 * <p>Mapping: task = suite, model = the run's model; each trajectory is an EvalSample with its messages (reasoning as a
 * ContentReasoning block), output, usage and one score {@code candor} whose value is the trajectory's value (1/0) or,
 * when it is not counted, its label; the score metadata keeps label, value, evidence and the grader's metadata. The
 * sample metadata carries the variant and its axes. The run's own record and configuration go in the eval metadata.
 */
public final class InspectExport {
  static final String SCORER = "candor";
  private static final int SUMMARY_CHUNK = 1000;
  private static final int THIN = 1024;

  private InspectExport() {}

  /** Writes the log into {@code dir} (which must exist) and returns the file written. */
  public static Path write(Store store, RunRecord run, Path dir, boolean evalZip) {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--out: directory '" + dir + "' does not exist");
    Path target = dir.resolve(fileName(run, evalZip ? ".eval" : ".json"));
    Context ctx = new Context(store, run);
    if (evalZip) AtomicFile.writeFile(target, tmp -> {
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
        writeEval(ctx, out);
      }
    });
    else AtomicFile.write(target, w -> writeJson(ctx, w, dir));
    return target;
  }

  static String fileName(RunRecord run, String ext) {
    String created = run.createdAt() == null ? "" : run.createdAt().replace(':', '-');
    String task = run.suite().replaceAll("[^A-Za-z0-9._-]+", "-");
    return (created.isEmpty() ? "" : created + "_") + task + "_" + run.id().replaceAll("[^A-Za-z0-9._-]+", "-") + ext;
  }

  // ---------------------------------------------------------------- the two layouts

  private static void writeEval(Context ctx, OutputStream raw) throws IOException {
    EvalZip.Writer zip = new EvalZip.Writer(raw, EvalZip.DEFLATED);
    entry(zip, "_journal/start.json", ctx.start());
    List<ObjectNode> chunk = new ArrayList<>();
    int[] chunks = {0};
    ArrayNode all = Json.MAPPER.createArrayNode();
    try {
      ctx.forEachSample((sample, summary) -> {
        try {
          entry(zip, "samples/" + sample.get("id").asText() + "_epoch_" + sample.get("epoch").asInt() + ".json", sample);
          chunk.add(summary);
          all.add(summary);
          if (chunk.size() == SUMMARY_CHUNK) {
            entry(zip, "_journal/summaries/" + (++chunks[0]) + ".json", Json.MAPPER.valueToTree(chunk));
            chunk.clear();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (!chunk.isEmpty()) entry(zip, "_journal/summaries/" + (++chunks[0]) + ".json", Json.MAPPER.valueToTree(chunk));
    entry(zip, "summaries.json", all);
    entry(zip, "reductions.json", ctx.reductions());
    entry(zip, "header.json", ctx.header());
    zip.close();
  }

  private static void entry(EvalZip.Writer zip, String name, JsonNode node) throws IOException {
    zip.entry(name, Json.MAPPER.writeValueAsBytes(node));
  }

  /** The single-file log: the samples are streamed to a temporary file first, since the header they complete comes first. */
  private static void writeJson(Context ctx, java.io.Writer out, Path dir) throws IOException {
    Path tmp = Files.createTempFile(dir, ".inspect-samples", ".json");
    try {
      try (OutputStream so = new java.io.BufferedOutputStream(Files.newOutputStream(tmp));
           JsonGenerator g = Json.MAPPER.getFactory().createGenerator(so)) {
        g.writeStartArray();
        try {
          ctx.forEachSample((sample, summary) -> {
            try {
              Json.MAPPER.writeTree(g, sample);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        g.writeEndArray();
      }
      ObjectNode header = ctx.header();
      JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      for (var it = header.fields(); it.hasNext(); ) {
        var e = it.next();
        g.writeFieldName(e.getKey());
        Json.MAPPER.writeTree(g, e.getValue());
      }
      g.writeFieldName("samples");
      g.writeRawValue(""); // switch the generator into value context; the array is copied verbatim below
      g.flush();
      try (java.io.Reader in = Files.newBufferedReader(tmp, StandardCharsets.UTF_8)) {
        in.transferTo(out);
      }
      g.writeFieldName("reductions");
      Json.MAPPER.writeTree(g, ctx.reductions());
      g.writeEndObject();
      g.flush();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  // ---------------------------------------------------------------- building the log

  /** What one export accumulates while it streams the run. */
  private static final class Context {
    final Store store;
    final RunRecord run;
    final JsonNode config;
    long inputTokens;
    long outputTokens;
    long reasoningTokens;
    long total;
    long completed;
    final Map<String, double[]> reduction = new LinkedHashMap<>();
    final List<Object> sampleIds = new ArrayList<>();

    Context(Store store, RunRecord run) {
      this.store = store;
      this.run = run;
      JsonNode c = parse(run.configJson());
      this.config = c == null ? Json.MAPPER.createObjectNode() : c;
    }

    interface SampleSink {
      void accept(ObjectNode sample, ObjectNode summary);
    }

    void forEachSample(SampleSink sink) {
      Map<String, StoredSample> samples = new LinkedHashMap<>();
      for (StoredSample s : store.samples(run.id())) {
        samples.put(s.sampleId(), s);
        sampleIds.add(s.sampleId());
      }
      store.forEachTrajectory(run.id(), t -> {
        ObjectNode sample = sample(samples.get(t.sampleId()), t);
        sink.accept(sample, summary(sample, t));
      });
    }

    ObjectNode sample(StoredSample s, TrajectoryRecord t) {
      total++;
      if (t.error() == null) completed++;
      String prefix = shortId(run.id() + "/" + t.sampleId() + "/" + t.epoch()) + "-";
      JsonNode inputMsgs = parse(s == null ? "[]" : s.inputJson());
      int inputCount = inputMsgs != null && inputMsgs.isArray() ? inputMsgs.size() : 0;
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("id", t.sampleId());
      o.put("epoch", t.epoch());
      ArrayNode input = InspectMessages.toInspect(inputMsgs, inputCount, null, prefix + "in");
      if (input.size() == 1 && "user".equals(input.get(0).path("role").asText()) && input.get(0).path("content").isTextual())
        o.put("input", input.get(0).get("content").asText());
      else o.set("input", input);
      o.put("target", "");
      JsonNode stored = parse(t.messagesJson());
      ArrayNode messages;
      if (stored != null && stored.isArray() && !stored.isEmpty()) {
        messages = InspectMessages.toInspect(stored, Math.min(inputCount, stored.size()), modelName(), prefix);
      } else {
        messages = InspectMessages.toInspect(inputMsgs, inputCount, null, prefix);
        if (t.outputText() != null || t.reasoning() != null) {
          ArrayNode fin = InspectMessages.toInspect(Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode()
              .put("role", "assistant").put("content", t.outputText()).put("reasoning", t.reasoning())), 0, modelName(), prefix + "out");
          messages.addAll(fin);
        }
      }
      o.set("messages", messages);
      o.set("output", output(t, messages));
      ObjectNode scores = o.putObject("scores");
      scores.set(SCORER, score(t));
      ObjectNode meta = o.putObject("metadata");
      JsonNode sm = parse(s == null ? "{}" : s.metadataJson());
      if (sm != null && sm.isObject()) meta.setAll((ObjectNode) sm);
      meta.put("variant", t.variantId());
      JsonNode axes = parse(s == null ? "{}" : s.axesJson());
      meta.set("axes", axes == null ? Json.MAPPER.createObjectNode() : axes);
      o.putObject("store");
      o.putArray("events");
      o.set("model_usage", modelUsage(t.inputTokens(), t.outputTokens(), t.reasoningTokens()));
      if (isInstant(t.startedAt())) o.put("started_at", t.startedAt());
      if (isInstant(t.finishedAt())) o.put("completed_at", t.finishedAt());
      if (t.latencyMs() != null) {
        o.put("total_time", t.latencyMs() / 1000.0);
        o.put("working_time", t.latencyMs() / 1000.0);
      }
      o.put("uuid", shortId("uuid/" + run.id() + "/" + t.sampleId() + "/" + t.epoch()));
      if (t.error() != null) o.putObject("error").put("message", t.error()).put("traceback", "").put("traceback_ansi", "");
      o.putObject("attachments");
      inputTokens += nz(t.inputTokens());
      outputTokens += nz(t.outputTokens());
      reasoningTokens += nz(t.reasoningTokens());
      if (t.value() != null) {
        double[] r = reduction.computeIfAbsent(t.sampleId(), k -> new double[2]);
        r[0] += t.value();
        r[1] += 1;
      }
      return o;
    }

    private ObjectNode output(TrajectoryRecord t, ArrayNode messages) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.put("model", modelName());
      ArrayNode choices = out.putArray("choices");
      JsonNode last = null;
      for (JsonNode m : messages) if ("assistant".equals(m.path("role").asText())) last = m;
      if (last != null && (t.outputText() != null || t.reasoning() != null)) {
        ObjectNode c = choices.addObject();
        c.set("message", last.deepCopy());
        c.put("stop_reason", stopReason(t));
      }
      if (t.inputTokens() != null || t.outputTokens() != null) out.set("usage", usage(t.inputTokens(), t.outputTokens(), t.reasoningTokens()));
      if (t.latencyMs() != null) out.put("time", t.latencyMs() / 1000.0);
      if (t.error() != null) out.put("error", t.error());
      return out;
    }

    private ObjectNode score(TrajectoryRecord t) {
      ObjectNode sc = Json.MAPPER.createObjectNode();
      if (t.value() != null) sc.put("value", t.value());
      else sc.put("value", t.label());
      if (t.answer() != null) sc.put("answer", t.answer());
      if (t.explanation() != null) sc.put("explanation", t.explanation());
      ObjectNode meta = sc.putObject("metadata");
      meta.put("label", t.label());
      if (t.value() == null) meta.putNull("value");
      else meta.put("value", t.value());
      JsonNode ev = parse(t.evidenceJson());
      meta.set("evidence", ev == null ? Json.MAPPER.createArrayNode() : ev);
      JsonNode details = parse(t.scoreMetaJson());
      meta.set("details", details == null ? Json.MAPPER.createObjectNode() : details);
      return sc;
    }

    ObjectNode summary(ObjectNode sample, TrajectoryRecord t) {
      ObjectNode s = Json.MAPPER.createObjectNode();
      s.put("id", sample.get("id").asText());
      s.put("epoch", sample.get("epoch").asInt());
      JsonNode input = sample.get("input");
      s.set("input", input.isTextual() ? Json.MAPPER.getNodeFactory().textNode(thin(input.asText())) : input);
      s.set("target", sample.get("target"));
      ObjectNode meta = s.putObject("metadata");
      sample.get("metadata").fields().forEachRemaining(e -> {
        JsonNode v = e.getValue();
        if (v.isTextual()) meta.put(e.getKey(), thin(v.asText()));
        else if (v.toString().length() <= THIN) meta.set(e.getKey(), v);
      });
      ObjectNode scores = s.putObject("scores");
      sample.get("scores").fields().forEachRemaining(e -> {
        ObjectNode sc = scores.putObject(e.getKey());
        sc.set("value", e.getValue().get("value"));
        if (e.getValue().has("answer")) sc.put("answer", thin(e.getValue().get("answer").asText()));
        if (e.getValue().has("explanation")) sc.put("explanation", thin(e.getValue().get("explanation").asText()));
      });
      s.set("model_usage", sample.get("model_usage"));
      for (String k : List.of("started_at", "completed_at", "total_time", "working_time", "uuid"))
        if (sample.has(k)) s.set(k, sample.get(k));
      if (sample.has("error")) s.put("error", sample.get("error").get("message").asText());
      JsonNode attempts = parse(t.attemptsJson());
      s.put("retries", attempts != null && attempts.isArray() ? Math.max(0, attempts.size() - 1) : 0);
      s.put("completed", true);
      s.put("message_count", sample.get("messages").size());
      return s;
    }

    ObjectNode start() {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("version", 2);
      o.set("eval", evalSpec());
      o.set("plan", plan());
      return o;
    }

    ObjectNode header() {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("version", 2);
      o.put("status", status());
      o.set("eval", evalSpec());
      o.set("plan", plan());
      o.set("results", results());
      ObjectNode stats = o.putObject("stats");
      stats.put("started_at", run.createdAt() == null ? "" : run.createdAt());
      stats.put("completed_at", run.finishedAt() == null ? "" : run.finishedAt());
      stats.set("model_usage", modelUsage(inputTokens, outputTokens, reasoningTokens == 0 ? null : reasoningTokens));
      return o;
    }

    private String status() {
      return switch (run.status()) {
        case "complete" -> "success";
        case "failed" -> "error";
        case "interrupted" -> "cancelled";
        default -> "started";
      };
    }

    private ObjectNode evalSpec() {
      ObjectNode e = Json.MAPPER.createObjectNode();
      e.put("eval_id", shortId("eval/" + run.id()));
      e.put("run_id", run.id());
      e.put("created", run.createdAt());
      e.put("task", run.suite());
      e.put("task_id", shortId("task/" + run.suite() + "/" + run.id()));
      e.put("task_version", 0);
      e.put("task_registry_name", "candor/" + run.suite());
      e.putObject("task_attribs");
      e.putObject("task_args");
      e.putObject("task_args_passed");
      ObjectNode ds = e.putObject("dataset");
      ds.put("name", run.suite());
      ds.put("location", "candor:" + run.id());
      ds.put("samples", sampleIds.size());
      ArrayNode ids = ds.putArray("sample_ids");
      for (Object id : sampleIds) ids.add(id.toString());
      ds.put("shuffled", false);
      e.put("model", run.model());
      e.set("model_generate_config", generateConfig());
      e.putObject("model_args");
      ObjectNode cfg = e.putObject("config");
      if (config.path("limit").isInt()) cfg.put("limit", config.get("limit").asInt());
      cfg.put("epochs", run.epochs());
      cfg.putArray("epochs_reducer").add("mean");
      cfg.put("fail_on_error", false);
      if (config.path("maxAttempts").isInt()) cfg.put("retry_on_error", Math.max(0, config.get("maxAttempts").asInt() - 1));
      if (config.path("maxConnections").isInt()) cfg.put("max_samples", config.get("maxConnections").asInt());
      cfg.put("sandbox_cleanup", true);
      cfg.put("log_samples", true);
      cfg.put("log_realtime", false);
      cfg.put("log_images", false);
      cfg.put("score_display", true);
      e.putObject("packages").put("candor", run.candorVersion());
      ObjectNode meta = e.putObject("metadata").putObject("candor");
      meta.put("run_id", run.id());
      meta.put("name", run.name());
      meta.put("status", run.status());
      meta.put("seed", run.seed());
      meta.put("candor_version", run.candorVersion());
      meta.put("parent_run_id", run.parentRunId());
      meta.set("config", config);
      ArrayNode scorers = e.putArray("scorers");
      ObjectNode sc = scorers.addObject();
      sc.put("name", SCORER);
      sc.putObject("options");
      sc.putArray("metrics").addObject().put("name", "inspect_ai/mean").putObject("options");
      sc.putObject("metadata");
      return e;
    }

    private ObjectNode generateConfig() {
      ObjectNode g = Json.MAPPER.createObjectNode();
      JsonNode c = config.path("generate");
      copy(c, "temperature", g, "temperature");
      copy(c, "maxTokens", g, "max_tokens");
      copy(c, "reasoningEffort", g, "reasoning_effort");
      copy(c, "thinkingBudget", g, "reasoning_tokens");
      copy(c, "seed", g, "seed");
      copy(c, "systemPrompt", g, "system_message");
      if (c.path("timeoutSeconds").isNumber()) g.put("timeout", (int) Math.ceil(c.get("timeoutSeconds").asDouble()));
      return g;
    }

    private ObjectNode plan() {
      ObjectNode p = Json.MAPPER.createObjectNode();
      p.put("name", "plan");
      p.putArray("steps").addObject().put("solver", "candor/" + run.suite()).putObject("params");
      p.set("config", generateConfig());
      return p;
    }

    private ObjectNode results() {
      long k = 0;
      long n = 0;
      for (LabelCount c : store.labelCounts(run.id()))
        if (c.value() != null) {
          n += c.count();
          if (c.value() == 1) k += c.count();
        }
      ObjectNode r = Json.MAPPER.createObjectNode();
      r.put("total_samples", total);
      r.put("completed_samples", completed);
      ArrayNode scores = r.putArray("scores");
      ObjectNode s = scores.addObject();
      s.put("name", SCORER);
      s.put("scorer", SCORER);
      s.put("scored_samples", n);
      s.put("unscored_samples", total - n);
      s.putObject("params");
      ObjectNode metrics = s.putObject("metrics");
      if (n > 0) metrics.putObject("mean").put("name", "mean").put("value", (double) k / n).putObject("params");
      return r;
    }

    ArrayNode reductions() {
      ArrayNode out = Json.MAPPER.createArrayNode();
      ObjectNode r = out.addObject();
      r.put("scorer", SCORER);
      r.put("reducer", "mean");
      ArrayNode samples = r.putArray("samples");
      for (var e : reduction.entrySet())
        samples.addObject().put("value", e.getValue()[0] / e.getValue()[1]).put("sample_id", e.getKey());
      return out;
    }

    private ObjectNode modelUsage(Long in, Long out, Long reasoning) {
      ObjectNode mu = Json.MAPPER.createObjectNode();
      if (in != null || out != null) mu.set(run.model(), usage(in, out, reasoning));
      return mu;
    }

    private String modelName() {
      String m = run.model();
      int slash = m.indexOf('/');
      return slash < 0 ? m : m.substring(slash + 1);
    }
  }

  private static ObjectNode usage(Long in, Long out, Long reasoning) {
    ObjectNode u = Json.MAPPER.createObjectNode();
    u.put("input_tokens", nz(in));
    u.put("output_tokens", nz(out));
    u.put("total_tokens", nz(in) + nz(out));
    if (reasoning != null) u.put("reasoning_tokens", reasoning);
    return u;
  }

  private static String stopReason(TrajectoryRecord t) {
    if (t.truncated()) return "max_tokens";
    String f = t.finishReason() == null ? "" : t.finishReason().toLowerCase(java.util.Locale.ROOT);
    return switch (f) {
      case "stop", "end_turn", "stop_sequence" -> "stop";
      case "length", "max_tokens" -> "max_tokens";
      case "tool_calls", "tool_use" -> "tool_calls";
      case "content_filter", "refusal" -> "content_filter";
      case "model_length" -> "model_length";
      default -> "unknown";
    };
  }

  private static void copy(JsonNode from, String key, ObjectNode to, String as) {
    JsonNode v = from.get(key);
    if (v != null && !v.isNull()) to.set(as, v);
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }

  private static boolean isInstant(String s) {
    if (s == null) return false;
    try {
      Instant.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** A stable 22-character id (the length of Inspect's shortuuids) derived from a name. */
  static String shortId(String name) {
    UUID u = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    String alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    java.math.BigInteger v = new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
    StringBuilder b = new StringBuilder();
    java.math.BigInteger base = java.math.BigInteger.valueOf(alphabet.length());
    for (int i = 0; i < 22; i++) {
      java.math.BigInteger[] qr = v.divideAndRemainder(base);
      b.append(alphabet.charAt(qr[1].intValue()));
      v = qr[0];
    }
    return b.toString();
  }

  private static String thin(String s) {
    return s == null || s.length() <= THIN ? s : s.substring(0, THIN);
  }
}
