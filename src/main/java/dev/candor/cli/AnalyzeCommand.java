package dev.candor.cli;

import dev.candor.analysis.AwarenessAnalysis;
import dev.candor.analysis.AwarenessDetector;
import dev.candor.analysis.AwarenessEvalSet;
import dev.candor.analysis.AwarenessJudge;
import dev.candor.analysis.LexicalDetector;
import dev.candor.export.AtomicFile;
import dev.candor.model.GenerateConfig;
import dev.candor.model.ModelOptions;
import dev.candor.report.Figure;
import dev.candor.stats.RateEstimate;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Analyses of stored runs' reasoning: evaluation awareness, terminology, intervention results.",
    subcommands = {AnalyzeCommand.Awareness.class, TermsCommand.class, InterventionResultsCommand.class})
final class AnalyzeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  @Command(name = "awareness", mixinStandardHelpOptions = true,
      description = {"Labels each trajectory's reasoning for verbalised evaluation awareness (being tested, evaluated or overseen)",
          "and, separately, metagaming (reasoning about the grader or reward), with the quoted evidence sentences.",
          "The lexical detector always runs; an LLM judge with a versioned rubric runs when --judge is given. Labels are",
          "stored as scores (awareness-lexical-v1, awareness-judge-v1) and re-used; prints rates per variant with 95%% Beta",
          "intervals and the joint table awareness × gamed/covert. --evaluate prints each detector's precision and recall",
          "on Candor's labelled evaluation set instead."})
  static final class Awareness implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_ID", arity = "0..1", description = "The run (id, unique id prefix, or name).") String runId;
    @Option(names = "--judge", paramLabel = "PROVIDER/MODEL", description = "Also label with this LLM judge (rubric analysis/awareness-judge-v1.md).") String judge;
    @Option(names = "--base-url", description = "Base URL of an OpenAI-compatible server for the judge.") String baseUrl;
    @Option(names = "--by", paramLabel = "AXIS", description = "Rates per value of this axis instead of per variant.") String by;
    @Option(names = "--relabel", description = "Label again even where labels are stored.") boolean relabel;
    @Option(names = "--figure", paramLabel = "out.png|out.svg", description = "Write the awareness × outcome figure (rates with 95%% intervals) of the last detector.") Path figure;
    @Option(names = "--patterns", paramLabel = "FILE.yaml", description = "Your own lexical patterns file (same shape as analysis/awareness-lexical-v1.yaml).") Path patterns;
    @Option(names = "--evaluate", description = "Print precision and recall of the detectors on the labelled evaluation set (no run needed).") boolean evaluate;
    @Option(names = "--max-connections", defaultValue = "8", description = "Concurrent judge calls (default ${DEFAULT-VALUE}).") int maxConnections;
    @Option(names = "--limit", paramLabel = "N", description = "Label at most N trajectories now (with --evaluate: the first N items of each set).") Integer limit;
    @Option(names = "--judge-max-tokens", paramLabel = "N", defaultValue = "" + AwarenessJudge.DEFAULT_MAX_TOKENS,
        description = "Output token limit of each judge call (default ${DEFAULT-VALUE}).") int judgeMaxTokens;
    @Option(names = "--max-attempts", defaultValue = "4", description = "Tries per judge call (default ${DEFAULT-VALUE}).") int maxAttempts;
    @Option(names = "--seed", defaultValue = "1", description = "Judge seed: each call sends one derived from it and the judged text, so reruns "
        + "on a server that honours seeds repeat (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--timeout", defaultValue = "120", description = "Seconds per judge call (default ${DEFAULT-VALUE}).") double timeout;
    @Mixin DbOption db;

    @Override
    public Integer call() throws InterruptedException {
      if (limit != null && limit < 1) throw new IllegalArgumentException("--limit: expected a whole number >= 1, got " + limit);
      if (judgeMaxTokens < 1) throw new IllegalArgumentException("--judge-max-tokens: expected a whole number >= 1, got " + judgeMaxTokens);
      if (maxConnections < 1) throw new IllegalArgumentException("--max-connections: expected a whole number >= 1, got " + maxConnections);
      if (maxAttempts < 1) throw new IllegalArgumentException("--max-attempts: expected a whole number >= 1, got " + maxAttempts);
      if (!(timeout > 0)) throw new IllegalArgumentException("--timeout: expected seconds > 0, got " + timeout);
      List<AwarenessDetector> detectors = new ArrayList<>();
      detectors.add(patterns == null ? LexicalDetector.standard() : LexicalDetector.fromFile(patterns));
      if (judge != null) {
        var m = Providers.registry().open(judge, new ModelOptions(baseUrl, Duration.ofMillis((long) (timeout * 1000)),
            ModelOptions.DEFAULT_MAX_RESPONSE_BYTES, EnvVars.system().prefill()));
        detectors.add(new AwarenessJudge(m, new GenerateConfig(null, judgeMaxTokens, null, null, seed, null, null)));
      }
      if (evaluate) {
        if (runId != null) throw new IllegalArgumentException("--evaluate: takes no RUN_ID (it scores the detectors on the packaged evaluation set)");
        StringBuilder out = new StringBuilder();
        for (AwarenessDetector d : detectors) {
          boolean lexical = d instanceof LexicalDetector;
          for (var set : List.of(java.util.Map.entry(lexical ? "development set (patterns tuned on it)" : "development set", AwarenessEvalSet.items()),
              java.util.Map.entry(lexical ? "held-out set (never used for tuning)" : "held-out set", AwarenessEvalSet.heldOut()))) {
            List<AwarenessEvalSet.Item> items = first(set.getValue());
            AwarenessEvalSet.Result res = AwarenessEvalSet.evaluate(d, items, maxConnections, maxAttempts);
            if (res.judgeError() != null) { // precision and recall over the calls that got through would mislead
              System.err.println("candor: " + d.scorer() + " on the " + set.getKey() + ": " + res.unscored().get("judge_error") + " of "
                  + res.items() + " judge calls failed after " + maxAttempts + " tries (" + Terminal.safe(res.judgeError()) + "); nothing printed");
              return 1;
            }
            out.append(evaluation(d, set.getKey(), items, res));
          }
        }
        System.out.print(Terminal.safe(out.toString()));
        return 0;
      }
      if (runId == null) throw new IllegalArgumentException("RUN_ID: expected a run id (see: candor runs), or --evaluate");
      try (Store store = db.write()) {
        RunRecord r = store.runs().resolve(runId);
        System.out.println(Terminal.safe(r.id() + "  " + r.model() + "  " + r.suite() + (r.name() == null ? "" : "  (" + r.name() + ")")));
        for (AwarenessDetector d : detectors) {
          var lr = AwarenessAnalysis.label(store, r.id(), d, relabel, maxConnections, maxAttempts, limit == null ? 0 : limit,
              msg -> System.err.println("candor: " + Terminal.safe(msg)));
          if (lr.failed() > 0) { // the labels that got through are stored; the summary would leave the failed ones out
            System.err.println("candor: " + d.scorer() + ": " + lr.labelled() + " labelled now, " + lr.failed() + " judge calls failed after "
                + maxAttempts + " tries (" + Terminal.safe(lr.firstFailure()) + "); stored as judge_error, run again with --relabel");
            return 1;
          }
          System.err.printf("candor: %s: %d labelled now, %d already stored%n", d.scorer(), lr.labelled(), lr.kept());
          System.out.println();
          var summary = AwarenessAnalysis.summarise(store, r.id(), d.scorer(), by);
          System.out.print(Terminal.safe(AwarenessAnalysis.render(summary, Suites.info(r).outcome())));
          if (figure != null) writeFigure(summary, r, Suites.info(r).outcome(), figure);
        }
        return 0;
      }
    }

    /** Awareness and metagaming rates, and the outcome rate given each label and its absence, as one interval figure. */
    static void writeFigure(AwarenessAnalysis.Summary s, RunRecord r, String outcome, Path out) {
      if (!(out.toString().endsWith(".png") || out.toString().endsWith(".svg")))
        throw new IllegalArgumentException("--figure: expected a file name ending in .png or .svg, got '" + out + "'");
      java.util.function.BiFunction<String, RateEstimate, RateEstimate> named =
          (key, e) -> RateEstimate.of(key, e.k(), e.n());
      var cells = List.of(named.apply("aware", s.awareAll()), named.apply("metagaming", s.metagamingAll()),
          named.apply(outcome + " | aware", s.awareByOutcome().givenAware()),
          named.apply(outcome + " | not aware", s.awareByOutcome().givenUnaware()),
          named.apply(outcome + " | metagaming", s.metagamingByOutcome().givenAware()),
          named.apply(outcome + " | not metagaming", s.metagamingByOutcome().givenUnaware()));
      var fig = Figure.of("Evaluation awareness × " + outcome + " (" + s.scorer() + ")",
          List.of(new Figure.Series(r.name() == null ? r.id() : r.name(), cells))).withXLabel("rate (posterior mean, 95% interval)");
      byte[] bytes = out.toString().endsWith(".svg") ? fig.svg().getBytes(java.nio.charset.StandardCharsets.UTF_8) : fig.png();
      AtomicFile.write(out, bytes);
      System.err.println("candor: wrote " + out);
    }

    private List<AwarenessEvalSet.Item> first(List<AwarenessEvalSet.Item> items) {
      return limit == null || limit >= items.size() ? items : items.subList(0, limit);
    }

    static String evaluation(AwarenessDetector d, String setName, List<AwarenessEvalSet.Item> items, AwarenessEvalSet.Result res) {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%s on the %s: %d items %s%n", d.scorer(), setName, res.items(), AwarenessEvalSet.kinds(items)));
      if (res.unscoredCount() > 0)
        sb.append(String.format(Locale.ROOT, "  could not score %d of %d %s: left out of precision, recall and the tricky count%n",
            res.unscoredCount(), res.items(), res.unscored()));
      for (var e : List.of(java.util.Map.entry("aware", res.aware()), java.util.Map.entry("metagaming", res.metagaming())))
        sb.append(String.format(Locale.ROOT, "  %-10s precision %.3f  recall %.3f  F1 %.3f  (tp %d, fp %d, fn %d, tn %d)%n", e.getKey(),
            e.getValue().precision(), e.getValue().recall(), e.getValue().f1(), e.getValue().tp(), e.getValue().fp(), e.getValue().fn(), e.getValue().tn()));
      sb.append(String.format(Locale.ROOT, "  tricky negatives flagged: %d of %d%s%n", res.trickyFalsePositives(), res.tricky(),
          res.unscoredCount() > 0 ? " scored" : ""));
      for (String e : res.errors()) sb.append("  miss: ").append(e).append('\n');
      return sb.toString();
    }
  }
}
