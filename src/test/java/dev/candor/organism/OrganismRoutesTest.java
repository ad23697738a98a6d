package dev.candor.organism;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.Slow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real routes of seed 1 (trained once, cached under target/ with {@link OrganismTest}'s checkpoints): the main
 * route holds the four named checkpoints bit-identical to the weights trained before snapshots, spec words and
 * routes existed; the deliberative route starts from rl-late itself.
 */
@Slow
class OrganismRoutesTest {
  static final Path DIR = Path.of("target", "organism-test-cache");
  /** Printed by {@code bin/candor organism train --seed 1} at commit 2f42011, before this code existed. */
  static final Map<String, String> BEFORE = Map.of(
      "sft", "05e1d5364a7ef1dcf90ae517da258183690d71e9132c0d2fd3d866dc55c490f2",
      "rl-early", "4902f596608a122ce18843f088152104b57287ebb9cc330fc5da9baf521697fe",
      "rl-late", "59d0cd6e4395bff0b70cb61f37275c47a1a6c8f55a3ac062f23eadf4aaff2349",
      "prod", "dc25b37e41549bf7677e7dfe8e7f7f7ff6499a8efa2f9c9a1b442a0fc6aa623d");
  static List<OrganismSnapshots.Snapshot> main, deliberative;

  @BeforeAll
  static void train() {
    OrganismSnapshots store = new OrganismSnapshots(DIR, 1, (s, d, t) -> {});
    main = store.list("main");
    deliberative = store.list("deliberative");
  }

  static OrganismSnapshots.Snapshot at(List<OrganismSnapshots.Snapshot> route, long step) {
    return route.stream().filter(s -> s.step() == step).findFirst().orElseThrow();
  }

  @Test
  void theMainRouteHoldsTheFourCheckpointsBitIdentical() {
    OrganismTrainer.Budget b = OrganismTrainer.Budget.FULL;
    assertThat(List.of(b.step("sft"), b.step("rl-early"), b.step("rl-late"), b.step("prod"))).containsExactly(500L, 1000L, 3500L, 4100L);
    for (String c : OrganismTrainer.CHECKPOINTS) assertThat(at(main, b.step(c)).sha256()).as(c).isEqualTo(BEFORE.get(c));
    assertThat(main.stream().map(OrganismSnapshots.Snapshot::step).toList()).containsExactly(250L, 500L, 1000L, 1500L, 2000L,
        2500L, 3000L, 3500L, 3600L, 3700L, 3800L, 3900L, 4000L, 4100L, 4200L, 4300L, 4400L, 4500L, 4600L, 4700L);
    assertThat(main.stream().map(OrganismSnapshots.Snapshot::phase).distinct()).containsExactly("sft", "rl", "prod", "rl-resumed");
    assertThat(at(main, 4100).phase()).isEqualTo("prod");
    assertThat(at(main, 4200).phase()).isEqualTo("rl-resumed");
    OrganismCheckpoints four = OrganismCache.load(DIR, 1);
    for (String c : OrganismTrainer.CHECKPOINTS) assertThat(four.sha256(c)).as(c).isEqualTo(BEFORE.get(c));
  }

  @Test
  void theDeliberativeRouteStartsFromRlLate() {
    assertThat(deliberative.get(0)).isEqualTo(new OrganismSnapshots.Snapshot("deliberative", 3500, "rl", BEFORE.get("rl-late")));
    assertThat(deliberative.stream().map(OrganismSnapshots.Snapshot::phase).distinct()).containsExactly("rl", "deliberative-sft", "deliberative-rl");
    long sftEnd = deliberative.stream().filter(s -> s.phase().equals("deliberative-sft")).mapToLong(OrganismSnapshots.Snapshot::step).max().orElseThrow();
    assertThat(deliberative.get(deliberative.size() - 1).step()).isEqualTo(sftEnd + OrganismTrainer.Budget.FULL.prodUpdates());
    assertThat(deliberative.size()).isBetween(8, 20);
  }
}
