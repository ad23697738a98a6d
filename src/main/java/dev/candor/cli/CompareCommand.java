package dev.candor.cli;

import dev.candor.report.ComparedRuns;
import dev.candor.report.Tables;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Shows runs (e.g. checkpoints) side by side per variant, each compared with the run before it",
        "(or with the first, --against-first): difference of rates with its 95%% interval, Fisher's exact p and",
        "Holm-adjusted p across the variants of that comparison. For covert-actions also the suite average over",
        "evaluation families of each run against the other (difference with its interval and a stratified permutation",
        "test) and each run's sandbagging verdicts. The spec (--with-spec) is a condition of a run, so runs with and",
        "without it pair cell by cell."})
final class CompareCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", arity = "2..*") List<String> runIds;
  @Option(names = "--by", paramLabel = "AXIS", description = "Compare per axis value instead of per variant.") String by;
  @Option(names = "--against-first", description = "Compare every run with the first instead of with the one before it.") boolean againstFirst;
  @Option(names = "--score", paramLabel = "NAME", description = "Count the scores of this scorer in every run instead of each run's headline.") String score;
  @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default ${DEFAULT-VALUE}).") String format;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    Tables.Format f = Formats.parse(format);
    try (Store store = db.read()) {
      List<RunRecord> runs = new ArrayList<>();
      for (String id : runIds) runs.add(store.runs().resolve(id));
      String warning = sandboxWarning(runs);
      if (warning != null) System.err.println(Terminal.safe("candor: " + warning));
      String headlines = score == null ? headlineWarning(runs) : null;
      if (headlines != null) System.err.println(Terminal.safe("candor: " + headlines));
      String table = table(store, runs, by, againstFirst, score, f);
      System.out.print(f == Tables.Format.TEXT ? Terminal.safe(table) : table); // JSON and CSV keep the data as stored
      return 0;
    }
  }

  /**
   * One line when the runs ran their commands in different sandboxes (backend or tool versions; a run that recorded
   * none counts as its own kind), else null.
   */
  static String sandboxWarning(List<RunRecord> runs) {
    java.util.Map<String, String> seen = new java.util.LinkedHashMap<>();
    for (RunRecord r : runs) {
      var box = Suites.info(r).sandbox();
      seen.put(r.id(), box.isEmpty() ? "none recorded" : box.get("backend") + " (" + box.get("bash") + "; " + box.get("python3") + "; "
          + box.get("coreutils") + ")");
    }
    if (new java.util.HashSet<>(seen.values()).size() < 2) return null;
    return "warning: these runs used different sandboxes, so their tool results may differ: "
        + String.join(", ", seen.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
  }

  /** One line when the runs' headlines are different scorers (e.g. --headline rule and judge), else null. */
  static String headlineWarning(List<RunRecord> runs) {
    if (runs.stream().map(RunRecord::headline).distinct().count() < 2) return null;
    return "warning: these runs' headlines are different scorers, so their rates count different verdicts: "
        + String.join(", ", runs.stream().map(r -> r.id() + " " + r.headline()).toList()) + "; give --score NAME to count one scorer in all";
  }

  static String table(Store store, List<RunRecord> runs, String by, boolean againstFirst, String scorer, Tables.Format f) {
    ComparedRuns c = ComparedRuns.load(store, runs, Suites::info, by, againstFirst, scorer);
    return Tables.comparison(c.runs(), c.comparisons(), f);
  }
}
