package dev.candor.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * How much of a curve's change happened in each training phase. The checkpoints are in step order, each labelled
 * with its phase; a phase is a run of consecutive checkpoints with one label. A phase's change is the rate at its
 * last checkpoint minus the rate at the checkpoint before it (the previous phase's last; for the first phase, its own
 * first checkpoint, so a first phase of one checkpoint changes by 0). The phases' changes add up to the total change,
 * last checkpoint minus first. Each checkpoint's rate is the unweighted mean of its cells' rates (one cell: the cell's
 * rate), and everything is computed by Monte Carlo over the cells' Beta(1+k, 1+n−k) posteriors, drawn independently per
 * checkpoint: each draw gives every checkpoint a rate, hence every phase a change and a share (change / total change);
 * reported are the difference of posterior means with the draws' 2.5%/97.5% quantiles, and for the share the ratio of
 * the mean change to the mean total with the quantiles of the per-draw ratio. The share is undefined (NaN) when the
 * total change's interval includes 0: a share of a change that may be nothing has no meaning.
 */
public record PhaseAttribution(List<Phase> phases, Change total, boolean sharesDefined, int draws, long seed) {
  public static final int DEFAULT_DRAWS = 20_000;

  /** A change in rate: difference of posterior means and its Monte Carlo 95% interval. */
  public record Change(double mean, double lo, double hi) {
    /** Whether the interval excludes 0. */
    public boolean excludesZero() { return lo > 0 || hi < 0; }
  }

  /**
   * One phase: its name, the index of the checkpoint its change is measured from ({@code from}: the previous phase's
   * last, or its own first) and of its last checkpoint ({@code to}), its change and its share of the total change
   * (NaN when undefined).
   */
  public record Phase(String name, int from, int to, Change change, double share, double shareLo, double shareHi) {}

  /** {@link #of(List, List, long, int)} with {@value #DEFAULT_DRAWS} draws. */
  public static PhaseAttribution of(List<List<Tally>> cells, List<String> phases, long seed) {
    return of(cells, phases, seed, DEFAULT_DRAWS);
  }

  /**
   * @param cells per checkpoint, the cells its rate averages
   * @param phases per checkpoint, its phase label; a label may not come back after another one
   */
  public static PhaseAttribution of(List<List<Tally>> cells, List<String> phases, long seed, int draws) {
    if (cells.size() != phases.size()) throw new IllegalArgumentException("phase attribution: one phase label per checkpoint expected");
    if (cells.size() < 2) throw new IllegalArgumentException("phase attribution: at least two checkpoints are needed, got " + cells.size());
    MonteCarlo.checkDraws(draws);
    List<int[]> segments = segments(phases);
    var rng = MonteCarlo.rng(seed);
    double[][] rate = new double[cells.size()][];
    double[] mean = new double[cells.size()];
    for (int i = 0; i < cells.size(); i++) {
      rate[i] = MonteCarlo.meanDraws(cells.get(i), rng, draws);
      mean[i] = posteriorMean(cells.get(i));
    }
    int last = cells.size() - 1;
    double[] totalDraws = diff(rate[last], rate[0]);
    Change total = change(mean[last] - mean[0], totalDraws.clone());
    boolean defined = total.excludesZero();
    List<Phase> out = new ArrayList<>();
    for (int s = 0; s < segments.size(); s++) {
      int from = s == 0 ? segments.get(0)[0] : segments.get(s - 1)[1], to = segments.get(s)[1];
      double[] d = diff(rate[to], rate[from]);
      Change c = change(mean[to] - mean[from], d.clone());
      double share = Double.NaN, lo = Double.NaN, hi = Double.NaN;
      if (defined) {
        double[] ratio = new double[draws];
        for (int j = 0; j < draws; j++) ratio[j] = d[j] / totalDraws[j];
        double[] q = MonteCarlo.summarise(ratio);
        share = c.mean() / total.mean();
        lo = q[1];
        hi = q[2];
      }
      out.add(new Phase(phases.get(to), from, to, c, share, lo, hi));
    }
    return new PhaseAttribution(List.copyOf(out), total, defined, draws, seed);
  }

  /** The [first, last] checkpoint index of each run of equal labels; a label that comes back is refused. */
  static List<int[]> segments(List<String> phases) {
    List<int[]> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < phases.size(); i++) {
      String p = phases.get(i) == null ? "" : phases.get(i);
      if (i > 0 && p.equals(phases.get(i - 1) == null ? "" : phases.get(i - 1))) {
        out.getLast()[1] = i;
        continue;
      }
      if (!seen.add(p))
        throw new IllegalArgumentException("phase '" + p + "' comes back after another phase; give each stage of training its own phase name");
      out.add(new int[] {i, i});
    }
    return out;
  }

  /** The exact mean of the unweighted mean of the counted cells' posterior means (the prior's 0.5 when none counted). */
  static double posteriorMean(List<Tally> cells) {
    double sum = 0;
    int m = 0;
    for (Tally t : cells)
      if (t.n() > 0) {
        sum += RateEstimate.posterior(t.k(), t.n()).getMean();
        m++;
      }
    return m == 0 ? 0.5 : sum / m;
  }

  private static double[] diff(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int j = 0; j < a.length; j++) out[j] = a[j] - b[j];
    return out;
  }

  private static Change change(double mean, double[] draws) {
    double[] q = MonteCarlo.summarise(draws);
    return new Change(mean, q[1], q[2]);
  }
}
