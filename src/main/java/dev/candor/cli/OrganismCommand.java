package dev.candor.cli;

import dev.candor.organism.OrganismCache;
import dev.candor.organism.OrganismCheckpoints;
import dev.candor.organism.OrganismSnapshots;
import dev.candor.organism.OrganismTrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "organism", mixinStandardHelpOptions = true,
    description = {"The built-in model organism: a small learned policy with four training checkpoints (organism/sft, rl-early, rl-late, prod)",
        "and snapshots of its training routes (organism/ROUTE@STEP)."},
    subcommands = {OrganismCommand.Train.class, OrganismCommand.Snapshots.class})
final class OrganismCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.err);
  }

  /**
   * Trains (once) the checkpoints the environment's seed names, with progress on {@code err}: the stream the calling
   * command writes to, fixed for this call (not whatever {@code System.err} is when a line is printed).
   */
  static OrganismCheckpoints ensureTrained(EnvVars env, PrintStream err) {
    long seed = env.organismSeed();
    Path dir = OrganismCache.dir(env.cacheDir());
    if (OrganismCache.isCached(dir, seed) || new OrganismSnapshots(dir, seed, progress(err)).isTrained("main"))
      return OrganismCache.load(dir, seed); // the four are the main route's snapshots at their steps
    err.println("candor: training the model organism from seed " + seed + " (first use; cached in " + dir + ")");
    return OrganismCache.load(dir, seed, progress(err));
  }

  static OrganismTrainer.Progress progress(PrintStream err) {
    String[] last = {""};
    long[] lastPrint = {0};
    return (stage, done, total) -> {
      long now = System.currentTimeMillis();
      if (!stage.equals(last[0]) || done == total || now - lastPrint[0] > 2000) {
        err.printf("candor: organism %-9s %5d/%d%n", stage, done, total);
        last[0] = stage;
        lastPrint[0] = now;
      }
    };
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Trains the four checkpoints from a seed and caches them ($CANDOR_CACHE_DIR/organism or ~/.cache/candor/organism).",
          "The same seed gives bit-identical weights on any machine; the SHA-256 of each checkpoint is printed.",
          "Use another seed in runs with CANDOR_ORGANISM_SEED=S."})
  static final class Train implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--force", description = "Train again even if cached.") boolean force;
    @Option(names = "--snapshots", description = "Also train every route's snapshots (organism/ROUTE@STEP) and list them.") boolean snapshots;

    @Override
    public Integer call() {
      Path dir = OrganismCache.dir(EnvVars.system().cacheDir());
      long t0 = System.nanoTime();
      OrganismCheckpoints c = force || !OrganismCache.isCached(dir, seed) ? OrganismCache.train(dir, seed, progress(System.err)) : OrganismCache.load(dir, seed);
      System.err.printf("candor: organism seed %d ready in %.1f s (%s)%n", seed, (System.nanoTime() - t0) / 1e9, OrganismCache.file(dir, seed));
      for (String name : c.names()) System.out.println("organism/" + name + "  sha256 " + c.sha256(name));
      if (snapshots) {
        OrganismSnapshots store = new OrganismSnapshots(dir, seed, progress(System.err));
        for (String route : store.routes()) {
          long t1 = System.nanoTime();
          List<OrganismSnapshots.Snapshot> list = force || !store.isTrained(route) ? store.train(route) : store.list(route);
          System.err.printf("candor: organism route %s ready in %.1f s%n", route, (System.nanoTime() - t1) / 1e9);
          print(list);
        }
      }
      return 0;
    }
  }

  static void print(List<OrganismSnapshots.Snapshot> list) {
    for (OrganismSnapshots.Snapshot s : list)
      System.out.printf("%-28s %-17s sha256 %s%n", s.model(), s.phase(), s.sha256());
  }

  @Command(name = "snapshots", mixinStandardHelpOptions = true,
      description = {"Lists the snapshots of the organism's training routes (models organism/ROUTE@STEP) with step, phase and",
          "weights SHA-256, training a route first if it is not cached. Steps count training episodes in units of 48",
          "(one RL update, or 48 SFT demonstrations)."})
  static final class Snapshots implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default ${DEFAULT-VALUE}).") long seed;
    @picocli.CommandLine.Parameters(arity = "0..*", paramLabel = "ROUTE", description = "Routes to list (default: all).") List<String> routes;

    @Override
    public Integer call() {
      OrganismSnapshots store = new OrganismSnapshots(OrganismCache.dir(EnvVars.system().cacheDir()), seed, progress(System.err));
      List<String> names = routes == null || routes.isEmpty() ? store.routes() : routes;
      for (String r : names)
        if (!store.routes().contains(r))
          throw new IllegalArgumentException("ROUTE: unknown organism route '" + r + "'; expected one of " + String.join(", ", store.routes()));
      for (String r : names) print(store.list(r));
      return 0;
    }
  }
}
