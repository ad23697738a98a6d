package dev.candor.stats;

import java.util.List;

/**
 * The unweighted mean of several cells' rates (e.g. a suite average across evaluations, or across variants), computed
 * by Monte Carlo over their Beta(1+k, 1+n−k) posteriors: each draw samples every cell once and averages; {@code mean}
 * is the mean of those averages and {@code lo}/{@code hi} their 2.5%/97.5% quantiles. {@code analyticMean} is the
 * exact mean of the posterior means, which {@code mean} approximates. Same cells, seed and draws give the same result.
 */
public record MeanRate(double mean, double lo, double hi, double analyticMean, int cells, int draws, long seed) {

  public static final int DEFAULT_DRAWS = 100_000;

  /** {@link #of(List, long, int)} with {@value #DEFAULT_DRAWS} draws. */
  public static MeanRate of(List<Tally> cells, long seed) {
    return of(cells, seed, DEFAULT_DRAWS);
  }

  public static MeanRate of(List<Tally> cells, long seed, int draws) {
    if (cells.isEmpty()) throw new IllegalArgumentException("mean rate: no cells to average");
    MonteCarlo.checkDraws(draws);
    var rng = MonteCarlo.rng(seed);
    var samplers = cells.stream().map(t -> MonteCarlo.sampler(t, rng)).toList();
    double analytic = 0;
    for (Tally t : cells) analytic += RateEstimate.posterior(t.k(), t.n()).getMean();
    analytic /= cells.size();
    double[] averages = new double[draws];
    int m = samplers.size();
    for (int d = 0; d < draws; d++) {
      double sum = 0;
      for (int c = 0; c < m; c++) sum += samplers.get(c).sample();
      averages[d] = sum / m;
    }
    double[] s = MonteCarlo.summarise(averages);
    return new MeanRate(s[0], s[1], s[2], analytic, m, draws, seed);
  }
}
