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
