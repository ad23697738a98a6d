package dev.candor.stats;

/**
 * Holm's step-down adjustment of p-values for multiple comparisons (Holm 1979), controlling the family-wise error
 * rate: sort the m p-values ascending, multiply the i-th smallest (0-based) by (m − i), take the running maximum and
 * cap at 1. NaN entries (no test possible) stay NaN and do not count toward m.
 */
public final class Holm {
  private Holm() {}

  /** Adjusted p-values, in the order of the input. */
  public static double[] adjust(double[] p) {
    int m = 0;
    for (double v : p) {
      if (Double.isNaN(v)) continue;
      if (v < 0 || v > 1) throw new IllegalArgumentException("Holm: p-values must be in [0, 1], got " + v);
      m++;
    }
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> {
      boolean na = Double.isNaN(p[a]), nb = Double.isNaN(p[b]);
      if (na || nb) return Boolean.compare(na, nb);
      return Double.compare(p[a], p[b]);
    });
    double[] out = new double[p.length];
    double running = 0;
    for (int r = 0; r < p.length; r++) {
      int i = order[r];
      if (Double.isNaN(p[i])) { out[i] = Double.NaN; continue; }
      running = Math.max(running, Math.min(1.0, (m - r) * p[i]));
      out[i] = running;
    }
    return out;
  }
}
