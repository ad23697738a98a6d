package dev.candor.stats;

/**
 * Cohen's kappa between two raters over the same items, from their k×k table of counts ({@code table[i][j]}: items
 * rater A put in class i and rater B in class j): κ = (p_o − p_e) / (1 − p_e), p_o the observed agreement and p_e the
 * agreement expected by chance from the two raters' margins. The 95% interval is κ ± 1.96·SE, clipped to [−1, 1], with
 * SE the large-sample standard error of Fleiss, Cohen and Everitt (1969) (not the one under the null hypothesis κ = 0):
 * an approximation that needs many items. It is 0 where κ cannot vary with the margins held (perfect agreement, or a
 * rater that used one class only, where κ is 0 whatever the other did): {@link #describe()} then shows no interval.
 *
 * <p>κ is undefined ({@link #defined()} false; {@code kappa}, {@code lo}, {@code hi} null, never NaN) when there are no
 * items or chance agreement is 1: both raters put every item in the same single class.
 *
 * @param n        items
 * @param observed p_o (null with no items)
 * @param expected p_e (null with no items)
 */
public record Kappa(long n, Double observed, Double expected, Double kappa, Double se, Double lo, Double hi) {
  private static final double Z = 1.959963984540054;

  public boolean defined() { return kappa != null; }

  /** Kappa of a 2×2 table of binary verdicts: {@code [[both 0, A 0 B 1], [A 1 B 0, both 1]]}. */
  public static Kappa binary(long bothNo, long onlyB, long onlyA, long bothYes) {
    return of(new long[][] {{bothNo, onlyB}, {onlyA, bothYes}});
  }

  /** Kappa of a square table of counts (rows: rater A's classes; columns: rater B's, in the same order). */
  public static Kappa of(long[][] table) {
    int k = table.length;
    long n = 0;
    for (long[] row : table) {
      if (row.length != k) throw new IllegalArgumentException("kappa: expected a square table, got a row of " + row.length + " in " + k);
      for (long c : row) {
        if (c < 0) throw new IllegalArgumentException("kappa: counts must be >= 0, got " + c);
        n += c;
      }
    }
    if (n == 0) return new Kappa(0, null, null, null, null, null, null);
    double[] rowP = new double[k], colP = new double[k];
    double po = 0;
    for (int i = 0; i < k; i++)
      for (int j = 0; j < k; j++) {
        double p = (double) table[i][j] / n;
        rowP[i] += p;
        colP[j] += p;
        if (i == j) po += p;
      }
    double pe = 0;
    for (int i = 0; i < k; i++) pe += rowP[i] * colP[i];
    if (1 - pe < 1e-12) return new Kappa(n, po, pe, null, null, null, null);
    double kappa = (po - pe) / (1 - pe);
    double a = 0, b = 0;
    for (int i = 0; i < k; i++)
      for (int j = 0; j < k; j++) {
        double p = (double) table[i][j] / n;
        if (i == j) a += p * Math.pow(1 - (rowP[i] + colP[i]) * (1 - kappa), 2);
        else b += p * Math.pow(colP[i] + rowP[j], 2);
      }
    double c = Math.pow(kappa - pe * (1 - kappa), 2);
    double variance = (a + Math.pow(1 - kappa, 2) * b - c) / (Math.pow(1 - pe, 2) * n);
    double se = Math.sqrt(Math.max(0, variance)); // rounding can leave -1e-17 where the variance is 0
    return new Kappa(n, po, pe, kappa, se, Math.max(-1, kappa - Z * se), Math.min(1, kappa + Z * se));
  }

  /** {@code κ 0.40 [0.15, 0.65]}, or {@code κ undefined} with the reason. */
  public String describe() {
    if (n == 0) return "κ undefined (no item scored by both)";
    if (!defined()) return "κ undefined (both gave every item the same class)";
    if (se < 1e-9) return "κ " + two(kappa) + " (no interval: its large-sample SE is 0)";
    return "κ " + two(kappa) + " [" + two(lo) + ", " + two(hi) + "]";
  }

  /** Two decimals, never "-0.00". */
  static String two(double x) {
    return String.format(java.util.Locale.ROOT, "%.2f", Math.round(x * 100) / 100.0 + 0.0);
  }
}
