package dev.candor.stats;

import java.util.List;

/**
 * Where a curve stops changing, by this criterion: each checkpoint before the last is compared with the last by
 * Fisher's exact test on its counts (pooled over its cells), the p-values Holm-adjusted together; the plateau starts
 * at the earliest checkpoint after which no checkpoint differs from the last at {@code alpha} (after the last one that
 * does; the first checkpoint when none does). {@code tail} is the change in rate from the plateau's start to the last
 * checkpoint, difference of posterior means with its Monte Carlo 95% interval (rates as in {@link PhaseAttribution}).
 * {@code reached} is false when the checkpoint just before the last already differs from it: the curve is still moving
 * at the end.
 *
 * <p>What it can show: that later checkpoints are indistinguishable from the last at this sample size. What it
 * cannot: that the rate stopped changing. Not significant is not equal, small samples find a "plateau" early, and a
 * slow drift smaller than the tests resolve goes unseen; read the tail change's interval for how large a change
 * remains possible. It also says nothing of checkpoints after the last one measured.
 */
public record Plateau(int start, boolean reached, double[] p, double[] pHolm, PhaseAttribution.Change tail, double alpha) {

  public static final double ALPHA = 0.05;

  /** {@link #of(List, double, long, int)} at {@value #ALPHA} with {@link PhaseAttribution#DEFAULT_DRAWS} draws. */
  public static Plateau of(List<List<Tally>> cells, long seed) {
    return of(cells, ALPHA, seed, PhaseAttribution.DEFAULT_DRAWS);
  }

  public static Plateau of(List<List<Tally>> cells, double alpha, long seed, int draws) {
    if (cells.size() < 2) throw new IllegalArgumentException("plateau: at least two checkpoints are needed, got " + cells.size());
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("plateau: alpha must be in (0, 1), got " + alpha);
    MonteCarlo.checkDraws(draws);
    int last = cells.size() - 1;
    Tally end = Tally.merge("last", null, cells.get(last));
    double[] p = new double[last];
    for (int j = 0; j < last; j++) {
      Tally t = Tally.merge("", null, cells.get(j));
      p[j] = Comparison.fisherP(t.k(), t.n(), end.k(), end.n());
    }
    double[] holm = Holm.adjust(p);
    int start = 0;
    for (int j = 0; j < last; j++) if (holm[j] < alpha) start = j + 1;
    var rng = MonteCarlo.rng(seed);
    double[] a = MonteCarlo.meanDraws(cells.get(start), rng, draws), b = MonteCarlo.meanDraws(cells.get(last), rng, draws);
    double[] d = new double[draws];
    for (int j = 0; j < draws; j++) d[j] = b[j] - a[j];
    double[] q = MonteCarlo.summarise(d);
    var tail = new PhaseAttribution.Change(PhaseAttribution.posteriorMean(cells.get(last)) - PhaseAttribution.posteriorMean(cells.get(start)), q[1], q[2]);
    return new Plateau(start, start < last, p, holm, tail, alpha);
  }
}
