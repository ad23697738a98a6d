package dev.candor.export;

import static dev.candor.export.InspectMessages.parse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.RunStatus;
import dev.candor.CandorVersion;
import dev.candor.Json;
import dev.candor.store.ScoreRecord;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.io.IOException;
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
 * <p>Mapping: task = suite, model = the run's model; each trajectory is an EvalSample with its messages (ids, reasoning
 * as a ContentReasoning block), output, usage, events (a ModelEvent per model call, a ToolEvent per tool call, a
 * ScoreEvent per score, an ErrorEvent for a failed trajectory) and its scores: the grader's ({@code candor}, or the
 * scorer it was imported from) and every named score stored for the run (awareness labels, judges), each as its own
 * scorer. A value that is counted is 1/0; one that is not (unparsed, not_applicable, error, …) is NaN, as Inspect
 * writes unscored values, with the label kept in {@code metadata.unscored_reason} and {@code metadata.label}. The
 * sample metadata carries the variant and its axes. The run's own record and configuration go in the eval metadata;
 * a run imported from Inspect gets its original eval spec, plan, log metadata and error back. Candor stores no
 * per-turn times: model events take their time from the call attempts when each model call has one, else the
 * trajectory's start.
 */
public final class InspectExport {
  static final String SCORER = "candor";
  /** Bare NaN tokens, as Python's json writes them (Jackson would quote them). */
  static final com.fasterxml.jackson.databind.ObjectWriter WRITER =
      Json.MAPPER.writer().without(JsonGenerator.Feature.QUOTE_NON_NUMERIC_NUMBERS);
  private static final int SUMMARY_CHUNK = 1000;
  private static final int THIN = 1024;

  private InspectExport() {}

