package dev.candor.report;

import dev.candor.stats.Comparison;
import java.util.List;

/**
 * The cell-by-cell comparison of one run against a baseline run (ids as in {@link RunInfo#id()}), as computed by
 * {@link Comparison#of}: {@code first} is the baseline, {@code second} the other run.
 */
public record RunComparison(String baselineRunId, String runId, List<Comparison> cells) {
  public RunComparison {
    cells = List.copyOf(cells);
  }
}
