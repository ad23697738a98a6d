package dev.candor.export;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.RunConfig;
import dev.candor.core.Score;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Brings a log from elsewhere into the store as a new run, chosen by file extension: an Inspect log ({@code .eval} or
 * {@code .json}, see {@link InspectImport}) or Candor's own JSONL export ({@code .jsonl}, see {@link JsonlImport}).
 */
public final class Importer {
  private Importer() {}

  public static RunRecord importFile(Store store, Path file) {
    return importFile(store, file, null);
  }

  /** {@code variantKey}: the Inspect sample metadata key that names each sample's variant (null: the task, or Candor's own). */
  public static RunRecord importFile(Store store, Path file, String variantKey) {
    return importFile(store, file, variantKey, null);
  }

  /** As above; a JSONL file graded by {@code grading} (null: its own scores; see {@link JsonlImport}). */
  public static RunRecord importFile(Store store, Path file, String variantKey, JsonlImport.Grading grading) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("import: file '" + file + "' does not exist");
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (grading != null && !name.endsWith(".jsonl"))
      throw InvalidSetting.of(Setting.SUITE, "grading on import reads a .jsonl file of transcripts (" + JsonlImport.SCHEMA + "), not '" + file + "'");
    if (name.endsWith(".eval")) return InspectImport.importEval(store, file, variantKey);
    if (name.endsWith(".jsonl")) {
      if (variantKey != null) throw InvalidSetting.of(Setting.VARIANT_KEY, "only for Inspect logs (.eval, .json), not '" + file + "'");
      return JsonlImport.importJsonl(store, file, grading);
    }
    if (name.endsWith(".json")) return InspectImport.importJson(store, file, variantKey);
    throw new IllegalArgumentException("import: '" + file + "' is not a .eval or .json Inspect log or a .jsonl Candor export");
  }

  /**
   * A score's status as the file gives it ({@code given}: scored, not_counted or could_not_score), which must fit its
   * value (a value 1 or 0 exactly when scored); for a file written before exports carried statuses ({@code given}
   * absent), worked out from the label and scorer ({@link Score.Status#inferred}). {@code where} names the field in
   * the one-line error.
   */
  static Score.Status status(com.fasterxml.jackson.databind.JsonNode given, String scorer, String label, Integer value, String where) {
    if (given == null || given.isNull() || given.isMissingNode()) return Score.Status.inferred(scorer, label, value);
    Score.Status status = null;
    for (Score.Status s : Score.Status.values()) if (given.isTextual() && s.key().equals(given.asText())) status = s;
    if (status == null) throw new IllegalArgumentException(where + ": expected scored, not_counted or could_not_score, got " + given);
    if ((status == Score.Status.SCORED) != (value != null))
      throw new IllegalArgumentException(where + ": " + status.key() + (value == null ? " without a value" : " with value " + value)
          + "; expected a value (1 or 0) exactly when scored");
    return status;
  }

  /** The configuration an imported run is stored with ({@link RunConfig#imported}), as a JSON object the importer adds to. */
  static com.fasterxml.jackson.databind.node.ObjectNode importedConfig(String suite, String model, int epochs, long seed) {
    return dev.candor.Json.MAPPER.valueToTree(RunConfig.imported(suite, model, epochs, seed));
  }
}
