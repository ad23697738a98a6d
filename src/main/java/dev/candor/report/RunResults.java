package dev.candor.report;

import dev.candor.stats.MeanRate;
import dev.candor.stats.RateEstimate;
import dev.candor.stats.Tally;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The estimates of one run: one {@link RateEstimate} per variant, one list per axis (axis name → one estimate per
 * axis value, e.g. from {@code Tally.groupBy}), optionally the run's Monte Carlo average ({@code average}, may be
 * null: across variants, or for an agentic suite across evaluation families, see {@link #averageUnit()}), and for an
 * agentic suite its {@link Evaluations} (null otherwise) and, for a run scored by both the rule detector and the
 * action-only judge, their {@link Agreement} (null otherwise).
 */
public record RunResults(RunInfo run, List<RateEstimate> variants, Map<String, List<RateEstimate>> byAxis, MeanRate average,
                         Evaluations evaluations, Agreement agreement) {
  public RunResults {
    if (run == null) throw new IllegalArgumentException("run results: run info is required");
    variants = variants == null ? List.of() : List.copyOf(variants);
    var axes = new LinkedHashMap<String, List<RateEstimate>>();
    if (byAxis != null) byAxis.forEach((axis, list) -> axes.put(axis, List.copyOf(list)));
    byAxis = Collections.unmodifiableMap(axes);
  }

  /** Results without a rule-judge agreement. */
  public RunResults(RunInfo run, List<RateEstimate> variants, Map<String, List<RateEstimate>> byAxis, MeanRate average,
                    Evaluations evaluations) {
    this(run, variants, byAxis, average, evaluations, null);
  }

  /** Results of a suite without evaluation families. */
  public RunResults(RunInfo run, List<RateEstimate> variants, Map<String, List<RateEstimate>> byAxis, MeanRate average) {
    this(run, variants, byAxis, average, null, null);
  }

  /** What {@link #average()} is over, e.g. "average over 25 evaluation families" or "average over 39 variants". */
  public String averageUnit() {
    if (evaluations != null) return evaluations.unit();
    int n = average == null ? 0 : average.cells();
    return "average over " + n + " variant" + (n == 1 ? "" : "s");
  }

  /**
   * Estimates everything from per-variant tallies: one estimate per variant, one per value of every axis the variants
   * carry (in order of first appearance, via {@link Tally#groupBy}), and the Monte Carlo average across variants with
   * {@link MeanRate#DEFAULT_DRAWS} draws from {@code seed} (null when there are no variants).
   */
  public static RunResults of(RunInfo run, List<Tally> variants, long seed) {
    var axisNames = new java.util.LinkedHashSet<String>();
    for (Tally t : variants) axisNames.addAll(t.axes().keySet());
    var byAxis = new LinkedHashMap<String, List<RateEstimate>>();
    for (String axis : axisNames) byAxis.put(axis, Tally.groupBy(variants, axis).stream().map(RateEstimate::of).toList());
    return new RunResults(run, variants.stream().map(RateEstimate::of).toList(), byAxis,
        variants.isEmpty() ? null : MeanRate.of(variants, seed));
  }
}
