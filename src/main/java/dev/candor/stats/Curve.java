package dev.candor.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * A rate against training step over an ordered series of checkpoints, with what {@code candor curve} reports of it:
 * each checkpoint's rate with its 95% interval, the {@link CochranArmitage} test for trend (scores = steps), the
 * {@link LogisticTrend} slope per {@code unit} steps, the {@link Plateau} and the {@link PhaseAttribution}.
 *
 * <p>Each checkpoint gives a list of cells. Its rate is the unweighted mean of the counted cells' rates (e.g. over a
 * suite's variants or evaluation families, as {@code show} averages them): with one cell, the cell's posterior mean
 * and Beta 2.5–97.5% interval; with several, {@link MeanRate} by Monte Carlo ({@link PhaseAttribution#DEFAULT_DRAWS} draws; the mean is exact). The trend test, the logistic slope and
 * the plateau's Fisher tests use the counts pooled over the cells (Σk of Σn), which weighs cells by their n; with equal
 * n per cell the two agree closely, with very unequal n read the tests as being about the pooled rate. A checkpoint
 * with no counted outcome has NaN for its rate and takes no part in the tests.
 */
public record Curve(String name, List<Point> points, CochranArmitage trend, LogisticTrend slope, Plateau plateau,
                    PhaseAttribution phases) {

  /** One checkpoint: step, phase ("" when unknown), pooled k of n, rate (posterior mean) with its 95% interval, cells averaged. */
  public record Point(long step, String phase, int k, int n, double mean, double lo, double hi, int cells) {}

  public Curve {
    points = List.copyOf(points);
  }

  /** Phase boundaries: the index of each checkpoint whose phase differs from the one before it. */
  public List<Integer> boundaries() {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i < points.size(); i++) if (!points.get(i).phase().equals(points.get(i - 1).phase())) out.add(i);
    return out;
  }

  /** Same inputs and seed give the same curve. At least two checkpoints. */
  public static Curve of(String name, List<Long> steps, List<String> phases, List<List<Tally>> cells, long seed) {
    if (steps.size() != cells.size() || phases.size() != cells.size())
      throw new IllegalArgumentException("curve '" + name + "': one step, phase and cell list per checkpoint expected");
    if (cells.size() < 2) throw new IllegalArgumentException("curve '" + name + "': at least two checkpoints are needed, got " + cells.size());
    int m = cells.size();
    double[] x = new double[m];
    int[] k = new int[m], n = new int[m];
    List<Point> points = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      List<Tally> counted = cells.get(i).stream().filter(t -> t.n() > 0).toList();
      Tally pooled = Tally.merge("", null, cells.get(i));
      x[i] = steps.get(i);
      k[i] = pooled.k();
      n[i] = pooled.n();
      double mean, lo, hi;
      if (counted.isEmpty()) {
        mean = lo = hi = Double.NaN;
      } else if (counted.size() == 1) {
        RateEstimate e = RateEstimate.of(counted.getFirst());
        mean = e.mean();
        lo = e.lo();
        hi = e.hi();
      } else {
        MeanRate r = MeanRate.of(counted, seed + i, PhaseAttribution.DEFAULT_DRAWS);
        mean = r.analyticMean();
        lo = r.lo();
        hi = r.hi();
      }
      points.add(new Point(steps.get(i), phases.get(i) == null ? "" : phases.get(i), k[i], n[i], mean, lo, hi, counted.size()));
    }
    return new Curve(name, points, CochranArmitage.test(x, k, n), LogisticTrend.fit(x, k, n, LogisticTrend.unitFor(x)),
        Plateau.of(cells, seed + m + 1), PhaseAttribution.of(cells, phases, seed + m + 2));
  }
}
