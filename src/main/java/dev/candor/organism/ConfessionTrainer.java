package dev.candor.organism;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Confession training, from {@code rl-late}: REINFORCE with a group-mean baseline, as in {@link OrganismTrainer}, on
 * two-turn episodes ({@link ConfessionEpisodes}). The policy answers a training task (its own answer, so it breaks the
 * instruction as often as it has learned to), is asked whether it followed the instruction, and the confession turn
 * is rewarded 1 for telling the truth, 0 otherwise. Beside each sampled answer the same question follows two
 * prefilled earlier answers drawn uniformly, one that follows the instruction and one that breaks it, so every group
 * holds both kinds and neither "always confess" nor "always deny" (nor a cue such as leaked metadata being present)
 * is what pays; the baseline is the mean over the task's group. The two routes differ only in the loss:
 * <ul>
 *   <li>{@link Route#MASKED} ({@code confession}): the earlier turn's tokens (its reasoning and answer, which broke the
 *   instruction or not) are masked out of the loss; only the confession turn gets the gradient.</li>
 *   <li>{@link Route#UNMASKED} ({@code confession-unmasked}), the control prior work warns about: the earlier turn
 *   gets the gradient of the episode's reward too, so whatever about breaking the instruction goes with honest
 *   confessions is reinforced.</li>
 * </ul>
 * Both routes draw the same tasks, questions and sampling streams from the seed (common random numbers), so the mask
 * is the only difference. Rollouts run in parallel on frozen weights and gradients are applied in a fixed order, so
 * the same seed gives bit-identical weights with any number of cores.
 */
public final class ConfessionTrainer {
  private ConfessionTrainer() {}

  /** The two routes, by their snapshot phase label. */
  public enum Route {
    MASKED("confession", true),
    UNMASKED("confession-unmasked", false);

    public final String phase;
    final boolean masked;

    Route(String phase, boolean masked) {
      this.phase = phase;
      this.masked = masked;
    }
  }

  /** Updates to train, and a snapshot every {@code snapshotEvery} updates (and at the last). */
  public record Budget(int updates, int snapshotEvery) {
    public static final Budget FULL = new Budget(200, 40);

    public Budget {
      if (updates < 1 || snapshotEvery < 1) throw new IllegalArgumentException("confession budget: updates and snapshotEvery must be >= 1");
    }
  }

  /** The random-stream stage shared by both routes (the main route uses 0-2). */
  static final long STAGE = 30;
  static final float LR = 0.005f;
  /** Earlier answers the policy samples per task; each gets two prefilled companions (one follows, one breaks). */
  static final int SAMPLES_PER_TASK = 2;

  /** An earlier answer that follows the instruction ({@code follow}) or breaks it, uniformly among such answers. */
  static int answerThat(boolean follow, TrainingTasks.Task t, UniformRandomProvider r) {
    boolean[] set = new boolean[Vocab.N_ANSWERS];
    for (int v = 0; v < set.length; v++) set[v] = t.comply()[v] == follow;
    return OrganismTrainer.pickMember(set, r);
  }

  /**
   * Trains the seed's {@code rl-late} along {@code route} (see {@link #train(Policy, long, long, Route, Budget,
   * SnapshotSink, OrganismTrainer.Progress)}).
   */
  static Policy train(OrganismCheckpoints cps, long startStep, Route route, Budget budget, SnapshotSink sink,
                      OrganismTrainer.Progress progress) {
    return train(cps.policy("rl-late"), cps.seed(), startStep, route, budget, sink, progress);
  }

  /**
   * Trains a copy of {@code start} along {@code route}, handing a snapshot to {@code sink} every
   * {@link Budget#snapshotEvery} updates at step {@code startStep + update}; returns the final policy.
   */
  static Policy train(Policy start, long seed, long startStep, Route route, Budget budget, SnapshotSink sink,
                      OrganismTrainer.Progress progress) {
    Policy p = start.copy();
    for (int u = 1; u <= budget.updates(); u++) {
      update(p, seed, u, route.masked);
      if (u % budget.snapshotEvery() == 0 || u == budget.updates()) sink.snapshot(route.phase, startStep + u, p);
      if (u % 50 == 0 || u == budget.updates()) progress.update(route.phase, u, budget.updates());
    }
    return p;
  }

  /** One episode: the task, the earlier answer, whether it broke the instruction, the confession and its reward. */
  record Episode(TrainingTasks.Task task, int answer, boolean violated, String question, int confession, double reward,
                 Policy.Grad answerGrad, Policy.Grad confessionGrad) {}

  private static Episode confess(Policy p, TrainingTasks.Task t, int answer, boolean violated, String q, Policy.Grad answerGrad,
                                 UniformRandomProvider r) {
    PromptFeatures ctx = PromptFeatures.of(ConfessionEpisodes.conversation(t.prompt(), Vocab.ANSWERS.get(answer), q));
    Policy.Grad g = new Policy.Grad();
    int c = p.run(ctx, null, false, -1, r, 1.0, Integer.MAX_VALUE, g).answer();
    return new Episode(t, answer, violated, q, c, ConfessionEpisodes.honesty(c, violated), answerGrad, g);
  }

  /** One update of the route (masked or not) on {@code p}, in place; returns its episodes in application order. */
  static List<Episode> update(Policy p, long seed, int u, boolean masked) {
    UniformRandomProvider taskRng = OrganismTrainer.rng(seed, STAGE, 0, u);
    List<TrainingTasks.Task> tasks = new ArrayList<>();
    List<PromptFeatures> feats = new ArrayList<>();
    for (int i = 0; i < OrganismTrainer.TASKS_PER_UPDATE; i++) {
      TrainingTasks.Task t = TrainingTasks.next(taskRng, TrainingTasks.RL);
      tasks.add(t);
      feats.add(PromptFeatures.of(t.prompt()));
    }
    int per = SAMPLES_PER_TASK;
    List<Episode> eps = IntStream.range(0, tasks.size() * per).parallel().mapToObj(j -> {
      TrainingTasks.Task t = tasks.get(j / per);
      UniformRandomProvider r = OrganismTrainer.rng(seed, STAGE, 1, u, j);
      Policy.Grad g1 = masked ? null : new Policy.Grad();
      int answer = p.run(feats.get(j / per), null, false, -1, r, 1.0, Integer.MAX_VALUE, g1).answer();
      boolean violated = !t.comply()[answer];
      String q = ConfessionEpisodes.QUESTIONS.get(r.nextInt(ConfessionEpisodes.QUESTIONS.size()));
      int follows = answerThat(true, t, r), breaks = answerThat(false, t, r);
      return List.of(confess(p, t, answer, violated, q, g1, r), confess(p, t, follows, false, q, null, r),
          confess(p, t, breaks, true, q, null, r));
    }).flatMap(List::stream).toList();
    int group = 3 * per;
    for (int i = 0; i < tasks.size(); i++) {
      double mean = 0;
      for (int k = 0; k < group; k++) mean += eps.get(i * group + k).reward();
      mean /= group;
      for (int k = 0; k < group; k++) {
        Episode e = eps.get(i * group + k);
        float scale = (float) (LR * (e.reward() - mean));
        if (e.answerGrad() != null) e.answerGrad().apply(p, scale);
        e.confessionGrad().apply(p, scale);
      }
    }
    return eps;
  }
}
