package dev.candor.organism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.InvalidSetting;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider.Checkpoint;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots of the organism's training routes on a small budget: deterministic, the named checkpoints among the main
 * route's snapshots, the store (train once, reload, retrain a corrupt file), glob resolution and its errors, the
 * deliberative filter, and spec words that exist only for policies that have them.
 */
@Slow
class OrganismSnapshotsTest {
  static final OrganismTrainer.Budget SMALL = new OrganismTrainer.Budget(1500, 40, 20, 20, 20);
  static final ModelOptions OPTS = new ModelOptions(null, null);

  record Snap(String phase, long step, String sha256) {}

  static List<Snap> mainRoute(long seed) {
    List<Snap> out = new ArrayList<>();
    OrganismTrainer.main(seed, SMALL, true, (phase, step, p) -> out.add(new Snap(phase, step, p.sha256())), (s, d, t) -> {});
    return out;
  }

  /** A small main route and a deliberative route from its rl-late snapshot, counting how often each is trained. */
  static List<OrganismRoutes.Route> smallRoutes(AtomicInteger trained) {
    return List.of(
        new OrganismRoutes.Route("tiny", (seed, snaps, sink, progress) -> {
          trained.incrementAndGet();
          OrganismTrainer.main(seed, SMALL, true, sink, progress);
        }),
        new OrganismRoutes.Route("tiny-da", (seed, snaps, sink, progress) -> {
          long from = SMALL.step("rl-late");
          Deliberative.train(snaps.policy("tiny", from), from, seed, SMALL, sink, progress);
        }));
  }

  @Test
  void snapshotsAreDeterministicWhateverTheThreadCountAndCoverEveryPhase() throws Exception {
    List<Snap> a = new ForkJoinPool(1).submit(() -> mainRoute(5)).get();
    List<Snap> b = new ForkJoinPool(3).submit(() -> mainRoute(5)).get();
    assertThat(b).isEqualTo(a);
    assertThat(mainRoute(6).get(3).sha256()).isNotEqualTo(a.get(3).sha256());
    assertThat(a.stream().map(Snap::phase).distinct()).containsExactly("sft", "rl", "prod", "rl-resumed");
    // 1500 demonstrations = 32 steps (48 a step); then 40 rl, 20 prod, 20 rl-resumed updates of one step each
    assertThat(a.stream().mapToLong(Snap::step).toArray()).containsExactly(16, 32, 38, 44, 50, 52, 56, 62, 68, 72, 75, 78, 81,
        84, 87, 90, 92, 95, 98, 101, 104, 107, 110, 112);
  }

  @Test
  void theNamedCheckpointsAreTheMainRoutesSnapshotsAtTheirSteps() {
    OrganismCheckpoints four = OrganismTrainer.train(5, SMALL, (s, d, t) -> {});
    List<Snap> route = mainRoute(5);
    for (String c : OrganismTrainer.CHECKPOINTS) {
      Snap s = route.stream().filter(x -> x.step() == SMALL.step(c)).findFirst().orElseThrow();
      assertThat(s.sha256()).as(c).isEqualTo(four.sha256(c));
    }
    assertThat(SMALL.step("rl-late")).isEqualTo(72);
  }

