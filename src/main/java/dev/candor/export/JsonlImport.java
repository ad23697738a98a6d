package dev.candor.export;

import dev.candor.core.Conversation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.core.RunStatus;
import dev.candor.CandorVersion;
import dev.candor.Jackson;
import dev.candor.core.RunConfig;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.candor.core.CallAttempt;
import dev.candor.core.Event;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import dev.candor.core.Sample;
import dev.candor.core.SuiteInfo;
import dev.candor.model.InputHash;

/**
 * Imports a JSONL file of transcripts (Candor's export shape, {@link TrajectoryExport#line}; schema: {@value #SCHEMA})
 * as a new run. Without {@link Grading}: the suite is the file's name without extension, the model the lines' model;
 * samples (variant, axes, input, metadata) come from the first line of each sample id; scores are the file's. With
 * a {@link Grading} (import {@code --suite}): each line's sample id must be one of the suite's samples, with the
 * input the suite gives it; the samples are the suite's, and every trajectory is graded by the suite's grader; the
 * file's score is kept, as the named score {@value #IMPORTED}, only when asked. Read twice, line by line; never
 * loaded whole; every error names the file, the line, the field and the schema.
 */
public final class JsonlImport {
  private JsonlImport() {}

  /** Where the line format is documented. */
  public static final String SCHEMA = "docs/jsonl.md";
  /** The named score a kept file score is stored under. */
  public static final String IMPORTED = "imported";

  /**
   * How an import grades with a suite: the suite as the run records it, its headline scorer's name, its samples by id,
   * the grader (a stored trajectory's scores, headline first; null for one that ended in error) and whether the file's
   * scores are kept.
   */
  public record Grading(SuiteInfo suite, String headline, Map<String, Sample> samples, BiFunction<Sample, Trajectory, Map<String, Score>> grader,
                        boolean keepScores) {}

  static RunRecord importJsonl(Store store, Path file) {
    return importJsonl(store, file, null);
  }

  /** Imports {@code file}, graded by {@code grading} (null: the file's scores, the suite named by the file). */
  static RunRecord importJsonl(Store store, Path file, Grading grading) {
    Map<String, StoredSample> samples = new LinkedHashMap<>();
    String[] model = {null};
    int[] maxEpoch = {0};
    lines(file, (n, o) -> {
      String id = required(o, "sample_id", file, n);
      int epoch = o.path("epoch").asInt(1);
      maxEpoch[0] = Math.max(maxEpoch[0], epoch);
      if (model[0] == null && o.path("model").isTextual()) model[0] = o.get("model").asText();
      if (grading == null || grading.keepScores()) score(o, null, file, n); // checked before anything is written
      if (samples.containsKey(id)) return;
      if (grading == null) {
        samples.put(id, new StoredSample(id, samples.size(), required(o, "variant", file, n), json(o.get("axes"), "{}"),
            json(o.get("input"), "[]"), json(o.get("metadata"), "{}")));
        return;
      }
      Sample s = suiteSample(grading, o, id, file, n);
      samples.put(id, new StoredSample(id, samples.size(), s.variantId(), Json.write(s.axes()), Json.write(s.input()), Json.write(s.metadata())));
    });
    if (samples.isEmpty()) throw new IllegalArgumentException("import: '" + file + "' has no lines; expected one JSON object per trajectory" + schema());
    String name = file.getFileName().toString();
    String suite = grading != null ? grading.suite().name() : name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    String modelSpec = model[0] == null ? "unknown/unknown" : model[0];
    var config = Importer.importedConfig(suite, modelSpec, maxEpoch[0], 0);
    Map<String, Object> imported = new LinkedHashMap<>(Map.of("file", name, "format", "candor-jsonl"));
    if (grading != null) {
      config.set("suiteInfo", Json.MAPPER.valueToTree(grading.suite()));
      imported.put("graded_by", grading.headline());
      imported.put("kept_scores", grading.keepScores() ? IMPORTED : "none");
    }
    config.set("imported", Json.MAPPER.valueToTree(imported));
    RunRecord run = new RunRecord(RunRecord.newId(), name, suite, modelSpec, RunStatus.COMPLETE.text(),
        CandorVersion.get(), 0, Math.max(1, maxEpoch[0]), Json.write(config), Instant.now().toString(), null, null,
        grading == null ? null : grading.headline());
    store.runs().create(run, new ArrayList<>(samples.values()));
    lines(file, (n, o) -> {
      StoredSample s = samples.get(o.get("sample_id").asText());
      Trajectory t = trajectory(run, s, o, file, n);
      if (grading == null) {
        store.trajectories().save(run.id(), t);
        return;
      }
      Map<String, Score> graded = grading.grader().apply(grading.samples().get(s.sampleId()), t);
      Map<String, Score> named = new LinkedHashMap<>();
      Score head = Score.couldNotScore("error", t.error(), Map.of());
      if (graded != null) {
        var it = graded.entrySet().iterator();
        head = it.next().getValue();
        it.forEachRemaining(e -> named.put(e.getKey(), e.getValue()));
      }
      if (grading.keepScores() && o.has("score")) named.put(IMPORTED, t.score());
      store.trajectories().save(run.id(), t.withScore(head), named);
    });
    return run;
  }

