package dev.candor.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.HypergeometricDistribution;

/**
 * A before/after comparison of a suite average (the paper's headline: the average covert rate over evaluations before
 * and after training), over the groups (evaluation families) both runs counted: the unweighted mean over groups of
 * (second − first) rates.
 * <ul>
 *   <li>{@code diff}: the difference of the two averages of posterior means; {@code lo}/{@code hi}: its 95% interval by
 *       Monte Carlo over the groups' Beta(1+k, 1+n−k) posteriors in both runs.</li>
 *   <li>{@code p}: a two-sided stratified permutation test of the same difference computed on raw rates k/n: under no
 *       difference, which run a
 *       trajectory came from is exchangeable within its group, so each group's second-run count is hypergeometric
 *       given the group's totals; p = P(|T*| ≥ |T|). Exact (every combination of the groups' counts enumerated) when
 *       there are at most {@value #EXACT_LIMIT} combinations, else estimated from {@value #PERMUTATIONS} seeded draws
 *       as (1 + hits) / (1 + draws). With one group and equal n it is Fisher's exact test.</li>
 * </ul>
 * Groups are matched by {@link Tally#key()}; groups with n = 0 in either run are left out ({@code groups} counts those
 * compared). With no group left, every number is NaN.
 */
public record AverageComparison(int groups, double first, double second, double diff, double lo, double hi, double p,
                                boolean exact, int draws, long seed) {

  public static final long EXACT_LIMIT = 1_000_000;
  public static final int PERMUTATIONS = 20_000;

  public static AverageComparison of(List<Tally> first, List<Tally> second, long seed) {
    return of(first, second, seed, MeanRate.DEFAULT_DRAWS);
  }

  public static AverageComparison of(List<Tally> first, List<Tally> second, long seed, int draws) {
    MonteCarlo.checkDraws(draws);
    Map<String, Tally> byKey = new LinkedHashMap<>();
    for (Tally t : second) if (t.n() > 0) byKey.put(t.key(), t);
    List<Tally[]> pairs = new ArrayList<>();
    for (Tally a : first) {
      Tally b = byKey.get(a.key());
      if (a.n() > 0 && b != null) pairs.add(new Tally[] {a, b});
    }
    int m = pairs.size();
    if (m == 0) return new AverageComparison(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, draws, seed);
    double meanA = 0, meanB = 0, observed = 0;
    for (Tally[] p : pairs) {
      meanA += RateEstimate.posterior(p[0].k(), p[0].n()).getMean() / m;
      meanB += RateEstimate.posterior(p[1].k(), p[1].n()).getMean() / m;
      observed += ((double) p[1].k() / p[1].n() - (double) p[0].k() / p[0].n()) / m;
    }
    UniformRandomProvider rng = MonteCarlo.rng(seed);
    List<ContinuousDistribution.Sampler[]> samplers = new ArrayList<>();
    for (Tally[] p : pairs) samplers.add(new ContinuousDistribution.Sampler[] {MonteCarlo.sampler(p[0], rng), MonteCarlo.sampler(p[1], rng)});
    double[] d = new double[draws];
    for (int i = 0; i < draws; i++) {
      double s = 0;
      for (ContinuousDistribution.Sampler[] x : samplers) s += x[1].sample() - x[0].sample();
      d[i] = s / m;
    }
    double[] summary = MonteCarlo.summarise(d);

    // the permutation distribution: group g contributes (k2/n2 − (K − k2)/n1) / m with k2 ~ Hypergeometric(N, K, n2),
    // tabulated over its support (value and probability)
    double[][] values = new double[m][], probs = new double[m][];
    long combos = 1;
    for (int g = 0; g < m; g++) {
      Tally[] p = pairs.get(g);
      var h = HypergeometricDistribution.of(p[0].n() + p[1].n(), p[0].k() + p[1].k(), p[1].n());
      int lo = h.getSupportLowerBound(), size = h.getSupportUpperBound() - lo + 1;
      values[g] = new double[size];
      probs[g] = new double[size];
      for (int i = 0; i < size; i++) {
        values[g][i] = term(p, lo + i) / m;
        probs[g][i] = h.probability(lo + i);
      }
      combos = combos > EXACT_LIMIT ? combos : combos * size;
    }
    double target = Math.abs(observed) - 1e-9;
    double pValue;
    boolean exact = combos <= EXACT_LIMIT;
    if (exact) {
      pValue = Math.min(1, tail(values, probs, 0, 0.0, 1.0, target));
    } else {
      UniformRandomProvider prng = MonteCarlo.rng(seed + 1);
      double[][] cdf = new double[m][];
      for (int g = 0; g < m; g++) {
        cdf[g] = probs[g].clone();
        for (int i = 1; i < cdf[g].length; i++) cdf[g][i] += cdf[g][i - 1];
      }
      long hits = 0;
      for (int i = 0; i < PERMUTATIONS; i++) {
        double t = 0;
        for (int g = 0; g < m; g++) {
          int at = java.util.Arrays.binarySearch(cdf[g], prng.nextDouble());
          t += values[g][Math.min(at < 0 ? -at - 1 : at, cdf[g].length - 1)];
        }
        if (Math.abs(t) >= target) hits++;
      }
      pValue = (1.0 + hits) / (1.0 + PERMUTATIONS);
    }
    return new AverageComparison(m, meanA, meanB, meanB - meanA, summary[1], summary[2], pValue, exact, draws, seed);
  }

  /** One group's contribution (before dividing by the group count) when its second run has {@code k2} of the positives. */
  private static double term(Tally[] pair, int k2) {
    int total = pair[0].k() + pair[1].k();
    return (double) k2 / pair[1].n() - (double) (total - k2) / pair[0].n();
  }

  /** P(|T*| ≥ target) by enumerating every group's support, depth first. */
  private static double tail(double[][] values, double[][] probs, int g, double partial, double prob, double target) {
    if (g == values.length) return Math.abs(partial) >= target ? prob : 0;
    double out = 0;
    for (int i = 0; i < values[g].length; i++)
      if (probs[g][i] > 0) out += tail(values, probs, g + 1, partial + values[g][i], prob * probs[g][i], target);
    return out;
  }
}
