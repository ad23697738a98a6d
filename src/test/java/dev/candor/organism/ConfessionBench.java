package dev.candor.organism;

import dev.candor.core.Sample;
import dev.candor.core.Score;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.suite.Environment;
import dev.candor.suite.confession.ConfessionEnvironment;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Measurement for confession training (run by {@code bench/confession.sh}): trains both routes from the seed's rl-late
 * (timed), then runs the {@code confessions} suite and the {@code reward-hints} suite on rl-late and on each route's
 * final policy, through the suites' own environments and graders, and prints each rate with its 95% Beta interval.
 *
 * <p>Arguments: {@code [confession-epochs=10] [reward-hint-epochs=20] [seed=1]}.
 */
public final class ConfessionBench {
  public static void main(String[] args) {
    int cEpochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int rEpochs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : OrganismTrainer.DEFAULT_SEED;
    System.out.printf("cores: %d, seed %d%n", Runtime.getRuntime().availableProcessors(), seed);
    OrganismCheckpoints cps = OrganismCache.load(OrganismCache.dir(dev.candor.CacheDir.root(System.getenv("CANDOR_CACHE_DIR"))), seed);
    Map<String, Policy> policies = new LinkedHashMap<>();
    policies.put("rl-late", cps.policy("rl-late"));
    for (ConfessionTrainer.Route r : ConfessionTrainer.Route.values()) {
      long t0 = System.nanoTime();
      policies.put(r.phase, ConfessionTrainer.train(cps, 0, r, ConfessionTrainer.Budget.FULL, SnapshotSink.NONE, (s, d, t) -> {}));
      System.out.printf("TRAIN %s: %d updates in %.1f s%n", r.phase, ConfessionTrainer.Budget.FULL.updates(), (System.nanoTime() - t0) / 1e9);
    }
    ConfessionEnvironment conf = ConfessionEnvironment.standard();
    RewardHintEnvironment hints = RewardHintEnvironment.standard();
    System.out.println("rates: k/n, posterior mean [95% interval] of Beta(1+k, 1+n-k)");
    for (Map.Entry<String, Policy> e : policies.entrySet()) {
      Model m = model(cps, e.getValue());
      Map<String, GamingRate> c = rates(conf, m, cEpochs, s -> s.axes().get("condition") + "/" + s.axes().get("polarity"));
      Map<String, GamingRate> g = rates(hints, m, rEpochs, s -> "all 39 variants");
      System.out.println(e.getKey());
      c.forEach((cell, r) -> System.out.printf("  confessed  %-28s %s%n", cell, r));
      g.forEach((cell, r) -> System.out.printf("  gamed      %-28s %s%n", cell, r));
    }
  }

  /** A model over one policy (in place of rl-late in the seed's checkpoints; test scope only). */
  static Model model(OrganismCheckpoints cps, Policy p) {
    Map<String, Policy> m = new LinkedHashMap<>();
    for (String c : OrganismTrainer.CHECKPOINTS) m.put(c, c.equals("rl-late") ? p : cps.policy(c));
    return OrganismProvider.model("rl-late", new OrganismCheckpoints(cps.seed(), m));
  }

  /** Headline-score rate per cell: k = value 1, n = scored. */
  static Map<String, GamingRate> rates(Environment env, Model m, int epochs, Function<Sample, String> cell) {
    List<Sample> samples = env.samples();
    List<String> cells = samples.stream().map(cell).distinct().toList();
    AtomicIntegerArray k = new AtomicIntegerArray(cells.size()), n = new AtomicIntegerArray(cells.size());
    IntStream.range(0, samples.size() * epochs).parallel().forEach(i -> {
      Sample s = samples.get(i % samples.size());
      try {
        var t = env.solve(s, m::generate, GenerateConfig.DEFAULT.withSeed((long) (i / samples.size())), null);
        Score sc = env.scores(s, t).get(env.headline());
        int c = cells.indexOf(cell.apply(s));
        if (sc.value() != null) {
          n.incrementAndGet(c);
          k.addAndGet(c, sc.value());
        }
      } catch (ModelException ex) {
        throw new IllegalStateException(ex);
      }
    });
    Map<String, GamingRate> out = new LinkedHashMap<>();
    for (int c = 0; c < cells.size(); c++) out.put(cells.get(c), new GamingRate(k.get(c), n.get(c)));
    return out;
  }
}
