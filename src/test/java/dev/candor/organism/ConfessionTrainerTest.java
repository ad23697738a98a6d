package dev.candor.organism;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.model.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Confession training: bit-identical from the seed with any core count, snapshots through the sink, the honesty
 * reward, and the mask: with it, an update is exactly the confession turn's gradient and leaves the rows only the
 * earlier (violating) turn uses untouched; without it, those rows move. Starts from a briefly supervised policy
 * (a few hundred SFT examples), so it needs no trained checkpoints.
 */
class ConfessionTrainerTest {
  static Policy start;

  @BeforeAll
  static void sft() {
    start = new Policy();
    OrganismTrainer.sft(start, 5, 400, 0, "sft", SnapshotSink.NONE, (s, d, t) -> {});
  }

  private record Snap(String phase, long step, float[] wr, float[] wa) {}

  private static List<Snap> trainCollecting(long seed, ConfessionTrainer.Route route, int threads) throws Exception {
    List<Snap> snaps = new ArrayList<>();
    SnapshotSink sink = (phase, step, p) -> snaps.add(new Snap(phase, step, p.wr.clone(), p.wa.clone()));
    Policy end = new ForkJoinPool(threads).submit(() ->
        ConfessionTrainer.train(start, seed, 1000, route, new ConfessionTrainer.Budget(5, 2), sink, (s, d, t) -> {})).get();
    Snap last = snaps.getLast();
    assertThat(last.wr()).isEqualTo(end.wr);
    assertThat(last.wa()).isEqualTo(end.wa);
    return snaps;
  }

  @Test
  void sameSeedGivesBitIdenticalSnapshotsWhateverTheThreadCount() throws Exception {
    for (ConfessionTrainer.Route route : ConfessionTrainer.Route.values()) {
      List<Snap> a = trainCollecting(3, route, 1), b = trainCollecting(3, route, 3), other = trainCollecting(4, route, 2);
      assertThat(a).extracting(Snap::phase).containsOnly(route.phase);
      assertThat(a).extracting(Snap::step).containsExactly(1002L, 1004L, 1005L);
      for (int i = 0; i < a.size(); i++) {
        assertThat(Arrays.equals(a.get(i).wr(), b.get(i).wr()) && Arrays.equals(a.get(i).wa(), b.get(i).wa())).as(route + " snapshot " + i).isTrue();
      }
      assertThat(Arrays.equals(a.getLast().wr(), other.getLast().wr())).as("another seed").isFalse();
      assertThat(Arrays.equals(a.getLast().wr(), start.wr)).as("training moved the weights").isFalse();
    }
  }

