package dev.candor.stats;

/**
 * A logistic regression of the outcome on the training step, fitted to binomial counts by Newton–Raphson (iteratively
 * reweighted least squares) to the maximum likelihood: logit P(positive) = a + b·(step / unit). {@code slope} is b,
 * the change in log-odds per {@code unit} steps (exp(b) the odds ratio per unit), with its Wald standard error from
 * the inverse observed information and the Wald 95% interval b ± 1.96·SE; {@code intercept} is a (the log-odds at step
 * 0). The fit assumes the log-odds change linearly in the step and that trajectories are independent given the
 * checkpoint. When the maximum likelihood does not exist (every outcome the same, or outcomes separated by step, so
 * the slope runs off to ±∞) or there are fewer than two distinct steps with data, the numbers are NaN and
 * {@code undefined} says why.
 */
public record LogisticTrend(double intercept, double slope, double se, double lo, double hi, double unit, String undefined) {
  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;
  /** A slope whose |b·range| exceeds this is a fit running off to infinity (fitted probabilities within 1e-13 of 0 or 1). */
  private static final double RUNAWAY = 30;

  public double oddsRatio() { return Math.exp(slope); }

  /**
   * The unit steps are reported in: the power of ten at or below the largest |step| (1,000 for steps up to 9,999),
   * at least 1.
   */
  public static double unitFor(double[] steps) {
    double max = 0;
    for (double s : steps) max = Math.max(max, Math.abs(s));
    return max < 10 ? 1 : Math.pow(10, Math.floor(Math.log10(max)));
  }

  /** Fits to groups at {@code steps} with {@code k} positives of {@code n}; groups with n = 0 take no part. */
  public static LogisticTrend fit(double[] steps, int[] k, int[] n, double unit) {
    if (steps.length != k.length || k.length != n.length) throw new IllegalArgumentException("logistic trend: steps, k and n must have the same length");
    if (!(unit > 0)) throw new IllegalArgumentException("logistic trend: unit must be > 0, got " + unit);
    double sn = 0, sx = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    long bigK = 0, bigN = 0;
    for (int i = 0; i < n.length; i++) {
      if (n[i] == 0) continue;
      double x = steps[i] / unit;
      sn += n[i];
      sx += n[i] * x;
      bigK += k[i];
      bigN += n[i];
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    if (bigN == 0 || !(max > min)) return undefined(unit, "fewer than two distinct steps with counted outcomes");
    if (bigK == 0 || bigK == bigN) return undefined(unit, "every counted outcome is the same (" + (bigK == 0 ? "0%" : "100%") + " throughout)");
    double centre = sx / sn; // fitted on centred steps for stability; the slope is the same
    double a = Math.log((double) bigK / (bigN - bigK)), b = 0;
    double[] info = null;
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
      for (int i = 0; i < n.length; i++) {
        if (n[i] == 0) continue;
        double x = steps[i] / unit - centre;
        double mu = 1 / (1 + Math.exp(-(a + b * x)));
        double w = n[i] * mu * (1 - mu), r = k[i] - n[i] * mu;
        g0 += r;
        g1 += r * x;
        h00 += w;
        h01 += w * x;
        h11 += w * x * x;
      }
      double det = h00 * h11 - h01 * h01;
      if (!(det > 0)) return undefined(unit, "the fit does not converge (the outcomes are separated by step)");
      double da = (h11 * g0 - h01 * g1) / det, db = (h00 * g1 - h01 * g0) / det;
      a += da;
      b += db;
      if (Math.abs(b) * (max - min) > RUNAWAY) return undefined(unit, "the fit does not converge (the outcomes are separated by step)");
      if (Math.abs(da) < TOLERANCE && Math.abs(db) < TOLERANCE) {
        info = new double[] {h00, h01, h11};
        break;
      }
    }
    if (info == null) return undefined(unit, "the fit does not converge within " + MAX_ITERATIONS + " iterations");
    // Standard error at the estimate (recomputed there: the last step moved it by < 1e-10).
    double h00 = 0, h01 = 0, h11 = 0;
    for (int i = 0; i < n.length; i++) {
      if (n[i] == 0) continue;
      double x = steps[i] / unit - centre;
      double mu = 1 / (1 + Math.exp(-(a + b * x)));
      double w = n[i] * mu * (1 - mu);
      h00 += w;
      h01 += w * x;
      h11 += w * x * x;
    }
    double se = Math.sqrt(h00 / (h00 * h11 - h01 * h01));
    return new LogisticTrend(a - b * centre, b, se, b - RateEstimate.Z * se, b + RateEstimate.Z * se, unit, null);
  }

  private static LogisticTrend undefined(double unit, String why) {
    return new LogisticTrend(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, unit, why);
  }
}
