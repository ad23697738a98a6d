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

/**
 * Imports a JSONL file of transcripts in Candor's own export shape ({@link TrajectoryExport#line}) as a new run: the
 * suite is the file's name without extension, the model the lines' model; samples (variant, axes, input, metadata)
 * come from the first line of each sample id. Read twice, line by line; never loaded whole.
 */
public final class JsonlImport {
  private JsonlImport() {}

  static RunRecord importJsonl(Store store, Path file) {
    Map<String, StoredSample> samples = new LinkedHashMap<>();
    String[] model = {null};
    int[] maxEpoch = {0};
    lines(file, (n, o) -> {
      String id = required(o, "sample_id", file, n);
      int epoch = o.path("epoch").asInt(1);
      maxEpoch[0] = Math.max(maxEpoch[0], epoch);
      if (model[0] == null && o.path("model").isTextual()) model[0] = o.get("model").asText();
      score(o, null, file, n); // checked before anything is written
      if (!samples.containsKey(id))
        samples.put(id, new StoredSample(id, samples.size(), required(o, "variant", file, n), json(o.get("axes"), "{}"),
            json(o.get("input"), "[]"), json(o.get("metadata"), "{}")));
    });
    if (samples.isEmpty()) throw new IllegalArgumentException("import: '" + file + "' has no lines; expected one JSON object per trajectory");
    String name = file.getFileName().toString();
    String suite = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    String modelSpec = model[0] == null ? "unknown/unknown" : model[0];
    var config = Importer.importedConfig(suite, modelSpec, maxEpoch[0], 0);
    config.set("imported", Json.MAPPER.valueToTree(Map.of("file", name, "format", "candor-jsonl")));
    RunRecord run = new RunRecord(RunRecord.newId(), name, suite, modelSpec, RunStatus.COMPLETE.text(),
        CandorVersion.get(), 0, Math.max(1, maxEpoch[0]), Json.write(config), Instant.now().toString(), null, null);
    store.runs().create(run, new ArrayList<>(samples.values()));
    lines(file, (n, o) -> store.trajectories().save(run.id(), trajectory(run, samples.get(o.get("sample_id").asText()), o, file, n)));
    return run;
  }

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
      Jackson.objectLines(file, action::accept, (n, why) -> new IllegalArgumentException("import: '" + file + "' line " + n + ": " + why));
    } catch (IOException e) {
      throw new UncheckedIOException("import: cannot read '" + file + "': " + e.getMessage(), e);
    }
  }

  private static String required(JsonNode o, String field, Path file, int line) {
    JsonNode v = o.get(field);
    if (v == null || !v.isValueNode() || v.isNull() || v.asText().isEmpty())
      throw new IllegalArgumentException("import: '" + file + "' line " + line + ": field '" + field + "' is missing; expected Candor's JSONL export shape");
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