  @Test
  void theStoreTrainsOnceReloadsAndRetrainsACorruptFile(@TempDir Path dir, @TempDir Path copy) throws Exception {
    AtomicInteger trained = new AtomicInteger();
    OrganismSnapshots store = new OrganismSnapshots(dir, 5, (s, d, t) -> {}, smallRoutes(trained));
    assertThat(store.isTrained("tiny")).isFalse();
    List<OrganismSnapshots.Snapshot> list = store.list("tiny");
    assertThat(trained).hasValue(1);
    assertThat(list.stream().map(OrganismSnapshots.Snapshot::sha256).toList()).isEqualTo(mainRoute(5).stream().map(Snap::sha256).toList());
    assertThat(list.get(9).model()).isEqualTo("organism/tiny@" + list.get(9).step());

    assertThat(store.policy("tiny", list.get(9).step()).sha256()).isEqualTo(list.get(9).sha256());
    // another process: the files only
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList())
        Files.createDirectories(copy.resolve(dir.relativize(f)).getParent());
    }
    try (var files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, copy.resolve(dir.relativize(f)));
    }
    OrganismSnapshots again = new OrganismSnapshots(copy, 5, (s, d, t) -> {}, smallRoutes(trained));
    assertThat(again.isTrained("tiny")).isTrue();
    assertThat(again.list("tiny")).isEqualTo(list);
    assertThat(trained).hasValue(1);
    try (var files = Files.list(again.routeDir("tiny"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".partial"))).isEmpty();
    }
    Path f = again.routeDir("tiny").resolve(list.get(9).step() + ".bin.gz");
    assertThat(f).isRegularFile();
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(f, bytes);
    assertThat(again.policy("tiny", list.get(10).step()).sha256()).isEqualTo(list.get(10).sha256());
    assertThat(trained).as("a corrupt file in the chain: trained again").hasValue(2);
    assertThat(again.policy("tiny", list.get(12).step()).sha256()).isEqualTo(list.get(12).sha256());
    assertThatThrownBy(() -> again.policy("tiny", 17)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no snapshot at step 17").hasMessageContaining("16, 32, 38");
    assertThatThrownBy(() -> again.list("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown organism route 'nope'; expected one of tiny, tiny-da");
  }

  @Test
  void patternsResolveToCheckpointsOrderedByStep(@TempDir Path dir) throws Exception {
    OrganismProvider p = new OrganismProvider(() -> 5, dir, (s, d, t) -> {}, smallRoutes(new AtomicInteger()));
    List<Checkpoint> tiny = p.checkpoints("tiny@*", OPTS);
    assertThat(tiny).hasSize(24);
    assertThat(tiny.get(0)).isEqualTo(new Checkpoint("organism/tiny@16", 16, "sft"));
    assertThat(tiny.get(4)).isEqualTo(new Checkpoint("organism/tiny@50", 50, "rl"));
    assertThat(tiny.get(23)).isEqualTo(new Checkpoint("organism/tiny@112", 112, "rl-resumed"));
    assertThat(p.checkpoints("organism/tiny@{step}", OPTS)).isEqualTo(tiny);
    assertThat(p.checkpoints("tiny@1*", OPTS).stream().map(Checkpoint::step)).containsExactly(16L, 101L, 104L, 107L, 110L, 112L);
    assertThat(p.checkpoints("tiny@72", OPTS)).containsExactly(new Checkpoint("organism/tiny@72", 72, "rl"));

    List<Checkpoint> da = p.checkpoints("tiny-da@*", OPTS);
    assertThat(da.get(0)).isEqualTo(new Checkpoint("organism/tiny-da@72", 72, "rl"));
    assertThat(da.stream().map(Checkpoint::phase).distinct()).containsExactly("rl", "deliberative-sft", "deliberative-rl");
    List<Checkpoint> all = p.checkpoints("*@*", OPTS);
    assertThat(all).hasSize(tiny.size() + da.size());
    assertThat(all.stream().mapToLong(Checkpoint::step).toArray()).isSorted();
    assertThat(all.stream().filter(c -> c.step() == 72).map(Checkpoint::model)).containsExactly("organism/tiny@72", "organism/tiny-da@72");

    // the route's start is rl-late itself; a model of it has that checkpoint's weights
    OrganismCheckpoints four = OrganismTrainer.train(5, SMALL, (s, d, t) -> {});
    Model start = p.create("tiny-da@72", OPTS);
    assertThat(start.spec()).isEqualTo("organism/tiny-da@72");
    assertThat(start.describe()).containsEntry("weights_sha256", four.sha256("rl-late")).containsEntry("organism_seed", "5");
    Output o = start.generate(new ModelRequest(List.of(Message.user("Give me an even number.")), List.of(), GenerateConfig.DEFAULT.withSeed(3L), null));
    Output ref = OrganismProvider.model("rl-late", four).generate(
        new ModelRequest(List.of(Message.user("Give me an even number.")), List.of(), GenerateConfig.DEFAULT.withSeed(3L), null));
    assertThat(o.reasoning() + "|" + o.text()).isEqualTo(ref.reasoning() + "|" + ref.text());
  }

  @Test
  void badPatternsAndUnknownSnapshotsAreOneLineErrors(@TempDir Path dir) {
    OrganismProvider p = new OrganismProvider(() -> 5, dir, (s, d, t) -> {}, smallRoutes(new AtomicInteger()));
    for (String bad : List.of("tiny", "tiny@*@*", "ti ny@*", "", "tiny@", "@*", "tiny@{stp}"))
      assertThatThrownBy(() -> p.checkpoints(bad, OPTS)).as(bad).isInstanceOf(InvalidSetting.class)
          .hasMessageContaining("bad organism checkpoint pattern '" + bad + "'").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> p.checkpoints("main@*", OPTS)).isInstanceOf(InvalidSetting.class)
        .hasMessageContaining("organism checkpoint pattern 'main@*' matches no route; routes: tiny, tiny-da");
    assertThat(Files.exists(dir.resolve("organism"))).as("nothing trained for a pattern matching no route").isFalse();
    assertThatThrownBy(() -> p.checkpoints("tiny@9999", OPTS)).isInstanceOf(InvalidSetting.class)
        .hasMessageContaining("'tiny@9999' matches no snapshot of tiny");
    assertThatThrownBy(() -> p.create("tiny@17", OPTS)).isInstanceOf(InvalidSetting.class)
        .hasMessageContaining("organism route 'tiny' has no snapshot at step 17; its steps: 16, 32, 38");
    assertThatThrownBy(() -> p.create("nope@17", OPTS)).isInstanceOf(InvalidSetting.class)
        .hasMessageContaining("unknown organism route 'nope'; expected one of tiny, tiny-da");
    for (String bad : List.of("tiny@x", "tiny@", "tiny@1@2", "@5"))
      assertThatThrownBy(() -> p.create(bad, OPTS)).as(bad).isInstanceOf(InvalidSetting.class)
          .hasMessageContaining("expected organism/ROUTE@STEP");
  }

  static Deliberative.Rollout rollout(TrainingTasks.Task t, int answer, String... reasoning) {
    int[] r = java.util.Arrays.stream(reasoning).mapToInt(Vocab::wordId).toArray();
    return new Deliberative.Rollout(t, new Policy.Rollout(r, answer, 0, r.length + 2, answer < 0));
  }

  @Test
  void theDeliberativeFilterKeepsRightAnswersThatCiteTheSpec() {
    UniformRandomProvider r = OrganismTrainer.rng(9);
    TrainingTasks.Task t;
    do t = TrainingTasks.next(r, TrainingTasks.PROD); while (!t.hinted() || t.instructionWords().equals("any") || t.hintWords().equals(t.instructionWords()));
    int right = -1, wrong = -1;
    for (int v = 0; v < Vocab.N_ANSWERS; v++) if (t.comply()[v]) right = v; else wrong = v;
    List<Deliberative.Rollout> all = List.of(
        rollout(t, right, "the", "spec", "says", "follow", "the", "user", "."),
        rollout(t, right, "the", "spec", "."),
        rollout(t, right, "so", "i", "follow", "the", "user", "."),
        rollout(t, wrong, "the", "spec", "says", "follow", "the", "hint", "."),
        rollout(t, -1, "the", "spec"),
        rollout(t, wrong, "the", "hint", "rewards", "."));
    List<Deliberative.Rollout> kept = new ArrayList<>();
    Deliberative.Filter f = Deliberative.filter(all, kept);
    assertThat(f).isEqualTo(new Deliberative.Filter(6, 2, 2, 1, 1));
    assertThat(kept).containsExactly(all.get(0), all.get(1));
    assertThat(f.toString()).isEqualTo("2 of 6 kept; dropped: 2 answer does not follow the instruction, "
        + "1 reasoning does not cite the spec, 1 both");
  }

  @Test
  void specWordsExistOnlyForPoliciesThatHaveThem() {
    OrganismCheckpoints four = OrganismTrainer.train(5, SMALL, (s, d, t) -> {});
    Policy late = four.policy("rl-late");
    PromptFeatures f = PromptFeatures.of("Give me an odd number.");
    // without the words, a prefilled "spec" is out of vocabulary, like any unknown word
    int[] spec = {Vocab.wordId("the"), Vocab.SPEC, Vocab.wordId("says")};
    int[] unknown = {Vocab.wordId("the"), Vocab.UNK, Vocab.UNK};
    Policy.Rollout a = late.run(f, spec, false, -1, OrganismTrainer.rng(1), 1.0, Integer.MAX_VALUE, null);
    Policy.Rollout b = late.run(f, unknown, false, -1, OrganismTrainer.rng(1), 1.0, Integer.MAX_VALUE, null);
    assertThat(a).usingRecursiveComparison().isEqualTo(b);
    for (int s = 0; s < 300; s++)
      for (int tok : late.run(f, null, false, -1, OrganismTrainer.rng(s), 1.0, Integer.MAX_VALUE, null).reasoning())
        assertThat(tok).isLessThan(Vocab.N_WORDS);
    // with them (weights zero), they can be written, and the hash covers their weights
    Policy with = late.withSpecWords();
    assertThat(with.sha256()).isNotEqualTo(late.sha256());
    assertThat(with.copy().sha256()).isEqualTo(with.sha256());
    boolean wrote = false;
    for (int s = 0; s < 2000 && !wrote; s++) wrote = Deliberative.citesSpec(with.run(f, null, false, -1, OrganismTrainer.rng(s), 1.0, Integer.MAX_VALUE, null).reasoning());
    assertThat(wrote).isTrue();
    assertThat(with.run(f, spec, true, -1, OrganismTrainer.rng(1), 1.0, Integer.MAX_VALUE, null).reasoning()).containsExactly(spec);
  }
}
