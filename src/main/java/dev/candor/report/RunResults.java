package dev.candor.report;

import dev.candor.stats.MeanRate;
import dev.candor.stats.RateEstimate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The estimates of one run: one {@link RateEstimate} per variant, one list per axis (axis name → one estimate per
 * axis value, e.g. from {@code Tally.groupBy}), and optionally the Monte Carlo average across variants
 * ({@code average}, may be null).
 */
public record RunResults(RunInfo run, List<RateEstimate> variants, Map<String, List<RateEstimate>> byAxis, MeanRate average) {
  public RunResults {
    if (run == null) throw new IllegalArgumentException("run results: run info is required");
    variants = variants == null ? List.of() : List.copyOf(variants);
    var axes = new LinkedHashMap<String, List<RateEstimate>>();
    if (byAxis != null) byAxis.forEach((axis, list) -> axes.put(axis, List.copyOf(list)));
    byAxis = Collections.unmodifiableMap(axes);
  }
}
