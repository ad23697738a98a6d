package dev.candor.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Cochran–Armitage test for a linear trend in proportions (Cochran 1954, Armitage 1955; Agresti, <i>Categorical
 * Data Analysis</i>, 2nd ed., §5.3.5): groups i with scores t_i (here a checkpoint's training step), k_i positives of n_i,
 * pooled proportion p = Σk/Σn, mean score t̄ = Σ n_i t_i / Σn;
 * T = Σ t_i (k_i − n_i p), Var(T) = p (1 − p) Σ n_i (t_i − t̄)², z = T / √Var(T), two-sided p from the standard normal.
 * z² is what R's {@code prop.trend.test} reports as X-squared. A positive z means the proportion rises with the score.
 * It tests a linear trend in the score: steps spaced unevenly weigh accordingly, and a curve that rises then falls
 * can show no trend. Groups with n = 0 take no part. When there is no variation to test (fewer than two groups with
 * data, one score for all, or every outcome the same) z and p are NaN and {@code undefined} says why.
 */
public record CochranArmitage(double z, double chiSquare, double p, int groups, String undefined) {

  public static CochranArmitage test(double[] scores, int[] k, int[] n) {
    if (scores.length != k.length || k.length != n.length)
      throw new IllegalArgumentException("Cochran-Armitage: scores, k and n must have the same length");
    long bigN = 0, bigK = 0;
    double st = 0;
    int groups = 0;
    for (int i = 0; i < n.length; i++) {
      if (k[i] < 0 || k[i] > n[i]) throw new IllegalArgumentException("Cochran-Armitage: k must be in [0, n], got " + k[i] + " of " + n[i]);
      if (n[i] == 0) continue;
      groups++;
      bigN += n[i];
      bigK += k[i];
      st += (double) n[i] * scores[i];
    }
    if (groups < 2) return undefined(groups, "fewer than two checkpoints with counted outcomes");
    double p = (double) bigK / bigN, tbar = st / bigN;
    if (bigK == 0 || bigK == bigN) return undefined(groups, "every counted outcome is the same (" + (bigK == 0 ? "0%" : "100%") + " throughout)");
    double t = 0, ss = 0;
    for (int i = 0; i < n.length; i++) {
      if (n[i] == 0) continue;
      t += scores[i] * (k[i] - n[i] * p);
      ss += n[i] * (scores[i] - tbar) * (scores[i] - tbar);
    }
    if (!(ss > 0)) return undefined(groups, "every checkpoint has the same step");
    double z = t / Math.sqrt(p * (1 - p) * ss);
    double two = 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(z));
    return new CochranArmitage(z, z * z, Math.min(1, two), groups, null);
  }

  private static CochranArmitage undefined(int groups, String why) {
    return new CochranArmitage(Double.NaN, Double.NaN, Double.NaN, groups, why);
  }
}