  /** The suite's sample a line answers: its sample id must be one of the suite's, its input (if given) the one the suite gives it. */
  private static Sample suiteSample(Grading grading, JsonNode o, String id, Path file, int n) {
    Sample s = grading.samples().get(id);
    if (s == null)
      throw new IllegalArgumentException(where(file, n, "sample_id") + "'" + id + "' is not a sample of suite '" + grading.suite().name()
          + "' (e.g. '" + grading.samples().keySet().iterator().next() + "')" + schema());
    JsonNode given = o.path(InputHash.META);
    if (given.isTextual() ? !given.asText().equals(s.inputSha256())
        : o.path("input").isArray() && !InputHash.of(messages(o.get("input"), file, n), Map.of()).equals(InputHash.of(s.input(), Map.of())))
      throw new IllegalArgumentException(where(file, n, given.isTextual() ? InputHash.META : "input") + "differs from the input suite '"
          + grading.suite().name() + "' gives sample '" + id + "' (its prompt" + (given.isTextual() ? " or seeded files" : "") + "); grading it "
          + "as that sample would be wrong" + schema());
    return s;
  }

  /** A line's input messages: role (any case) and text, as the input hash reads them. */
  private static List<dev.candor.model.Message> messages(JsonNode input, Path file, int n) {
    List<dev.candor.model.Message> out = new ArrayList<>();
    for (JsonNode m : input) {
      String role = m.path("role").asText("").toUpperCase(java.util.Locale.ROOT);
      if (!List.of("SYSTEM", "USER", "ASSISTANT", "TOOL").contains(role))
        throw new IllegalArgumentException(where(file, n, "input") + "role '" + m.path("role").asText("") + "' is not one of system, user, assistant, tool" + schema());
      out.add(new dev.candor.model.Message(dev.candor.model.Role.valueOf(role), m.path("content").isTextual() ? m.path("content").asText() : "", null, null, null));
    }
    return out;
  }

  private static String where(Path file, int line, String field) {
    return "import: '" + file + "' line " + line + ": field '" + field + "': ";
  }

  private static String schema() { return " (schema: " + SCHEMA + ")"; }

  /**
   * A line's score: its status as the line gives it, or (a file exported before scores carried one) worked out from
   * the label and {@code scorer}, the run's headline.
   */
  private static Score score(JsonNode o, String scorer, Path file, int line) {
    JsonNode score = o.path("score");
    String label = score.path("label").isTextual() ? score.get("label").asText() : "unscored";
    Integer value = score.path("value").isInt() ? score.get("value").asInt() : null;
    List<String> evidence = new ArrayList<>();
    for (JsonNode e : score.path("evidence")) evidence.add(e.isTextual() ? e.asText() : e.toString());
    Map<String, Object> meta = score.path("metadata").isObject()
        ? Json.MAPPER.convertValue(score.get("metadata"), new TypeReference<Map<String, Object>>() {}) : Map.of();
    Score.Status status = Importer.status(score.get("status"), scorer, label, value,
        "import: '" + file + "' line " + line + ": field 'score.status'");
    return new Score(status, label, value, str(score, "answer"), str(score, "explanation"), evidence, meta);
  }

  private static Trajectory trajectory(RunRecord run, StoredSample s, JsonNode o, Path file, int line) {
    JsonNode out = o.path("output");
    JsonNode usage = out.path("usage");
    Conversation conversation = Conversation.of(Json.maps(o.get("messages")));
    List<Map<String, Object>> attempts = Json.maps(o.get("attempts"));
    return new Trajectory(s.sampleId(), o.path("epoch").asInt(1), s.variantId(), score(o, run.headlineScorer(), file, line),
        new Trajectory.FinalOutput(str(out, "text"), str(out, "reasoning"), str(out, "finish_reason"), out.path("truncated").asBoolean(false)),
        conversation.messages(), conversation.extras(), Event.all(Json.maps(o.get("events"))),
        attempts == null ? List.of() : attempts.stream().map(CallAttempt::of).toList(),
        new Trajectory.Tokens(lng(usage, "input_tokens"), lng(usage, "output_tokens"), lng(usage, "reasoning_tokens")),
        lng(out, "latency_ms"), lng(o, "seed"), str(out, "raw"), str(o, "error"), str(o, "started_at"), str(o, "finished_at"));
  }

  private static void lines(Path file, BiConsumer<Integer, JsonNode> action) {
    try {
      Jackson.objectLines(file, action::accept, (n, why) -> new IllegalArgumentException("import: '" + file + "' line " + n + ": " + why + schema()));
    } catch (IOException e) {
      throw new UncheckedIOException("import: cannot read '" + file + "': " + e.getMessage(), e);
    }
  }

  private static String required(JsonNode o, String field, Path file, int line) {
    JsonNode v = o.get(field);
    if (v == null || !v.isValueNode() || v.isNull() || v.asText().isEmpty())
      throw new IllegalArgumentException("import: '" + file + "' line " + line + ": field '" + field + "' is missing; expected Candor's JSONL export shape" + schema());
    return v.asText();
  }

  private static String json(JsonNode n, String dflt) {
    return n == null || n.isNull() || n.isMissingNode() ? dflt : Json.write(n);
  }

  private static String str(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Long lng(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v != null && v.isNumber() ? v.asLong() : null;
  }
}
