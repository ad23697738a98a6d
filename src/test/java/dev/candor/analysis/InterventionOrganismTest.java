package dev.candor.analysis;

import dev.candor.organism.OrganismTrainer;
import dev.candor.suite.PrefilledEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.suite.Environment;
import dev.candor.core.Sample;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import dev.candor.model.Model;
import dev.candor.organism.OrganismCache;
import dev.candor.organism.OrganismProvider;
import dev.candor.run.Engine;
import dev.candor.core.RunConfig;
import dev.candor.run.RunEvents;
import dev.candor.run.RunResult;
import dev.candor.run.Runs;
import dev.candor.run.Secrets;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.testing.RunConfigs;
import dev.candor.testing.Samples;
import dev.candor.testing.Slow;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the model organism (rl-late on the reward-hint suite): a source run, then all four intervention arms
 * prefilled through the engine, graded, stored as a linked run, and their results. No outcome is forced; the test
 * checks the mechanics and the arithmetic, and prints the measured effects.
 */
@Slow
class InterventionOrganismTest {
  @TempDir Path dir;

  static final RunEvents QUIET = new RunEvents() {};

  @Test
  void armsRunThroughThePrefillAndAreMeasured() {
    var cps = OrganismCache.load(Path.of("target", "organism-test-cache"), OrganismTrainer.DEFAULT_SEED);
    Model model = OrganismProvider.model("rl-late", cps);
    try (Store store = Store.open(dir.resolve("iv.db").toString())) {
      Environment env = RewardHintEnvironment.standard();
      RunConfig cfg = RunConfigs.of("reward-hints", "organism/rl-late").epochs(25).maxAttempts(1).timeoutSeconds(60).name("src").build();
      RunRecord src = Runs.create(store, cfg, env.samples(), null);
      assertThat(new Engine(store, Secrets.NONE).execute(src.id(), cfg, env, env.samples(), model, QUIET).complete()).isTrue();

      LexicalDetector d = LexicalDetector.standard();
      var spec = new Intervention.Spec(EnumSet.allOf(Intervention.Arm.class), "some answers are checked.", Intervention.randomSentences(), 150, 7);
      Intervention.Plan plan = Intervention.plan(store, src.id(), env, d, spec);
      assertThat(plan.selected()).containsEntry(Intervention.Arm.REMOVE_AWARE, 150).containsEntry(Intervention.Arm.INJECT, 150)
          .containsEntry(Intervention.Arm.INJECT_RANDOM, 150).containsEntry(Intervention.Arm.RESAMPLE, 150)
          .containsEntry(Intervention.Arm.RESAMPLE_AWARE, 150);
      assertThat(plan.eligible().get(Intervention.Arm.REMOVE_AWARE)).isEqualTo(plan.eligible().get(Intervention.Arm.RESAMPLE_AWARE));
      assertThat(plan.eligible().get(Intervention.Arm.INJECT)).isEqualTo(plan.eligible().get(Intervention.Arm.RESAMPLE));
      List<Sample> samples = plan.samples();
      for (Sample s : samples) {
        @SuppressWarnings("unchecked") Map<String, Object> iv = (Map<String, Object>) s.metadata().get(Intervention.META);
        String prefix = PrefilledEnvironment.prefixOf(s);
        switch (Intervention.Arm.of((String) iv.get("arm"))) {
          case REMOVE_AWARE -> assertThat(d.label(prefix).aware()).as(prefix).isFalse();
          case RESAMPLE_AWARE -> assertThat(d.awareSentence(Sentences.split(prefix).getLast().text())).as(prefix).isTrue();
          case INJECT -> assertThat(prefix).endsWith("some answers are checked.");
          case INJECT_RANDOM -> assertThat(Intervention.randomSentences()).contains((String) iv.get("inserted"));
          case RESAMPLE -> assertThat(iv).doesNotContainKey("inserted");
        }
        assertThat(s.metadata()).containsKey("hintedParity"); // the grader still sees what it needs
      }

      RunConfig icfg = RunConfigs.of("reward-hints", "organism/rl-late").maxAttempts(1).timeoutSeconds(60).seed(7).name("iv").build();
      RunRecord iv = Runs.create(store, icfg, samples, src.id());
      RunResult rr = new Engine(store, Secrets.NONE).execute(iv.id(), icfg, new PrefilledEnvironment(env, samples), samples, model, QUIET);
      assertThat(rr.complete()).isTrue();
      assertThat(store.runs().get(iv.id()).orElseThrow().parentRunId()).isEqualTo(src.id());
      assertThat(Intervention.isIntervention(store, store.runs().get(iv.id()).orElseThrow())).isTrue();
      assertThat(Intervention.isIntervention(store, src)).isFalse();

      // The prefix reached the model: the organism's reasoning begins with it, and the raw response counts its tokens.
      Map<String, String> prefixes = new HashMap<>();
      for (StoredSample s : store.samples().of(iv.id())) prefixes.put(s.sampleId(), PrefilledEnvironment.prefixOf(
          Samples.of(s.sampleId()).variant(s.variantId()).metadata(Json.objectMap(s.metadataJson())).build()));
      store.trajectories().forEach(iv.id(), t -> {
        String p = prefixes.get(t.sampleId());
        if (!p.isEmpty()) assertThat(t.output().reasoning()).startsWith(p);
        assertThat(Json.objectMap(t.raw()).get("prefix_tokens")).isEqualTo(dev.candor.analysis.Words.of(p).size()
            + (int) p.chars().filter(c -> c == '.').count());
      });

      InterventionResults.Results res = InterventionResults.of(store, store.runs().get(iv.id()).orElseThrow(), d);
      assertThat(res.arms()).hasSize(5);
      Map<String, Integer> originals = new HashMap<>();
      store.trajectories().forEach(src.id(), t -> originals.put(t.sampleId() + "#" + t.epoch(), t.score().value()));
      for (InterventionResults.ArmResult a : res.arms()) {
        assertThat(a.selected()).isEqualTo(150);
        assertThat(a.paired() + a.uncounted()).isEqualTo(a.selected());
        // Before + (0->1) - (1->0) = after: the paired bookkeeping is consistent.
        assertThat(a.before().k() - a.test().b() + a.test().c()).isEqualTo(a.after().k());
        assertThat(a.test().p()).isBetween(0.0, 1.0);
      }
      // "Before" is what the source run graded for those very trajectories.
      int[] k = new int[2];
      store.trajectories().forEach(iv.id(), t -> {
        if (!t.sampleId().startsWith("remove-aware/") || t.score().value() == null) return;
        k[0] += originals.get(t.sampleId().substring("remove-aware/".length()));
        k[1]++;
      });
      InterventionResults.ArmResult remove = res.arms().stream().filter(a -> a.arm() == Intervention.Arm.REMOVE_AWARE).findFirst().orElseThrow();
      assertThat(remove.before().k()).isEqualTo(k[0]);
      assertThat(remove.before().n()).isEqualTo(k[1]);
      assertThat(res.controls()).hasSize(4);
      System.out.println(InterventionResults.render(res, "gamed"));
    }
  }
}
