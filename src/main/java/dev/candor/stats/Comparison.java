package dev.candor.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.inference.FisherExactTest;

/**
 * One cell of two runs set side by side (e.g. a checkpoint before and after training): both rate estimates, the
 * difference of rates {@code second − first} as the difference of posterior means with a Monte Carlo 95% posterior
 * interval ({@code diffLo}, {@code diffHi}), the two-sided Fisher exact test p-value on the table
 * (k1, n1−k1; k2, n2−k2), and that p-value Holm-adjusted across all cells compared together ({@code pHolm}). When
 * either run has n = 0 in the cell, p and pHolm are NaN (no test possible).
 */
public record Comparison(String key, Map<String, String> axes, RateEstimate first, RateEstimate second,
                         double diff, double diffLo, double diffHi, double p, double pHolm) {

  public static final int DEFAULT_DRAWS = 20_000;

  /** Fisher's exact test, two-sided, on k1 of n1 against k2 of n2. */
  public static double fisherP(int k1, int n1, int k2, int n2) {
    if (n1 == 0 || n2 == 0) return Double.NaN;
    int[][] table = {{k1, n1 - k1}, {k2, n2 - k2}};
    return FisherExactTest.withDefaults().test(table).getPValue();
  }

  /** {@link #of(List, List, long, int)} with {@value #DEFAULT_DRAWS} draws per cell. */
  public static List<Comparison> of(List<Tally> first, List<Tally> second, long seed) {
    return of(first, second, seed, DEFAULT_DRAWS);
  }

  /**
   * Compares the cells the two runs share, matched by {@link Tally#key()}, in the order of {@code first}; cells present
   * in only one run are left out. The Holm adjustment runs over the cells returned.
   */
  public static List<Comparison> of(List<Tally> first, List<Tally> second, long seed, int draws) {
    MonteCarlo.checkDraws(draws);
    var byKey = new LinkedHashMap<String, Tally>();
    for (Tally t : second)
      if (byKey.put(t.key(), t) != null) throw new IllegalArgumentException("comparison: duplicate cell key '" + t.key() + "' in second run");
    var seen = new java.util.HashSet<String>();
    var rng = MonteCarlo.rng(seed);
    var pairs = new ArrayList<Tally[]>();
    for (Tally a : first) {
      if (!seen.add(a.key())) throw new IllegalArgumentException("comparison: duplicate cell key '" + a.key() + "' in first run");
      Tally b = byKey.get(a.key());
      if (b != null) pairs.add(new Tally[] {a, b});
    }
    double[] p = new double[pairs.size()];
    double[][] diffs = new double[pairs.size()][];
    for (int i = 0; i < pairs.size(); i++) {
      Tally a = pairs.get(i)[0], b = pairs.get(i)[1];
      p[i] = fisherP(a.k(), a.n(), b.k(), b.n());
      var sa = MonteCarlo.sampler(a, rng);
      var sb = MonteCarlo.sampler(b, rng);
      double[] d = new double[draws];
      for (int j = 0; j < draws; j++) d[j] = sb.sample() - sa.sample();
      diffs[i] = MonteCarlo.summarise(d);
    }
    double[] holm = Holm.adjust(p);
    var out = new ArrayList<Comparison>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      Tally a = pairs.get(i)[0], b = pairs.get(i)[1];
      RateEstimate ea = RateEstimate.of(a), eb = RateEstimate.of(b);
      out.add(new Comparison(a.key(), a.axes(), ea, eb, eb.mean() - ea.mean(), diffs[i][1], diffs[i][2], p[i], holm[i]));
    }
    return List.copyOf(out);
  }
}
