package dev.candor.stats;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The rate of one cell: its {@link Tally}, the raw rate k/n, the posterior Beta(1+k, 1+n−k) (uniform prior) mean with
 * its 2.5% and 97.5% quantiles ({@code lo}, {@code hi}), and the Wilson score 95% interval.
 *
 * <p>When n = 0 there is no data: {@code rate} and the Wilson bounds are NaN, while the posterior is the uniform prior
 * itself (mean 0.5, interval 0.025–0.975). Renderers should show such cells as "no data", not as 50%.
 */
public record RateEstimate(Tally tally, double rate, double mean, double lo, double hi, double wilsonLo, double wilsonHi) {

  /** The central 95% level used for every interval here. */
  public static final double LEVEL = 0.95;

  /** The standard normal 97.5% quantile (≈ 1.959964), for the Wilson interval. */
  static final double Z = NormalDistribution.of(0, 1).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);

  public static RateEstimate of(Tally tally) {
    int n = tally.n(), k = tally.k();
    BetaDistribution posterior = posterior(k, n);
    double tail = (1 - LEVEL) / 2;
    double lo = posterior.inverseCumulativeProbability(tail);
    double hi = posterior.inverseCumulativeProbability(1 - tail);
    double rate = n == 0 ? Double.NaN : (double) k / n;
    double wLo = Double.NaN, wHi = Double.NaN;
    if (n > 0) {
      double z2 = Z * Z;
      double denom = 1 + z2 / n;
      double centre = (rate + z2 / (2.0 * n)) / denom;
      double half = Z / denom * Math.sqrt(rate * (1 - rate) / n + z2 / (4.0 * n * n));
      wLo = k == 0 ? 0.0 : Math.max(0.0, centre - half);
      wHi = k == n ? 1.0 : Math.min(1.0, centre + half);
    }
    return new RateEstimate(tally, rate, posterior.getMean(), lo, hi, wLo, wHi);
  }

  /** Shorthand for a cell with no label breakdown. */
  public static RateEstimate of(String key, int k, int n) {
    return of(Tally.of(key, null, n, k));
  }

  /** The posterior of the rate after k positives in n: Beta(1+k, 1+n−k). */
  public static BetaDistribution posterior(int k, int n) {
    return BetaDistribution.of(1.0 + k, 1.0 + n - k);
  }

  public String key() { return tally.key(); }
  public int n() { return tally.n(); }
  public int k() { return tally.k(); }
  /** True when no outcome counted toward the rate (n = 0). */
  public boolean empty() { return tally.n() == 0; }
}
