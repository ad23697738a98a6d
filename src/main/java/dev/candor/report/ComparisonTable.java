package dev.candor.report;

import java.util.List;

/**
 * The comparison table as a page shows it (template {@code partials/comparison.jte}), numbers already formatted: one
 * row per cell with each run's rate, interval and k/n, then for each pair Δ with its interval, Fisher's p and Holm's p.
 */
public record ComparisonTable(String cellHeader, List<String> runs, List<String> pairs, List<Row> rows) {
  /** One cell: {@code runs} has one entry per run (null: the run lacks the cell), {@code pairs} one per comparison. */
  public record Row(String key, List<Rate> runs, List<Diff> pairs) {}

  /** A run's rate in a cell; {@code empty} when nothing was counted. */
  public record Rate(boolean empty, String rate, String interval, String kn) {}

  /** One comparison in a cell; {@code significant} when Holm's p is below 0.05. */
  public record Diff(String diff, String interval, String p, String pHolm, boolean significant) {
    /** The class of the Holm p cell: bold when significant. */
    public String holmClass() {
      return significant ? "num sig" : "num";
    }
  }
}
