package dev.candor.cli;

import dev.candor.analysis.InterventionResults;
import dev.candor.analysis.LexicalDetector;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "intervention", mixinStandardHelpOptions = true,
    description = "Prints the results of a stored intervention run (made by candor intervene): rates before vs after per arm, McNemar tests, the control.")
final class InterventionResultsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", description = "The intervention run (id, unique id prefix, or name).") String runId;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    try (Store store = db.read()) {
      RunRecord r = store.runs().resolve(runId);
      System.out.print(Terminal.safe(InterventionResults.render(InterventionResults.of(store, r, LexicalDetector.standard()),
          Suites.info(r).outcome())));
      return 0;
    }
  }
}
