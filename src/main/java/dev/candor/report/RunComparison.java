package dev.candor.report;

import dev.candor.stats.AverageComparison;
import dev.candor.stats.Comparison;
import java.util.List;

/**
 * The cell-by-cell comparison of one run against a baseline run (ids as in {@link RunInfo#id()}), as computed by
 * {@link Comparison#of}: {@code first} is the baseline, {@code second} the other run; and for agentic suites the
 * suite-level comparison of their averages over evaluation families ({@code suite}, null otherwise).
 */
public record RunComparison(String baselineRunId, String runId, List<Comparison> cells, AverageComparison suite) {
  public RunComparison {
    cells = List.copyOf(cells);
  }

  public RunComparison(String baselineRunId, String runId, List<Comparison> cells) {
    this(baselineRunId, runId, cells, null);
  }

  /** Compares {@code run} against {@code baseline} variant by variant ({@link Comparison#of}, seeded). */
  public static RunComparison of(RunResults baseline, RunResults run, long seed) {
    return new RunComparison(baseline.run().id(), run.run().id(),
        Comparison.of(tallies(baseline), tallies(run), seed));
  }

  /**
   * Compares each run after the first with the run before it ({@code againstFirst}: with the first run), cell by cell
   * ({@link Comparison#of} seeded with {@link RunLoader#STATS_SEED}; Holm across the cells of each pair).
   * {@code cells.get(i)} are the tallies of {@code runIds.get(i)}.
   */
  public static List<RunComparison> successive(List<String> runIds, List<List<dev.candor.stats.Tally>> cells, boolean againstFirst) {
    return successive(runIds, cells, null, againstFirst);
  }

  /**
   * {@link #successive(List, List, boolean)}, and where both runs of a pair have per-family pressure tallies
   * ({@code families.get(i)}, null or empty for a run without), the suite-level {@link AverageComparison} of the pair.
   */
  public static List<RunComparison> successive(List<String> runIds, List<List<dev.candor.stats.Tally>> cells,
                                               List<List<dev.candor.stats.Tally>> families, boolean againstFirst) {
    if (runIds.size() != cells.size())
      throw new IllegalArgumentException("comparison: " + runIds.size() + " run ids but " + cells.size() + " lists of cells");
    var out = new java.util.ArrayList<RunComparison>();
    for (int i = 1; i < runIds.size(); i++) {
      int base = againstFirst ? 0 : i - 1;
      AverageComparison suite = families == null || families.get(base).isEmpty() || families.get(i).isEmpty() ? null
          : AverageComparison.of(families.get(base), families.get(i), RunLoader.STATS_SEED);
      out.add(new RunComparison(runIds.get(base), runIds.get(i), Comparison.of(cells.get(base), cells.get(i), RunLoader.STATS_SEED), suite));
    }
    return List.copyOf(out);
  }

  private static List<dev.candor.stats.Tally> tallies(RunResults r) {
    return r.variants().stream().map(dev.candor.stats.RateEstimate::tally).toList();
  }
}
