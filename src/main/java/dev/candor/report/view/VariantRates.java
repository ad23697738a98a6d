package dev.candor.report.view;

import dev.candor.store.LabelCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * The per-variant rate table of a run, computed from its label counts: k trajectories whose value is 1 out of n whose
 * value is not null, the rate k/n and the project's 95% interval (the 2.5% and 97.5% quantiles of Beta(1+k, 1+n-k)).
 * Labels whose value is null are kept per variant as uncounted, never dropped.
 *
 * <p>TODO: switch to the shared statistics package ({@code dev.candor.stats}, Beta intervals per variant) once it
 * lands, so the viewer and the HTML report cannot disagree.
 */
record VariantRates(String variantId, long k, long n, Map<String, Long> uncounted) {

  static List<VariantRates> of(List<LabelCount> counts) {
    Map<String, long[]> kn = new TreeMap<>();
    Map<String, Map<String, Long>> other = new TreeMap<>();
    for (LabelCount c : counts) {
      long[] a = kn.computeIfAbsent(c.variantId(), v -> new long[2]);
      other.computeIfAbsent(c.variantId(), v -> new TreeMap<>());
      if (c.value() == null) {
        other.get(c.variantId()).merge(c.label(), c.count(), Long::sum);
      } else {
        a[1] += c.count();
        if (c.value() == 1) a[0] += c.count();
      }
    }
    List<VariantRates> out = new ArrayList<>();
    for (var e : kn.entrySet()) out.add(new VariantRates(e.getKey(), e.getValue()[0], e.getValue()[1], other.get(e.getKey())));
    return out;
  }

  /** k/n, or NaN when nothing counted. */
  double rate() {
    return n == 0 ? Double.NaN : (double) k / n;
  }

  double lower() {
    return quantile(0.025);
  }

  double upper() {
    return quantile(0.975);
  }

  private double quantile(double p) {
    if (n == 0) return Double.NaN;
    return BetaDistribution.of(1.0 + k, 1.0 + n - k).inverseCumulativeProbability(p);
  }

  long uncountedTotal() {
    return uncounted.values().stream().mapToLong(Long::longValue).sum();
  }
}
