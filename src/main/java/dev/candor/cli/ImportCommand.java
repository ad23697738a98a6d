package dev.candor.cli;

import dev.candor.export.Importer;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Imports an Inspect eval log (.eval or .json) or a JSONL file of transcripts (Candor's export shape)",
        "as a new run that every command and analysis can use. Prints the new run id."})
final class ImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE") Path file;
  @picocli.CommandLine.Option(names = "--variant-key", paramLabel = "KEY",
      description = "Inspect logs: the sample metadata key that names each sample's variant (default: Candor's own, else the task).")
  String variantKey;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    if (!Files.isReadable(file)) throw new IllegalArgumentException("import: cannot read '" + file + "'");
    try (Store store = db.create()) {
      RunRecord r = Importer.importFile(store, file, variantKey);
      System.out.println(r.id());
      System.err.println("candor: imported " + store.trajectories().count(r.id()) + " trajectories from " + file + " as run " + r.id());
      return 0;
    }
  }
}
