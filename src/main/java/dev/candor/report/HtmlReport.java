package dev.candor.report;

import static dev.candor.Percent.interval;
import static dev.candor.Percent.pct;

import dev.candor.stats.MeanRate;
import dev.candor.stats.RateEstimate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML report of one or more runs that opens offline: run metadata (configuration collapsible),
 * the headline figure (inline SVG, runs side by side), a table per variant and per axis, the Monte Carlo averages (for
 * an agentic suite over evaluation families, with each family's pressure and counterfactual rates and the sandbagging
 * tests, and the agreement of rule detector and judge when both scored), the comparison table when there are two or more runs (with the suite-level comparison), and a few example trajectories per cell with their reasoning
 * (collapsible). No external resources; a Content-Security-Policy forbids scripts and remote loads; every piece of
 * data (names, prompts, model output, configuration) is escaped by the template ({@link Templates}).
 */
public record HtmlReport(String title, List<RunResults> runs, List<RunComparison> comparisons, List<Example> examples,
                         int examplesPerCell) {

  public static final int DEFAULT_EXAMPLES_PER_CELL = 3;

  public HtmlReport {
    if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("HTML report: at least one run is required");
    if (examplesPerCell < 0) throw new IllegalArgumentException("HTML report: examples per cell must be >= 0, got " + examplesPerCell);
    runs = List.copyOf(runs);
    comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    examples = examples == null ? List.of() : List.copyOf(examples);
    title = title == null || title.isBlank() ? "Candor report" : title;
  }

  public HtmlReport(String title, List<RunResults> runs, List<RunComparison> comparisons, List<Example> examples) {
    this(title, runs, comparisons, examples, DEFAULT_EXAMPLES_PER_CELL);
  }


  /** Writes {@link #render()} to {@code file} (UTF-8), creating parent directories. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  /** The whole document: {@link #view()} through template {@code report.jte}. */
  public String render() {
    return Templates.render("report.jte", view());
  }

  /** Everything the report shows, built once from the runs' estimates. */
  public ReportView view() {
    var rows = new ArrayList<List<String>>();
    var configs = new ArrayList<ReportView.Config>();
    var averages = new ArrayList<ReportView.Average>();
    var summaries = new ArrayList<ReportView.Summary>();
    for (RunResults rr : runs) {
      RunInfo r = rr.run();
      rows.add(Arrays.asList(r.id(), r.name(), r.model(), r.suite(), r.candorVersion(),
          r.createdAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(r.createdAt()),
          r.seed() == null ? null : r.seed().toString(), r.status()));
      if (r.config() != null) configs.add(new ReportView.Config(r.label(), r.config().toPrettyString()));
      MeanRate m = rr.average();
      if (m != null) averages.add(new ReportView.Average(r.label(), rr.averageUnit(), pct(m.mean()), interval(m.lo(), m.hi()), m.cells(), m.draws(), m.seed()));
      if (rr.evaluations() != null) {
        var tables = new ArrayList<EvaluationTables.Table>(List.of(EvaluationTables.families(rr.evaluations())));
        var sandbagging = EvaluationTables.sandbagging(rr.evaluations().sandbagging());
        if (sandbagging != null) tables.add(sandbagging);
        if (rr.agreement() != null) tables.add(rr.agreement().table());
        summaries.add(new ReportView.Summary(r.label(), List.copyOf(tables)));
      }
    }
    List<List<RateEstimate>> perVariant = runs.stream().map(RunResults::variants).toList();
    ReportView.Rates variants = perVariant.stream().allMatch(List::isEmpty) ? null
        : rates("variant", "variant", "Gaming rate per variant", perVariant);
    var axisNames = new LinkedHashSet<String>();
    for (RunResults rr : runs) axisNames.addAll(rr.byAxis().keySet());
    var axes = new ArrayList<ReportView.Rates>();
    for (String axis : axisNames)
      axes.add(rates(axis, axis, "Gaming rate by " + axis, runs.stream().map(rr -> rr.byAxis().getOrDefault(axis, List.of())).toList()));
    ComparisonTable comparison = runs.size() < 2 || comparisons.isEmpty() ? null : Tables.comparisonTable(runs, comparisons, "variant");
    var suite = new ArrayList<EvaluationTables.Table>();
    if (comparison != null) {
      var s = EvaluationTables.suite(runs, comparisons);
      if (s != null) suite.add(s);
      var sb = EvaluationTables.sandbaggingSideBySide(runs);
      if (sb != null) suite.add(sb);
    }
    return new ReportView(title, rows, configs, averages, summaries, variants, axes, comparison, suite, examplesPerCell, exampleCells());
  }

  private List<ReportView.ExampleCell> exampleCells() {
    if (examplesPerCell == 0) return List.of();
    var labels = new LinkedHashMap<String, String>();
    for (RunResults rr : runs) labels.put(rr.run().id(), rr.run().label());
    var cells = new LinkedHashMap<List<String>, List<ReportView.ExampleView>>();
    for (Example e : examples) {
      List<ReportView.ExampleView> list = cells.computeIfAbsent(List.of(e.runId(), e.variantId()), k -> new ArrayList<>());
      if (list.size() < examplesPerCell) list.add(new ReportView.ExampleView(e.label(), preview(e.text()), e.prompt(), e.reasoning(), e.text()));
    }
    var out = new ArrayList<ReportView.ExampleCell>();
    cells.forEach((cell, list) -> out.add(new ReportView.ExampleCell(labels.getOrDefault(cell.get(0), cell.get(0)) + " · " + cell.get(1), list)));
    return out;
  }

  /** One section: the figure of every run's cells and the table of their rates. */
  private ReportView.Rates rates(String name, String cellHeader, String figureTitle, List<List<RateEstimate>> perRun) {
    var series = new ArrayList<Figure.Series>();
    for (int i = 0; i < runs.size(); i++)
      if (!perRun.get(i).isEmpty()) series.add(new Figure.Series(runs.get(i).run().label(), perRun.get(i)));
    IntervalChart figure = series.isEmpty() ? null : Figure.of(figureTitle, series).chart();
    var keys = new LinkedHashSet<String>();
    var maps = new ArrayList<Map<String, RateEstimate>>();
    for (List<RateEstimate> list : perRun) {
      var m = new LinkedHashMap<String, RateEstimate>();
      for (RateEstimate e : list) { m.putIfAbsent(e.key(), e); keys.add(e.key()); }
      maps.add(m);
    }
    var rows = new ArrayList<ReportView.RateRow>();
    for (String key : keys) {
      var cells = new ArrayList<ReportView.RateCell>();
      for (Map<String, RateEstimate> m : maps) {
        RateEstimate e = m.get(key);
        cells.add(e == null ? null : new ReportView.RateCell(e.empty() ? "no data" : pct(e.mean()), e.empty() ? "" : interval(e.lo(), e.hi()),
            e.k() + "/" + e.n(), e.empty() ? "" : interval(e.wilsonLo(), e.wilsonHi()), otherOutcomes(e)));
      }
      rows.add(new ReportView.RateRow(key, java.util.Collections.unmodifiableList(cells)));
    }
    List<String> runLabels = runs.size() > 1 ? runs.stream().map(rr -> rr.run().label()).toList() : List.of();
    return new ReportView.Rates(name, figure, new ReportView.RateTable(cellHeader, runLabels, runs.size(), rows));
  }

  /** Every outcome label with its count, e.g. "odd 3, even 7, unparsed 2, error 1". */
  private static String otherOutcomes(RateEstimate e) {
    var parts = new ArrayList<String>();
    e.tally().labelCounts().forEach((l, c) -> parts.add(l + " " + c));
    return String.join(", ", parts);
  }

  private static String preview(String text) {
    if (text == null) return "";
    String one = text.strip().replaceAll("\\s+", " ");
    return one.length() <= 80 ? one : one.substring(0, 79) + "…";
  }

}