  @Test
  void theMaskedUpdateIsExactlyTheConfessionTurnsGradient() {
    Policy masked = start.copy(), unmasked = start.copy();
    List<ConfessionTrainer.Episode> em = ConfessionTrainer.update(masked, 9, 1, true);
    List<ConfessionTrainer.Episode> eu = ConfessionTrainer.update(unmasked, 9, 1, false);

    // Same seed, same starting weights: both routes saw the very same episodes; only the unmasked one kept the earlier turn's gradient.
    assertThat(em).extracting(ConfessionTrainer.Episode::answer).isEqualTo(eu.stream().map(ConfessionTrainer.Episode::answer).toList());
    assertThat(em).extracting(ConfessionTrainer.Episode::confession).isEqualTo(eu.stream().map(ConfessionTrainer.Episode::confession).toList());
    assertThat(em).allMatch(e -> e.answerGrad() == null);
    assertThat(eu).anyMatch(e -> e.answerGrad() != null && e.violated());

    // Replaying only the confession turns' gradients with the group-mean advantages gives the masked weights, bit for bit.
    Policy replay = start.copy();
    int group = 3 * ConfessionTrainer.SAMPLES_PER_TASK;
    boolean anyAdvantage = false;
    for (int i = 0; i < em.size(); i += group) {
      double mean = 0;
      for (int k = 0; k < group; k++) mean += em.get(i + k).reward();
      mean /= group;
      for (int k = 0; k < group; k++) {
        float scale = (float) (ConfessionTrainer.LR * (em.get(i + k).reward() - mean));
        anyAdvantage |= scale != 0f;
        em.get(i + k).confessionGrad().apply(replay, scale);
      }
    }
    assertThat(anyAdvantage).as("some group had both honest and dishonest confessions").isTrue();
    assertThat(replay.wr).isEqualTo(masked.wr);
    assertThat(replay.wa).isEqualTo(masked.wa);

    // Rows only the earlier turns use (their reasoning and answer): untouched with the mask, moved without it.
    Set<Integer> confRows = new HashSet<>(), onlyEarlierR = new HashSet<>(), onlyEarlierA = new HashSet<>();
    Set<Integer> confRowsA = new HashSet<>();
    for (ConfessionTrainer.Episode e : eu) {
      e.confessionGrad().rRows.forEach(rs -> Arrays.stream(rs).forEach(confRows::add));
      e.confessionGrad().aRows.forEach(rs -> Arrays.stream(rs).forEach(confRowsA::add));
    }
    for (ConfessionTrainer.Episode e : eu) {
      if (e.answerGrad() == null) continue;
      e.answerGrad().rRows.forEach(rs -> Arrays.stream(rs).filter(r -> !confRows.contains(r)).forEach(onlyEarlierR::add));
      e.answerGrad().aRows.forEach(rs -> Arrays.stream(rs).filter(r -> !confRowsA.contains(r)).forEach(onlyEarlierA::add));
    }
    assertThat(onlyEarlierR).isNotEmpty();
    assertThat(onlyEarlierA).isNotEmpty();
    assertThat(rowsChanged(masked.wr, start.wr, Policy.RC, onlyEarlierR) + rowsChanged(masked.wa, start.wa, Policy.AC, onlyEarlierA)).isZero();
    assertThat(rowsChanged(unmasked.wr, start.wr, Policy.RC, onlyEarlierR)).isPositive();
    assertThat(rowsChanged(unmasked.wa, start.wa, Policy.AC, onlyEarlierA)).isPositive();
  }

  private static int rowsChanged(float[] w, float[] w0, int cols, Set<Integer> rows) {
    int n = 0;
    for (int r : rows)
      if (!Arrays.equals(w, r * cols, (r + 1) * cols, w0, r * cols, (r + 1) * cols)) n++;
    return n;
  }

  @Test
  void honestyPaysTheTruthInEitherCaseAndNothingElse() {
    int no = Vocab.answerId("no"), yes = Vocab.answerId("YES"), seven = Vocab.answerId("7");
    assertThat(ConfessionEpisodes.honesty(no, true)).isEqualTo(1);
    assertThat(ConfessionEpisodes.honesty(Vocab.answerId("NO"), true)).isEqualTo(1);
    assertThat(ConfessionEpisodes.honesty(yes, true)).isZero();
    assertThat(ConfessionEpisodes.honesty(yes, false)).isEqualTo(1);
    assertThat(ConfessionEpisodes.honesty(no, false)).isZero();
    assertThat(ConfessionEpisodes.honesty(seven, true)).isZero();
  }

  @Test
  void theOrganismReadsItsOwnEarlierAnswerTokenOnlyInAConversation() {
    long oddAfterEven = PromptFeatures.key("own|par:odd|even");
    String q = "Did you follow the instruction? Answer yes or no.";
    PromptFeatures own = PromptFeatures.of(List.of(Message.user("Give me an even number.\nmore text"), Message.assistant("37"), Message.user(q)));
    PromptFeatures prose = PromptFeatures.of(List.of(Message.user("Give me an even number."), Message.assistant("37 apples"), Message.user(q)));
    PromptFeatures later = PromptFeatures.of(List.of(Message.user("Name a number.\nGive me an even number."), Message.assistant("37"), Message.user(q)));
    assertThat(own.features).contains(oddAfterEven, PromptFeatures.key("own|par:odd"));
    assertThat(prose.features).doesNotContain(oddAfterEven, PromptFeatures.key("own|par:odd"));
    assertThat(later.features).as("paired with the instruction line only").doesNotContain(oddAfterEven).contains(PromptFeatures.key("own|par:odd"));
    // A single prompt (what the four checkpoints were trained on) reads exactly as a one-message conversation.
    assertThat(PromptFeatures.of("Give me an even number.").features).isEqualTo(PromptFeatures.of(List.of(Message.user("Give me an even number."))).features);
  }
}
