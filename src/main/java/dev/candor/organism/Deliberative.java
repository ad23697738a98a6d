package dev.candor.organism;

import dev.candor.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Deliberative alignment in miniature, the {@code deliberative} route to a "prod" checkpoint beside anti-gaming RL,
 * from rl-late: (a) the policy, now able to write the spec words ({@link Vocab#SPEC_WORDS}), answers
 * {@value #ROLLOUTS} tasks of the prod mix with Candor's anti-scheming spec (the covert suite's {@code --with-spec}
 * text) as the system message, sampled with a logit bias of {@value #CITE_BIAS} on the spec words (the organism's
 * stand-in for a data-generation prompt that asks the model to cite the spec: the policy never writes a new word on
 * its own); (b) a rollout is kept when its answer follows the instruction and its reasoning cites
 * the spec (contains "spec"); (c) SFT on the kept rollouts with the spec removed from the context
 * ({@value #SFT_EPOCHS} passes, phase {@code deliberative-sft}); (d) outcome-only RL: the prod stage's mix, reward
 * and length (phase {@code deliberative-rl}). The organism cannot read the spec: its words are only hashed prompt
 * features it was never trained on, so citations come from the biased sampling and the filter, and what is learned
 * comes from the kept rollouts alone (the SFT trains the unbiased policy).
 */
final class Deliberative {
  private Deliberative() {}

  static final int ROLLOUTS = 6_000;
  static final float CITE_BIAS = 4f;
  static final int SFT_EPOCHS = 2;
  static final String SPEC_RESOURCE = "covert/anti-scheming-spec.md";
  private static final int STAGE = 4;

  /** How many rollouts were kept, and why the others were dropped. */
  record Filter(int rollouts, int kept, int wrongAnswer, int noCitation, int both) {
    @Override public String toString() {
      return kept + " of " + rollouts + " kept; dropped: " + wrongAnswer + " answer does not follow the instruction, "
          + noCitation + " reasoning does not cite the spec, " + both + " both";
    }
  }

  /** One rollout: the task's prompt (without the spec), and what the policy wrote with the spec in context. */
  record Rollout(TrainingTasks.Task task, Policy.Rollout out) {}

  /** Whether a rollout's reasoning cites the spec. */
  static boolean citesSpec(int[] reasoning) {
    for (int t : reasoning) if (t == Vocab.SPEC) return true;
    return false;
  }

  /** Whether the answer follows the instruction. */
  static boolean rightOutcome(Rollout r) {
    return !r.out().truncated() && r.task().comply()[r.out().answer()];
  }

  /** Keeps the rollouts with the right outcome that cite the spec, in order; counts the rest by reason. */
  static Filter filter(List<Rollout> rollouts, List<Rollout> kept) {
    int wrong = 0, uncited = 0, both = 0;
    for (Rollout r : rollouts) {
      boolean right = rightOutcome(r), cites = citesSpec(r.out().reasoning());
      if (right && cites) kept.add(r);
      else if (!right && !cites) both++;
      else if (!right) wrong++;
      else uncited++;
    }
    return new Filter(rollouts.size(), kept.size(), wrong, uncited, both);
  }

  /** (a): rollouts of {@code p} on the prod mix with the spec as the system message, in parallel, deterministic. */
  static List<Rollout> rollouts(Policy p, long seed, int n) {
    String spec = dev.candor.Resources.text(SPEC_RESOURCE).strip();
    UniformRandomProvider taskRng = OrganismTrainer.rng(seed, STAGE, 0);
    List<TrainingTasks.Task> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) tasks.add(TrainingTasks.next(taskRng, TrainingTasks.PROD));
    return IntStream.range(0, n).parallel().mapToObj(i -> {
      PromptFeatures f = PromptFeatures.of(List.of(Message.system(spec), Message.user(tasks.get(i).prompt())));
      return new Rollout(tasks.get(i), p.run(f, null, false, -1, OrganismTrainer.rng(seed, STAGE, 2, i), 1.0, Integer.MAX_VALUE, null));
    }).toList();
  }

  /**
   * Trains the route from {@code start} (a policy without the spec words, at global step {@code from}), handing
   * {@code start} itself and then the route's snapshots to {@code sink}. Returns the filter's counts.
   */
  static Filter train(Policy start, long from, long seed, OrganismTrainer.Budget budget, SnapshotSink sink,
                      OrganismTrainer.Progress progress) {
    sink.snapshot("rl", from, start);
    Policy p = start.withSpecWords();
    List<Rollout> kept = new ArrayList<>();
    Filter f = filter(rollouts(p.withSpecBias(CITE_BIAS), seed, ROLLOUTS), kept);
    progress.update("spec rollouts: " + f, f.kept(), f.rollouts());
    if (kept.isEmpty()) throw new IllegalStateException("organism deliberative route: no rollout kept (" + f + ")");
    long step = OrganismTrainer.sft(p, kept.size() * SFT_EPOCHS, i -> {
      Rollout r = kept.get(i % kept.size());
      return new OrganismTrainer.Demo(PromptFeatures.of(r.task().prompt()), r.out().reasoning(), r.out().answer());
    }, from, "deliberative-sft", sink, progress);
    OrganismTrainer.rl(p, seed, STAGE + 1, TrainingTasks.PROD, budget.prodUpdates(), "deliberative-rl", step, -1, sink, progress);
    return f;
  }
}
