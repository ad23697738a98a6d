package dev.candor.report;

import dev.candor.core.SuiteInfo;
import dev.candor.stats.Tally;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs lined up for comparison (e.g. a model's checkpoints): each run's cells, one per variant or, grouped by one
 * axis ({@code by}, may be null), one per value of that axis, with their estimates; and each run after the first
 * compared with the one before it (or with the first), as {@code candor compare} and the viewer's compare page show
 * them; {@code axes} are the axes the runs' variants carry (any of them can be {@code by}). For agentic suites each run
 * carries its {@link Evaluations} (family averages, sandbagging tests) and each pair its suite-level comparison; the
 * average across cells is otherwise not computed ({@link RunResults#average()} is null).
 */
public record ComparedRuns(List<RunResults> runs, List<RunComparison> comparisons, String by, List<String> axes) {
  public ComparedRuns {
    runs = List.copyOf(runs);
    comparisons = List.copyOf(comparisons);
    axes = axes == null ? List.of() : List.copyOf(axes);
  }

  /**
   * Reads the runs' label counts from the store (never their trajectories) and compares them; {@code suites} gives
   * what is known of each run's suite (its axis order); {@code scorer} names the scores counted in every run (null:
   * each run's headline).
   */
  public static ComparedRuns load(Store store, List<RunRecord> runs, Function<RunRecord, SuiteInfo> suites, String by, boolean againstFirst,
                                  String scorer) {
    if (runs.isEmpty()) throw new IllegalArgumentException("compare: at least one run is required");
    List<RunResults> results = new ArrayList<>();
    List<List<Tally>> cells = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Tally> allVariants = new ArrayList<>();
    List<List<Tally>> families = new ArrayList<>();
    for (RunRecord r : runs) {
      if (ids.contains(r.id())) throw new IllegalArgumentException("compare: run '" + r.id() + "' is given twice");
      SuiteInfo suite = suites.apply(r);
      List<Tally> v = RunLoader.variantTallies(store, r, suite, scorer);
      allVariants.addAll(v);
      List<Tally> rows = by == null ? v : RunLoader.byAxis(v, by, suite);
      cells.add(rows);
      ids.add(r.id());
      Evaluations ev = RunLoader.evaluations(store, r.id(), v);
      families.add(ev == null ? List.of() : ev.pressureByFamily());
      results.add(new RunResults(RunLoader.info(r), RunLoader.estimates(rows), null, ev == null || ev.average() == null ? null : ev.average().pressure(), ev));
    }
    return new ComparedRuns(results, RunComparison.successive(ids, cells, families, againstFirst), by, RunLoader.axes(allVariants, suites.apply(runs.getFirst())));
  }
}
