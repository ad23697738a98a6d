package dev.candor.cli;

import dev.candor.core.SuiteInfo;
import dev.candor.export.AtomicFile;
import dev.candor.report.Example;
import dev.candor.report.Figure;
import dev.candor.report.HtmlReport;
import dev.candor.report.RunComparison;
import dev.candor.report.RunLoader;
import dev.candor.report.RunResults;
import dev.candor.stats.Tally;
import dev.candor.store.RunRecord;
import dev.candor.suite.Suite;
import dev.candor.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes a self-contained HTML report of one or more runs (opens offline): metadata, a table per axis,",
        "the rate-per-variant figure with runs side by side, comparisons, and example trajectories with reasoning.",
        "--figure writes the headline figure alone (PNG or SVG, by extension) for a paper."})
final class ReportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", arity = "1..*") List<String> runIds;
  @Option(names = "--out", paramLabel = "report.html", description = "Where to write the HTML report.") Path out;
  @Option(names = "--figure", paramLabel = "out.png|out.svg", description = "Where to write the headline figure.") Path figure;
  @Option(names = "--title", description = "Report title.") String title;
  @Option(names = "--examples", defaultValue = "3", description = "Example trajectories per variant and outcome (default ${DEFAULT-VALUE}).") int examples;
  @Option(names = "--score", paramLabel = "NAME", description = "Count the scores of this scorer in every run instead of each run's headline.") String score;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    if (out == null && figure == null) throw new IllegalArgumentException("report: give --out report.html and/or --figure out.png|out.svg");
    if (figure != null && !(figure.toString().endsWith(".png") || figure.toString().endsWith(".svg")))
      throw new IllegalArgumentException("--figure: expected a file name ending in .png or .svg, got '" + figure + "'");
    try (Store store = db.read()) {
      List<RunRecord> runs = new ArrayList<>();
      for (String id : runIds) runs.add(store.runs().resolve(id));
      write(store, runs, load(store, runs, score), title, out, figure, examples);
      return 0;
    }
  }

  /** Runs' results per variant and each run compared with the one before: what the report and the demo's table show. */
  record Loaded(List<RunResults> results, List<RunComparison> comparisons) {}

  static Loaded load(Store store, List<RunRecord> runs) {
    return load(store, runs, null);
  }

  /** As above, counting the scores named {@code scorer} in every run (null: each run's headline). */
  static Loaded load(Store store, List<RunRecord> runs, String scorer) {
    List<RunResults> results = new ArrayList<>();
    List<List<Tally>> cells = new ArrayList<>(), families = new ArrayList<>();
    for (RunRecord r : runs) {
      SuiteInfo suite = Suites.info(r);
      RunResults res = RunLoader.results(store, r, suite, scorer);
      results.add(res);
      cells.add(RunLoader.variantTallies(store, r, suite, scorer));
      families.add(res.evaluations() == null ? List.of() : res.evaluations().pressureByFamily());
    }
    return new Loaded(results, RunComparison.successive(runs.stream().map(RunRecord::id).toList(), cells, families, false));
  }

  static void write(Store store, List<RunRecord> runs, String title, Path out, Path figure, int examplesPerCell) {
    write(store, runs, load(store, runs), title, out, figure, examplesPerCell);
  }

  static void write(Store store, List<RunRecord> runs, Loaded loaded, String title, Path out, Path figure, int examplesPerCell) {
    List<RunResults> results = loaded.results();
    List<RunComparison> comparisons = loaded.comparisons();
    List<Example> examples = new ArrayList<>();
    for (RunRecord r : runs) examples.addAll(RunLoader.examples(store, r, examplesPerCell));
    String t = title != null ? title : runs.size() == 1 ? "Candor report: " + runs.getFirst().model() + " on " + runs.getFirst().suite()
        : "Candor report: " + runs.size() + " runs on " + runs.getFirst().suite();
    if (out != null) writeAtomically(out, new HtmlReport(t, results, comparisons, examples).render().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (figure != null) {
      List<Figure.Series> series = results.stream().map(r -> new Figure.Series(r.run().label(), r.variants())).toList();
      Figure fig = Figure.of(rateTitle(runs), series);
      writeAtomically(figure, figure.toString().endsWith(".svg") ? fig.svg().getBytes(java.nio.charset.StandardCharsets.UTF_8) : fig.png());
    }
  }

  /** The title of the suite's rate-per-variant figure (that of a plain {@link Suite} for a suite no longer registered). */
  static String rateTitle(List<RunRecord> runs) {
    return Suites.registry().find(runs.getFirst().suite()).map(Suite::rateTitle).orElse("Rate per variant (95% Beta intervals)");
  }

  static void writeAtomically(Path target, byte[] bytes) {
    AtomicFile.write(target, bytes);
  }
}
