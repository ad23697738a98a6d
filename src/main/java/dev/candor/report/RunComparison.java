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

  /** Compares {@code run} against {@code baseline} variant by variant ({@link Comparison#of}, seeded). */
  public static RunComparison of(RunResults baseline, RunResults run, long seed) {
    return new RunComparison(baseline.run().id(), run.run().id(),
        Comparison.of(tallies(baseline), tallies(run), seed));
  }

  private static List<dev.candor.stats.Tally> tallies(RunResults r) {
    return r.variants().stream().map(dev.candor.stats.RateEstimate::tally).toList();
  }
}
