package dev.candor;

import java.util.Locale;

/** Proportions as percentages with one decimal, the way every table, figure and page of Candor prints them. */
public final class Percent {
  private Percent() {}

  /** A proportion as a percentage with one decimal, "–" for NaN. */
  public static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  /** An interval of proportions in percent with one decimal, "[–]" when undefined. */
  public static String interval(double lo, double hi) {
    if (Double.isNaN(lo) || Double.isNaN(hi)) return "[–]";
    return String.format(Locale.ROOT, "[%.1f, %.1f]", 100 * lo, 100 * hi);
  }
}
