package dev.candor.export;

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
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("import: file '" + file + "' does not exist");
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".eval")) return InspectImport.importEval(store, file);
    if (name.endsWith(".jsonl")) return JsonlImport.importJsonl(store, file);
    if (name.endsWith(".json")) return InspectImport.importJson(store, file);
    throw new IllegalArgumentException("import: '" + file + "' is not a .eval or .json Inspect log or a .jsonl Candor export");
  }
}