  /** Writes the log into {@code dir} (which must exist) and returns the file written. */
  public static Path write(Store store, RunRecord run, Path dir, boolean evalZip) {
    if (!Files.isDirectory(dir)) throw InvalidSetting.of(Setting.OUT, "directory '" + dir + "' does not exist");
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

  /** The Inspect JSON log written to {@code w} (e.g. standard output); {@code w} is left open. */
  public static void writeJson(Store store, RunRecord run, java.io.Writer w) throws IOException {
    writeJson(new Context(store, run), w, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Inspect's own naming, {@code {created}_{task}_{task_id}}, with '_', '/', ':' and '+' made '-' in each part. */
  static String fileName(RunRecord run, String ext) {
    JsonNode config = run.configJson() == null || run.configJson().isBlank() ? null : run.configTree();
    JsonNode eval = config == null ? null : config.path("eval"); // an imported log's own
    String created = eval != null && eval.path("created").isTextual() ? eval.get("created").asText() : created(run);
    String taskId = eval != null && eval.path("task_id").isTextual() ? eval.get("task_id").asText() : taskId(run);
    return clean(created) + "_" + clean(run.suite()) + "_" + clean(taskId) + ext;
  }

  private static String clean(String part) {
    return part.replace('_', '-').replace('/', '-').replace(':', '-').replace('+', '-');
  }

  /** The run's creation time as Inspect writes it (ISO-8601 to the second, with a +00:00 offset). */
  static String created(RunRecord run) {
    Instant at = run.createdAt() == null ? Instant.EPOCH : InspectEvents.instant(run.createdAt());
    return at == null ? run.createdAt() : InspectEvents.iso(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private static String iso(String instant) {
    try {
      return java.time.OffsetDateTime.parse(instant).withOffsetSameInstant(java.time.ZoneOffset.UTC)
          .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("Z", "+00:00");
    } catch (DateTimeParseException e) {
      return instant;
    }
  }

  static String taskId(RunRecord run) {
    return shortId("task/" + run.suite() + "/" + run.id());
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
    zip.entry(name, WRITER.writeValueAsBytes(node));
  }

  /** The single-file log: the samples are streamed to a temporary file first, since the header they complete comes first. */
  private static void writeJson(Context ctx, java.io.Writer out, Path dir) throws IOException {
    Path tmp = Files.createTempFile(dir, ".inspect-samples", ".json");
    try {
      try (OutputStream so = new java.io.BufferedOutputStream(Files.newOutputStream(tmp));
           JsonGenerator g = Json.MAPPER.getFactory().createGenerator(so)) {
        g.disable(JsonGenerator.Feature.QUOTE_NON_NUMERIC_NUMBERS);
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
      g.disable(JsonGenerator.Feature.QUOTE_NON_NUMERIC_NUMBERS);
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
    /** Set when the run was imported from an Inspect log: the original eval spec, plan, log metadata and error. */
    final JsonNode imported;
    final String primary;
    final java.util.Set<String> integerIds = new java.util.HashSet<>();
    /** The run's named scores by scorer, then by (sample, epoch). */
    final Map<String, Map<Trajectory.Key, ScoreRecord>> named = new LinkedHashMap<>();
    long inputTokens;
    long outputTokens;
    long reasoningTokens;
    long total;
    long completed;
    /** Per scorer: per sample id, the sum and count of its counted values across epochs. */
    final Map<String, Map<String, double[]>> reduction = new LinkedHashMap<>();
    final List<Object> sampleIds = new ArrayList<>();

    Context(Store store, RunRecord run) {
      this.store = store;
      this.run = run;
      JsonNode c = run.configJson() == null || run.configJson().isBlank() ? null : run.configTree();
      this.config = c == null ? Json.MAPPER.createObjectNode() : c;
      this.imported = config.path("imported").isObject() && config.path("eval").isObject() ? config : null;
      String p = config.path("imported").path("primary_scorer").asText("");
      this.primary = p.isEmpty() ? SCORER : p;
      for (JsonNode id : config.path("imported").path("integer_ids")) integerIds.add(id.asText());
      List<String> order = new ArrayList<>(); // an imported log's scorers in its order, then the others
      if (imported != null) for (JsonNode sc : imported.path("eval").path("scorers")) order.add(sc.path("name").asText());
      List<String> stored = store.scores().scorers(run.id());
      order.retainAll(stored);
      for (String scorer : stored) if (!order.contains(scorer)) order.add(scorer);
      for (String scorer : order) {
        if (scorer.equals(primary)) continue;
        Map<Trajectory.Key, ScoreRecord> m = new LinkedHashMap<>();
        for (ScoreRecord r : store.scores().of(run.id(), scorer)) m.put(r.key(), r);
        named.put(scorer, m);
      }
      reduction.put(primary, new LinkedHashMap<>());
      for (String scorer : named.keySet()) reduction.put(scorer, new LinkedHashMap<>());
    }

    interface SampleSink {
      void accept(ObjectNode sample, ObjectNode summary);
    }

    void forEachSample(SampleSink sink) {
      Map<String, StoredSample> samples = new LinkedHashMap<>();
      for (StoredSample s : store.samples().of(run.id())) {
        samples.put(s.sampleId(), s);
        sampleIds.add(s.sampleId());
      }
      store.trajectories().forEach(run.id(), t -> {
        ObjectNode sample = sample(samples.get(t.sampleId()), t);
        sink.accept(sample, summary(sample, t));
      });
    }

    /** A sample id as Inspect had it: an integer where the imported log had one, else the text. */
    JsonNode id(String sampleId) {
      return integerIds.contains(sampleId) ? Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(sampleId))
          : Json.MAPPER.getNodeFactory().textNode(sampleId);
    }

    ObjectNode sample(StoredSample s, Trajectory t) {
      total++;
      if (t.error() == null) completed++;
      String prefix = shortId(run.id() + "/" + t.sampleId() + "/" + t.epoch()) + "-";
      JsonNode inputMsgs = s == null ? Json.MAPPER.createArrayNode() : s.inputTree();
      int inputCount = inputMsgs != null && inputMsgs.isArray() ? inputMsgs.size() : 0;
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.set("id", id(t.sampleId()));
      o.put("epoch", t.epoch());
      ArrayNode input = InspectMessages.toInspect(inputMsgs, inputCount, null, prefix);
      if (input.size() == 1 && "user".equals(input.get(0).path("role").asText()) && input.get(0).path("content").isTextual())
        o.put("input", input.get(0).get("content").asText());
      else o.set("input", input);
      JsonNode sm = s == null ? Json.MAPPER.createObjectNode() : s.metadataTree();
      ObjectNode sampleMeta = sm != null && sm.isObject() ? ((ObjectNode) sm).deepCopy() : Json.MAPPER.createObjectNode();
      JsonNode target = sampleMeta.remove(TARGET_KEY);
      o.set("target", target == null ? Json.MAPPER.getNodeFactory().textNode("") : target);
      JsonNode stored = TrajectoryExport.messages(t);
      ArrayNode messages;
      if (stored != null && stored.isArray() && !stored.isEmpty()) {
        messages = InspectMessages.toInspect(stored, Math.min(inputCount, stored.size()), modelName(), prefix);
      } else {
        messages = InspectMessages.toInspect(inputMsgs, inputCount, null, prefix);
        if (t.output().text() != null || t.output().reasoning() != null) {
          ArrayNode fin = InspectMessages.toInspect(Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode()
              .put("role", "assistant").put("content", t.output().text()).put("reasoning", t.output().reasoning())), 0, modelName(), prefix + "out");
          messages.addAll(fin);
        }
      }
      o.set("messages", messages);
      o.set("output", output(t, messages));
      ObjectNode scores = o.putObject("scores");
      scores.set(primary, score(t.score()));
      for (var e : named.entrySet()) {
        ScoreRecord r = e.getValue().get(t.key());
        if (r != null) scores.set(e.getKey(), score(r.score()));
      }
      ObjectNode meta = o.putObject("metadata");
      meta.setAll(sampleMeta);
      meta.put("variant", t.variantId());
      JsonNode axes = s == null ? Json.MAPPER.createObjectNode() : s.axesTree();
      if (axes != null && !axes.isEmpty()) meta.set("axes", axes);
      o.putObject("store");
      o.set("events", InspectEvents.of(t, messages, scores, o.get("target"), run.model(), modelName(), prefix));
      o.set("model_usage", modelUsage(t.tokens().input(), t.tokens().output(), t.tokens().reasoning()));
      o.putObject("role_usage");
      if (isInstant(t.startedAt())) o.put("started_at", iso(t.startedAt()));
      if (isInstant(t.finishedAt())) o.put("completed_at", iso(t.finishedAt()));
      Double[] times = times(t);
      if (times != null) o.put("total_time", times[0]);
      if (times != null && times[1] != null) o.put("working_time", times[1]);
      o.put("uuid", shortId("uuid/" + run.id() + "/" + t.sampleId() + "/" + t.epoch()));
      if (t.error() != null) o.set("error", evalError(t.error()));
      o.putArray("error_retries");
      o.putObject("attachments");
      JsonNode kept = parse(t.raw());
      if (kept != null && kept.path(InspectImport.RAW_KEY).isObject()) o.setAll((ObjectNode) kept.get(InspectImport.RAW_KEY));
      inputTokens += nz(t.tokens().input());
      outputTokens += nz(t.tokens().output());
      reasoningTokens += nz(t.tokens().reasoning());
      scores.fields().forEachRemaining(e -> {
        JsonNode v = e.getValue().get("value");
        if (v == null || !v.isNumber() || Double.isNaN(v.asDouble()) || !reduction.containsKey(e.getKey())) return;
        double[] r = reduction.get(e.getKey()).computeIfAbsent(t.sampleId(), k -> new double[2]);
        r[0] += v.asDouble();
        r[1] += 1;
      });
      return o;
    }

    /**
     * The sample's total time (start to finish, else the latency) and working time (the model calls' latency, null
     * when not stored), in seconds; null when the trajectory has neither.
     */
    private Double[] times(Trajectory t) {
      Double wall = null;
      if (isInstant(t.startedAt()) && isInstant(t.finishedAt()))
        wall = java.time.Duration.between(Instant.parse(t.startedAt()), Instant.parse(t.finishedAt())).toNanos() / 1e9;
      Double work = t.latencyMs() == null ? null : t.latencyMs() / 1000.0;
      if (wall == null) wall = work;
      if (work != null && work > wall) work = wall;
      return wall == null ? null : new Double[] {wall, work};
    }

    private ObjectNode output(Trajectory t, ArrayNode messages) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.put("model", modelName());
      ArrayNode choices = out.putArray("choices");
      JsonNode last = null;
      for (JsonNode m : messages) if ("assistant".equals(m.path("role").asText())) last = m;
      if (last != null && (t.output().text() != null || t.output().reasoning() != null)) {
        ObjectNode c = choices.addObject();
        c.set("message", last.deepCopy());
        c.put("stop_reason", stopReason(t));
      }
      out.put("completion", t.output().text() == null ? "" : t.output().text());
      Trajectory.Tokens tk = t.tokens();
      if (tk.input() != null || tk.output() != null) out.set("usage", usage(tk.input(), tk.output(), tk.reasoning()));
      if (t.latencyMs() != null) out.put("time", t.latencyMs() / 1000.0);
      if (t.error() != null) out.put("error", t.error());
      return out;
    }

    ObjectNode summary(ObjectNode sample, Trajectory t) {
      ObjectNode s = Json.MAPPER.createObjectNode();
      s.set("id", sample.get("id"));
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
        if (e.getValue().path("answer").isTextual()) sc.put("answer", thin(e.getValue().get("answer").asText()));
        if (e.getValue().path("explanation").isTextual()) sc.put("explanation", thin(e.getValue().get("explanation").asText()));
        sc.putArray("history");
      });
      s.set("model_usage", sample.get("model_usage"));
      s.putObject("role_usage");
      for (String k : List.of("started_at", "completed_at", "total_time", "working_time", "uuid"))
        if (sample.has(k)) s.set(k, sample.get(k));
      if (sample.has("error")) s.put("error", sample.get("error").get("message").asText());
      s.put("retries", t.attempts() == null ? 0 : Math.max(0, t.attempts().size() - 1));
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
      stats.put("started_at", run.createdAt() == null ? "" : iso(run.createdAt()));
      stats.put("completed_at", run.finishedAt() == null ? "" : iso(run.finishedAt()));
      stats.set("model_usage", modelUsage(inputTokens, outputTokens, reasoningTokens == 0 ? null : reasoningTokens));
      stats.putObject("role_usage");
      stats.putArray("connection_limit_history");
      JsonNode error = imported == null ? null : imported.path("imported").get("error");
      if (error != null && error.isObject()) o.set("error", error);
      else if (RunStatus.of(run.status()) == RunStatus.FAILED) o.set("error", evalError("the Candor run failed (status failed)"));
      o.put("invalidated", false);
      JsonNode tags = imported == null ? null : imported.path("imported").get("tags");
      o.set("tags", tags != null && tags.isArray() ? tags : Json.MAPPER.createArrayNode());
      JsonNode logMeta = imported == null ? null : imported.path("imported").get("log_metadata");
      o.set("metadata", logMeta != null && logMeta.isObject() ? logMeta : Json.MAPPER.createObjectNode());
      return o;
    }

    private String status() {
      return switch (RunStatus.of(run.status())) {
        case COMPLETE -> "success";
        case FAILED -> "error";
        case INTERRUPTED -> "cancelled";
        case CREATED, RUNNING, PARTIAL, INCOMPLETE -> "started";
      };
    }

    private ObjectNode evalSpec() {
      ObjectNode e = imported != null ? ((ObjectNode) imported.get("eval")).deepCopy() : nativeSpec();
      if (!e.path("metadata").isObject()) e.putObject("metadata");
      ObjectNode meta = ((ObjectNode) e.get("metadata")).putObject("candor");
      meta.put("run_id", run.id());
      meta.put("name", run.name());
      meta.put("status", run.status());
      meta.put("seed", run.seed());
      meta.put("candor_version", run.candorVersion());
      meta.put("parent_run_id", run.parentRunId());
      meta.put("primary_scorer", primary);
      meta.set("config", imported != null ? config.path("source_config") : config);
      ArrayNode scorers = e.putArray("scorers");
      for (String name : reduction.keySet()) {
        ObjectNode sc = scorers.addObject();
        sc.put("name", name);
        sc.putObject("options");
        sc.putArray("metrics").addObject().put("name", "inspect_ai/mean").putObject("options");
        sc.putObject("metadata");
      }
      if (imported != null) {
        JsonNode original = imported.path("eval").path("scorers");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode sc : original) byName.put(sc.path("name").asText(), sc);
        for (int i = 0; i < scorers.size(); i++) {
          JsonNode o = byName.get(scorers.get(i).path("name").asText());
          if (o != null) scorers.set(i, o);
        }
      }
      return e;
    }

    private ObjectNode nativeSpec() {
      ObjectNode e = Json.MAPPER.createObjectNode();
      e.put("eval_id", shortId("eval/" + run.id()));
      e.put("run_id", run.id());
      e.put("created", created(run));
      e.put("task", run.suite());
      e.put("task_id", taskId(run));
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
      for (Object id : sampleIds) ids.add(id(id.toString()));
      ds.put("shuffled", false);
      e.put("model", run.model());
      e.set("model_generate_config", generateConfig());
      e.putObject("model_args");
      ObjectNode cfg = e.putObject("config");
      if (config.path("limit").isInt()) cfg.put("limit", config.get("limit").asInt());
      cfg.put("epochs", run.epochs());
      cfg.putArray("epochs_reducer").add("mean");
      cfg.put("fail_on_error", false);
      boolean measured = !config.has("imported"); // an import's connections and attempts are defaults, not what the run used
      if (measured && config.path("maxAttempts").isInt()) cfg.put("retry_on_error", Math.max(0, config.get("maxAttempts").asInt() - 1));
      if (measured && config.path("maxConnections").isInt()) cfg.put("max_samples", config.get("maxConnections").asInt());
      cfg.put("sandbox_cleanup", true);
      cfg.put("log_samples", true);
      cfg.put("log_realtime", false);
      cfg.put("log_images", false);
      cfg.put("score_display", true);
      CandorVersion build = CandorVersion.parse(run.candorVersion());
      if (build.commit() != null) { // Inspect's EvalRevision: the git commit the run's Candor was built from
        ObjectNode rev = e.putObject("revision");
        rev.put("type", "git").put("origin", "").put("commit", build.commit()); // the origin remote is not recorded
        if (build.dirty() != null) rev.put("dirty", build.dirty());
      }
      e.putObject("packages").put("candor", build.version());
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

    private JsonNode plan() {
      if (imported != null && imported.path("plan").isObject()) return imported.get("plan");
      ObjectNode p = Json.MAPPER.createObjectNode();
      p.put("name", "plan");
      ObjectNode step = p.putArray("steps").addObject();
      step.put("solver", "candor/" + run.suite());
      step.putObject("params");
      step.putObject("params_passed");
      p.set("config", generateConfig());
      return p;
    }

    private ObjectNode results() {
      ObjectNode r = Json.MAPPER.createObjectNode();
      r.put("total_samples", total);
      r.put("completed_samples", completed);
      ArrayNode scores = r.putArray("scores");
      for (var e : reduction.entrySet()) {
        double sum = 0;
        long n = 0;
        for (double[] v : e.getValue().values()) {
          sum += v[0];
          n += (long) v[1];
        }
        ObjectNode s = scores.addObject();
        s.put("name", e.getKey());
        s.put("scorer", e.getKey());
        s.put("scored_samples", n);
        s.put("unscored_samples", total - n);
        s.putObject("params");
        ObjectNode metrics = s.putObject("metrics");
        if (n > 0) metrics.putObject("mean").put("name", "mean").put("value", sum / n).putObject("params");
      }
      return r;
    }

    ArrayNode reductions() {
      ArrayNode out = Json.MAPPER.createArrayNode();
      for (var e : reduction.entrySet()) {
        ObjectNode r = out.addObject();
        r.put("scorer", e.getKey());
        r.put("reducer", "mean");
        ArrayNode samples = r.putArray("samples");
        for (Object id : sampleIds) {
          double[] v = e.getValue().get(id.toString());
          ObjectNode o = samples.addObject();
          o.put("value", v == null ? Double.NaN : v[0] / v[1]);
          o.putArray("history");
          o.set("sample_id", id(id.toString()));
        }
      }
      return out;
    }

    private ObjectNode modelUsage(Long in, Long out, Long reasoning) {
      ObjectNode mu = Json.MAPPER.createObjectNode();
      if (in != null || out != null) mu.set(run.model(), usage(in, out, reasoning));
      return mu;
    }

    private String modelName() {
      return run.model();
    }
  }

  /** Where an imported sample's target is kept in its stored metadata. */
  static final String TARGET_KEY = "inspect_target";
  /** Where an imported score is kept verbatim in its stored metadata, so it is written back exactly. */
  static final String VERBATIM_KEY = "inspect_score";

  /**
   * One score as Inspect's Score: an imported one verbatim; else the value 1/0, or NaN when not counted (the label
   * kept as {@code metadata.unscored_reason}), answer, explanation and metadata {label, value, status, evidence,
   * details}; the status is {@link Score.Status#key()}.
   */
  static ObjectNode score(Score score) {
    String label = score.label();
    Integer value = score.value();
    String answer = score.answer();
    String explanation = score.explanation();
    ObjectNode details = Json.MAPPER.valueToTree(score.metadata());
    if (details.path(VERBATIM_KEY).isObject()) return ((ObjectNode) details.get(VERBATIM_KEY)).deepCopy();
    ObjectNode sc = Json.MAPPER.createObjectNode();
    if (value != null) sc.put("value", value);
    else sc.put("value", Double.NaN);
    if (answer != null) sc.put("answer", answer);
    if (explanation != null) sc.put("explanation", explanation);
    ObjectNode meta = sc.putObject("metadata");
    meta.put("label", label);
    if (value == null) {
      meta.putNull("value");
      meta.put("unscored_reason", label);
    } else meta.put("value", value);
    meta.put("status", score.status().key());
    meta.set("evidence", Json.MAPPER.valueToTree(score.evidence()));
    meta.set("details", details);
    sc.putArray("history");
    return sc;
  }

  static ObjectNode evalError(String message) {
    return Json.MAPPER.createObjectNode().put("message", message).put("traceback", "").put("traceback_ansi", "");
  }

  private static ObjectNode usage(Long in, Long out, Long reasoning) {
    ObjectNode u = Json.MAPPER.createObjectNode();
    u.put("input_tokens", nz(in));
    u.put("output_tokens", nz(out));
    u.put("total_tokens", nz(in) + nz(out));
    if (reasoning != null) u.put("reasoning_tokens", reasoning);
    return u;
  }

  private static String stopReason(Trajectory t) {
    if (t.output().truncated()) return "max_tokens";
    String f = t.output().finishReason() == null ? "" : t.output().finishReason().toLowerCase(java.util.Locale.ROOT);
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
