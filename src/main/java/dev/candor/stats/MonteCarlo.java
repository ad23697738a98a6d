package dev.candor.stats;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/** Seeded Beta-posterior sampling and empirical quantiles shared by {@link MeanRate} and {@link Comparison}. */
final class MonteCarlo {
  private MonteCarlo() {}

  static UniformRandomProvider rng(long seed) {
    return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
  }

  static ContinuousDistribution.Sampler sampler(Tally t, UniformRandomProvider rng) {
    return RateEstimate.posterior(t.k(), t.n()).createSampler(rng);
  }

  /**
   * {@code draws} draws of the unweighted mean of {@code cells}' rates, each cell drawn from its Beta posterior (a cell
   * list with no counted cell draws from the uniform prior). Unsorted, in draw order.
   */
  static double[] meanDraws(java.util.List<Tally> cells, UniformRandomProvider rng, int draws) {
    java.util.List<Tally> counted = cells.stream().filter(t -> t.n() > 0).toList();
    if (counted.isEmpty()) counted = java.util.List.of(Tally.of("", null, 0, 0));
    var samplers = counted.stream().map(t -> sampler(t, rng)).toList();
    double[] out = new double[draws];
    for (int d = 0; d < draws; d++) {
      double sum = 0;
      for (var s : samplers) sum += s.sample();
      out[d] = sum / samplers.size();
    }
    return out;
  }

  static void checkDraws(int draws) {
    if (draws < 2) throw new IllegalArgumentException("Monte Carlo draws must be >= 2, got " + draws);
  }

  /** Sorts {@code x} in place and returns its p-quantile by linear interpolation between order statistics. */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int i = (int) Math.floor(h);
    if (i >= sorted.length - 1) return sorted[sorted.length - 1];
    return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
  }

  /** mean, 2.5% quantile, 97.5% quantile of the draws (sorts them). */
  static double[] summarise(double[] draws) {
    double sum = 0;
    for (double d : draws) sum += d;
    Arrays.sort(draws);
    double tail = (1 - RateEstimate.LEVEL) / 2;
    return new double[] {sum / draws.length, quantile(draws, tail), quantile(draws, 1 - tail)};
  }
}
