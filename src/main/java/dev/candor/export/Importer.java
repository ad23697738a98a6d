package dev.candor.export;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.RunConfig;
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
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("import: file '" + file + "' does not exist");
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".eval")) return InspectImport.importEval(store, file, variantKey);
    if (name.endsWith(".jsonl")) {
      if (variantKey != null) throw InvalidSetting.of(Setting.VARIANT_KEY, "only for Inspect logs (.eval, .json), not '" + file + "'");
      return JsonlImport.importJsonl(store, file);
    }
    if (name.endsWith(".json")) return InspectImport.importJson(store, file, variantKey);
    throw new IllegalArgumentException("import: '" + file + "' is not a .eval or .json Inspect log or a .jsonl Candor export");
  }

  /** The configuration an imported run is stored with ({@link RunConfig#imported}), as a JSON object the importer adds to. */
  static com.fasterxml.jackson.databind.node.ObjectNode importedConfig(String suite, String model, int epochs, long seed) {
    return dev.candor.Json.MAPPER.valueToTree(RunConfig.imported(suite, model, epochs, seed));
  }
}
