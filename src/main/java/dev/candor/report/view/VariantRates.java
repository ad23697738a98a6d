package dev.candor.report.view;

import dev.candor.stats.RateEstimate;
import dev.candor.stats.Tally;
import dev.candor.store.LabelCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-variant rate table of a run, built from its label counts alone (one aggregate query, never the samples): k
 * trajectories whose value is 1 out of n whose value is not null, the rate k/n and the project's 95% interval from
 * {@link RateEstimate} (2.5% and 97.5% quantiles of Beta(1+k, 1+n−k)). Labels whose value is null are kept per
 * variant as uncounted, never dropped.
 */
record VariantRates(String variantId, RateEstimate estimate, Map<String, Long> uncounted) {

  static List<VariantRates> of(List<LabelCount> counts) {
    Map<String, long[]> kn = new TreeMap<>();
    Map<String, Map<String, Integer>> labels = new TreeMap<>();
    Map<String, Map<String, Long>> other = new TreeMap<>();
    for (LabelCount c : counts) {
      long[] a = kn.computeIfAbsent(c.variantId(), v -> new long[2]);
      labels.computeIfAbsent(c.variantId(), v -> new LinkedHashMap<>()).merge(c.label(), Math.toIntExact(c.count()), Integer::sum);
      Map<String, Long> o = other.computeIfAbsent(c.variantId(), v -> new TreeMap<>());
      if (c.value() == null) {
        o.merge(c.label(), c.count(), Long::sum);
      } else {
        a[1] += c.count();
        if (c.value() == 1) a[0] += c.count();
      }
    }
    List<VariantRates> out = new ArrayList<>();
    for (var e : kn.entrySet()) {
      Tally t = new Tally(e.getKey(), Map.of(), Math.toIntExact(e.getValue()[1]), Math.toIntExact(e.getValue()[0]), labels.get(e.getKey()));
      out.add(new VariantRates(e.getKey(), RateEstimate.of(t), other.get(e.getKey())));
    }
    return out;
  }

  long k() { return estimate.k(); }

  long n() { return estimate.n(); }

  /** k/n, or NaN when nothing counted. */
  double rate() { return estimate.rate(); }

  /** The 2.5% quantile of the Beta posterior (NaN when nothing counted: no data is shown, not the prior). */
  double lower() { return estimate.empty() ? Double.NaN : estimate.lo(); }

  double upper() { return estimate.empty() ? Double.NaN : estimate.hi(); }
}
