package dev.candor.cli;

import dev.candor.core.RunConfig;
import dev.candor.core.Sample;
import dev.candor.export.Importer;
import dev.candor.export.JsonlImport;
import dev.candor.model.ModelException;
import dev.candor.run.Regrade;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.suite.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Imports an Inspect eval log (.eval or .json) or a JSONL file of transcripts (docs/jsonl.md) as a new run",
        "that every command and analysis can use. Prints the new run id. With --suite, a JSONL file's trajectories are graded",
        "by that suite's grader on import (each line's sample_id must be a sample of the suite, with its input)."})
final class ImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE") Path file;
  @Option(names = "--variant-key", paramLabel = "KEY",
      description = "Inspect logs: the sample metadata key that names each sample's variant (default: Candor's own, else the task).")
  String variantKey;
  @Option(names = "--suite", description = "JSONL: grade every trajectory with this suite's grader (${COMPLETION-CANDIDATES}); "
      + "without it the file's scores are stored as they are.", completionCandidates = Suites.Names.class)
  String suite;
  @Option(names = "--variants", paramLabel = "FILE.yaml|DIR", description = "With --suite: the suite's variants or scenario folder the file's samples come from.")
  Path variants;
  @Option(names = "--keep-scores", description = "With --suite: also keep each line's own score, as the named score 'imported' (show --score imported).")
  boolean keepScores;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    if (!Files.isReadable(file)) throw new IllegalArgumentException("import: cannot read '" + file + "'");
    if (suite == null && (variants != null || keepScores))
      throw new IllegalArgumentException((variants != null ? "--variants" : "--keep-scores") + ": only with --suite (without it the file's own scores are stored)");
    JsonlImport.Grading grading = suite == null ? null : grading();
    try (Store store = db.create()) {
      RunRecord r = Importer.importFile(store, file, variantKey, grading);
      System.out.println(r.id());
      System.err.println("candor: imported " + store.trajectories().count(r.id()) + " trajectories from " + file + " as run " + r.id()
          + (grading == null ? "" : ", graded by " + grading.headline()
          + (keepScores ? " (each line's own score kept as 'imported')" : " (the file's own scores not used; --keep-scores keeps them)")));
      return 0;
    }
  }

  /** The suite opened as a run would open it, its samples by id, and its grader over stored trajectories (no model is called). */
  private JsonlImport.Grading grading() {
    RunConfig cfg = RunConfig.builder(suite, "import/" + file.getFileName())
        .variants(variants == null ? null : variants.toString(), variants == null || Files.isDirectory(variants) ? null : Execution.variantsText(variants)).build();
    Suite.Opened opened = Execution.open(cfg);
    Map<String, Sample> samples = new LinkedHashMap<>();
    for (Sample s : opened.environment().samples()) samples.putIfAbsent(s.id(), s);
    return new JsonlImport.Grading(opened.info(), opened.environment().headline(), samples, (s, t) -> {
      try {
        return Regrade.scores(opened.environment(), s, t);
      } catch (ModelException e) {
        throw new IllegalStateException("import: grading " + t.sampleId() + "#" + t.epoch() + ": " + e.getMessage(), e);
      }
    }, keepScores);
  }
}
