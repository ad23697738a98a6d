package dev.candor.report;

import java.util.List;

/**
 * What the offline report shows (template {@code report.jte}), built once by {@link HtmlReport} from the runs'
 * estimates, numbers already formatted. Text from the store or a model stays plain text here: the template escapes it.
 */
public record ReportView(String title, List<List<String>> runs, List<Config> configs, List<Average> averages,
                         List<Summary> evaluations, Rates variants, List<Rates> axes, ComparisonTable comparison,
                         List<EvaluationTables.Table> suite, int examplesPerCell, List<ExampleCell> examples) {

  /** The configuration of one run, pretty-printed JSON. */
  public record Config(String label, String json) {}

  /** One run's Monte Carlo average and what it is over ({@code unit}, e.g. "average over 25 evaluation families"). */
  public record Average(String label, String unit, String mean, String interval, int cells, int draws, long seed) {}

  /** An agentic run's tables beyond its cells: its evaluation families with their averages, its sandbagging tests. */
  public record Summary(String label, List<EvaluationTables.Table> tables) {}

  /** One section of rates: its figure (drawn by template {@code partials/chart.jte}; may be null) and its table. */
  public record Rates(String name, IntervalChart figure, RateTable table) {}

  /** Rows = cells across runs; per run a group of five columns, headed by the run's name when there are several runs. */
  public record RateTable(String cellHeader, List<String> runLabels, int runCount, List<RateRow> rows) {}

  /** One cell: per run its rate, or null when the run lacks it. */
  public record RateRow(String key, List<RateCell> runs) {}

  public record RateCell(String rate, String interval, String kn, String wilson, String outcomes) {}

  /** Up to {@code examplesPerCell} example trajectories of one run and variant. */
  public record ExampleCell(String heading, List<ExampleView> examples) {}

  public record ExampleView(String label, String preview, String prompt, String reasoning, String text) {}
}
