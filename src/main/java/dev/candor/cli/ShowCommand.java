package dev.candor.cli;

import dev.candor.core.SuiteInfo;
import dev.candor.model.ServedModel;
import dev.candor.report.Evaluations;
import dev.candor.report.Agreement;
import dev.candor.report.RunLoader;
import dev.candor.report.RunResults;
import dev.candor.report.Tables;
import dev.candor.run.Runs;
import dev.candor.stats.Tally;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Prints a run's results per variant (or per axis value with --by): k of n, the rate, its 95%% Beta",
        "interval (uniform prior) and Wilson interval, and the count of every outcome (unparsed, ambiguous, truncated, errors);",
        "for covert-actions also the rate per evaluation family (pressure and counterfactual settings), the average over",
        "families and the sandbagging tests."})
final class ShowCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID") String runId;
  @Option(names = "--by", paramLabel = "AXIS", description = "Group by an axis (e.g. field, instruction, difficulty, audit).") String by;
  @Option(names = "--metric", paramLabel = "FIELD", description = "Count a 0/1 field of the score metadata instead of the verdict, e.g. confirmed (covert-actions with --judge-cot).") String metric;
  @Option(names = "--score", paramLabel = "NAME", description = "Count the scores of this scorer (e.g. judge-action-only-v1, awareness-lexical-v1) instead of the run's headline.") String score;
  @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default ${DEFAULT-VALUE}).") String format;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    Tables.Format f = Formats.parse(format);
    try (Store store = db.read()) {
      RunRecord r = store.runs().resolve(runId);
      SuiteInfo suite = Suites.info(r);
      if (metric != null && score != null) throw new IllegalArgumentException("--metric: counts a field of the headline score; give --metric or --score, not both");
      List<Tally> variants = metric != null ? RunLoader.variantTallies(store, r.id(), metric, suite) : RunLoader.variantTallies(store, r, suite, score);
      List<Tally> rows = by == null ? variants : RunLoader.byAxis(variants, by, suite);
      Evaluations evaluations = RunLoader.evaluations(store, r.id(), variants); // agentic suites: families, sandbagging
      if (f == Tables.Format.TEXT) {
        System.out.println(Terminal.safe(r.id() + "  " + r.model() + "  " + r.suite() + "  " + r.status() + (r.name() == null ? "" : "  (" + r.name() + ")")));
        var served = r.served();
        if (!served.isEmpty()) System.out.println(Terminal.safe("served: " + ServedModel.summary(served)));
        System.out.println(Terminal.safe("build: candor " + r.candorVersion()));
        var sweep = dev.candor.run.Sweeps.sweep(r);
        if (sweep != null) System.out.println(Terminal.safe("sweep: " + sweep.describe() + " (candor curve " + sweep.group() + ")"));
        var info = RunLoader.info(r);
        String specFile = info.config() == null ? null : info.config().path("specFile").asText(null); // candor distill's spec
        if (evaluations != null || specFile != null)
          System.out.println(Terminal.safe("conditions: spec " + (specFile != null ? specFile + " (candor distill)" : info.withSpec() ? "on" : "off")));
        if (RunsCommand.from(r).startsWith("regrade of ")) System.out.println(Terminal.safe("regraded from " + r.parentRunId()
            + " (scorers: " + ((java.util.Map<?, ?>) r.configMap().get("modelInfo")).get("regraded_scorers") + ")"));
      }
      String table = Tables.rates(RunLoader.estimates(rows), evaluations, f);
      System.out.print(f == Tables.Format.TEXT ? Terminal.safe(table) : table); // JSON and CSV keep the data as stored
      if (f == Tables.Format.TEXT && evaluations == null && by == null && metric == null) {
        RunResults res = RunLoader.results(store, r, suite, score);
        if (res.average() != null)
          System.out.printf("%s (unweighted, Monte Carlo over Beta posteriors): %.3f [%.3f, %.3f]%n",
              res.averageUnit(), res.average().mean(), res.average().lo(), res.average().hi());
      }
      if (f == Tables.Format.TEXT && by == null && metric == null) { // a judged run: its headline, rubrics, rule-judge agreement
        if (!suite.rubrics().isEmpty())
          System.out.println(Terminal.safe("headline: " + r.headline() + " (--headline " + (r.config().headline() == null ? "rule" : r.config().headline())
              + "); judge rubrics: " + String.join(", ", suite.rubrics().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())));
        Agreement.ruleAndJudge(store, r).ifPresent(a -> System.out.print(Terminal.safe(a.text())));
      }
      return 0;
    }
  }
}
