package dev.candor.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * The suite average of an agentic suite as the anti-scheming paper computes it (RESEARCH.md §1): the unit is the
 * evaluation family, not the scenario. Each family's rate pools the trajectories of its scenarios' pressure settings
 * (k and n summed), with its Beta(1+k, 1+n−k) posterior; the suite average is the unweighted mean over families by
 * Monte Carlo over those posteriors ({@link MeanRate}). Beside it:
 * <ul>
 *   <li>the counterfactual settings (threat off, nudge off, oversight on) pooled the same way, per family and averaged;</li>
 *   <li>the difference pressure − counterfactual per family and averaged over the families that have both arms, by
 *       Monte Carlo over the same Beta posteriors (independent draws of the two arms);</li>
 *   <li>an interval of the pressure average that includes between-scenario variation, by a bootstrap over scenarios
 *       within families: each replicate resamples the scenarios of every family with replacement, pools the drawn
 *       scenarios' counts, draws the family's rate from the Beta posterior of the pooled counts (the Bayesian
 *       counterpart of resampling trajectories within scenarios, on the same scale as the headline) and averages the
 *       families; the 2.5%/97.5% quantiles of the replicates. When a family's scenarios agree it reduces to the Monte
 *       Carlo interval; when they differ it widens. With the two to four scenarios a family has it still understates
 *       that variation (a family with one scenario has none), so read it as a lower bound, not an exact interval.</li>
 * </ul>
 * Families with no counted pressure trajectory are left out of the pressure average (and of the bootstrap), families
 * with no counted counterfactual trajectory out of the counterfactual average and the difference. Same input and seed
 * give the same result; the three Monte Carlo averages and the bootstrap each use their own stream from {@code seed}.
 */
public record FamilyAverage(List<Family> families, MeanRate pressure, MeanRate counterfactual, Difference difference,
                            Bootstrap bootstrap) {

  public static final int DEFAULT_REPLICATES = 4_000;

  /** The counted outcomes of one scenario: its family, its id, and its pressure and counterfactual trajectories. */
  public record ScenarioCounts(String family, String scenario, Tally pressure, Tally counterfactual) {}

  /**
   * One family: how many scenarios it pooled, its pressure and counterfactual rates, and pressure − counterfactual
   * (difference of posterior means) with its Monte Carlo 95% interval; NaN when either arm has no counted trajectory.
   */
  public record Family(String name, int scenarios, RateEstimate pressure, RateEstimate counterfactual, double diff,
                       double diffLo, double diffHi) {}

  /** The unweighted mean over {@code families} families of pressure − counterfactual, with its 95% interval. */
  public record Difference(double mean, double lo, double hi, int families, int draws, long seed) {}

  /** The bootstrap over scenarios within families: the mean of the replicates and their 2.5%/97.5% quantiles. */
  public record Bootstrap(double mean, double lo, double hi, int families, int replicates, long seed) {}

  /** {@link #of(List, long, int, int)} with {@link MeanRate#DEFAULT_DRAWS} draws and {@value #DEFAULT_REPLICATES} replicates. */
  public static FamilyAverage of(List<ScenarioCounts> scenarios, long seed) {
    return of(scenarios, seed, MeanRate.DEFAULT_DRAWS, DEFAULT_REPLICATES);
  }

  public static FamilyAverage of(List<ScenarioCounts> scenarios, long seed, int draws, int replicates) {
    if (scenarios.isEmpty()) throw new IllegalArgumentException("family average: no scenarios");
    MonteCarlo.checkDraws(draws);
    MonteCarlo.checkDraws(replicates);
    Map<String, List<ScenarioCounts>> byFamily = new LinkedHashMap<>();
    for (ScenarioCounts s : scenarios) byFamily.computeIfAbsent(s.family(), f -> new ArrayList<>()).add(s);
    List<Tally> pressure = new ArrayList<>(), counterfactual = new ArrayList<>();
    List<Tally[]> both = new ArrayList<>();
    List<Family> families = new ArrayList<>();
    var rng = MonteCarlo.rng(seed + 3);
    byFamily.forEach((name, list) -> {
      Tally p = Tally.merge(name, Map.of(), list.stream().map(ScenarioCounts::pressure).toList());
      Tally c = Tally.merge(name, Map.of(), list.stream().map(ScenarioCounts::counterfactual).toList());
      if (p.n() > 0) pressure.add(p);
      if (c.n() > 0) counterfactual.add(c);
      RateEstimate ep = RateEstimate.of(p), ec = RateEstimate.of(c);
      double[] d = {Double.NaN, Double.NaN, Double.NaN};
      if (p.n() > 0 && c.n() > 0) {
        both.add(new Tally[] {p, c});
        d = differenceOfMeans(List.<Tally[]>of(new Tally[] {p, c}), rng, draws);
        d[0] = ep.mean() - ec.mean();
      }
      families.add(new Family(name, list.size(), ep, ec, d[0], d[1], d[2]));
    });
    MeanRate mp = pressure.isEmpty() ? null : MeanRate.of(pressure, seed, draws);
    MeanRate mc = counterfactual.isEmpty() ? null : MeanRate.of(counterfactual, seed + 1, draws);
    Difference diff = null;
    if (!both.isEmpty()) {
      double[] d = differenceOfMeans(both, MonteCarlo.rng(seed + 2), draws);
      diff = new Difference(d[0], d[1], d[2], both.size(), draws, seed + 2);
    }
    Bootstrap boot = pressure.isEmpty() ? null : bootstrap(byFamily, seed + 4, replicates);
    return new FamilyAverage(List.copyOf(families), mp, mc, diff, boot);
  }

  /** Monte Carlo mean and 95% quantiles of the unweighted mean over pairs of (first − second) posterior draws. */
  private static double[] differenceOfMeans(List<Tally[]> pairs, UniformRandomProvider rng, int draws) {
    List<ContinuousDistribution.Sampler[]> samplers = new ArrayList<>();
    for (Tally[] p : pairs) samplers.add(new ContinuousDistribution.Sampler[] {MonteCarlo.sampler(p[0], rng), MonteCarlo.sampler(p[1], rng)});
    double[] out = new double[draws];
    for (int d = 0; d < draws; d++) {
      double sum = 0;
      for (ContinuousDistribution.Sampler[] s : samplers) sum += s[0].sample() - s[1].sample();
      out[d] = sum / samplers.size();
    }
    return MonteCarlo.summarise(out);
  }

  /** The scenario-within-family bootstrap of the pressure average (see the class comment). */
  private static Bootstrap bootstrap(Map<String, List<ScenarioCounts>> byFamily, long seed, int replicates) {
    UniformRandomProvider rng = MonteCarlo.rng(seed);
    List<Tally[]> families = new ArrayList<>();
    for (List<ScenarioCounts> list : byFamily.values()) {
      Tally[] counted = list.stream().map(ScenarioCounts::pressure).filter(t -> t.n() > 0).toArray(Tally[]::new);
      if (counted.length > 0) families.add(counted);
    }
    double[] averages = new double[replicates];
    for (int r = 0; r < replicates; r++) {
      double sum = 0;
      for (Tally[] scenarios : families) {
        int k = 0, n = 0;
        for (int j = 0; j < scenarios.length; j++) {
          Tally pick = scenarios[rng.nextInt(scenarios.length)];
          k += pick.k();
          n += pick.n();
        }
        sum += MonteCarlo.sampler(Tally.of("", null, n, k), rng).sample();
      }
      averages[r] = sum / families.size();
    }
    double[] s = MonteCarlo.summarise(averages);
    return new Bootstrap(s[0], s[1], s[2], families.size(), replicates, seed);
  }
}
