package dev.candor.organism;

import java.util.List;

/**
 * The organism's training routes, each a series of snapshots ({@link OrganismSnapshots}): {@code main} (sft, rl,
 * prod, rl-resumed; holds the four named checkpoints), {@code deliberative} (deliberative alignment from rl-late), and
 * {@code confession} / {@code confession-unmasked} (confession training from rl-late, with and without the earlier
 * turn masked out of the loss).
 * A route trains from the seed alone or from another route's snapshot, and hands its snapshots to a sink in step
 * order, each phase labelled and steps counted in {@link OrganismTrainer#EPISODES_PER_STEP} episodes. Register a
 * route by adding a line to {@link #ALL}; give its RL phases their own {@code stage} numbers (main uses 1-3,
 * deliberative 4-5) so their random streams differ.
 */
final class OrganismRoutes {
  private OrganismRoutes() {}

  /** Trains a route from a seed; {@code snapshots} gives other routes' snapshots (trained first if needed). */
  @FunctionalInterface
  interface Trainer {
    void train(long seed, Snapshots snapshots, SnapshotSink sink, OrganismTrainer.Progress progress);
  }

  /** Another route's snapshot, by route and step: shared with every model of it, so train on a {@link Policy#copy}. */
  @FunctionalInterface
  interface Snapshots {
    Policy policy(String route, long step);
  }

  record Route(String name, Trainer trainer) {}

  static final List<Route> ALL = List.of(
      new Route("main", (seed, snaps, sink, progress) ->
          OrganismTrainer.main(seed, OrganismTrainer.Budget.FULL, true, sink, progress)),
      new Route("deliberative", (seed, snaps, sink, progress) -> {
        long from = OrganismTrainer.Budget.FULL.step("rl-late");
        Deliberative.train(snaps.policy("main", from), from, seed, OrganismTrainer.Budget.FULL, sink, progress);
      }),
      confession(ConfessionTrainer.Route.MASKED),
      confession(ConfessionTrainer.Route.UNMASKED));

  /** Confession training from rl-late ({@link ConfessionTrainer}); the route is named after its phase. */
  private static Route confession(ConfessionTrainer.Route r) {
    return new Route(r.phase, (seed, snaps, sink, progress) -> {
      long from = OrganismTrainer.Budget.FULL.step("rl-late");
      ConfessionTrainer.train(snaps.policy("main", from), seed, from, r, ConfessionTrainer.Budget.FULL, sink, progress);
    });
  }

}
