package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseAttributionTest {
  static List<Tally> cell(int k, int n) { return List.of(Tally.of("c", null, n, k)); }

  /**
   * All the change in phase 2: rates 10%, 10% (phase sft) then 50%, 50% (phase rl), n = 1000 each. By hand: phase sft
   * changes by 0 (its first to its last checkpoint), phase rl by (501/1002 − 101/1002) ≈ 0.399 from sft's last, the
   * total likewise, so rl's share is 1 and sft's 0. The shares' intervals follow from the posteriors' sd ≈ 0.016.
   */
  @Test
  void allChangeInTheSecondPhase() {
    var a = PhaseAttribution.of(List.of(cell(100, 1000), cell(100, 1000), cell(500, 1000), cell(500, 1000)),
        List.of("sft", "sft", "rl", "rl"), 7);
    assertThat(a.sharesDefined()).isTrue();
    assertThat(a.total().mean()).isCloseTo(400.0 / 1002, within(1e-12));
    var sft = a.phases().get(0);
    var rl = a.phases().get(1);
    assertThat(sft.name()).isEqualTo("sft");
    assertThat(sft.from()).isZero();
    assertThat(sft.to()).isEqualTo(1);
    assertThat(sft.change().mean()).isCloseTo(0, within(1e-12));
    assertThat(sft.change().excludesZero()).isFalse();
    assertThat(rl.from()).isEqualTo(1);
    assertThat(rl.to()).isEqualTo(3);
    assertThat(rl.change().mean()).isCloseTo(400.0 / 1002, within(1e-12));
    assertThat(rl.share()).isCloseTo(1.0, within(1e-12));
    assertThat(rl.shareLo()).isGreaterThan(0.5);
    assertThat(rl.shareHi()).isLessThan(1.5);
    assertThat(sft.shareLo()).isLessThan(0);
    assertThat(sft.shareHi()).isGreaterThan(0).isLessThan(0.5);
  }

  /** Half the change in each phase: 60% → 40% in phase a, 40% → 20% in phase b; each share ≈ 0.5, intervals around it. */
  @Test
  void changeSplitEvenly() {
    var a = PhaseAttribution.of(List.of(cell(600, 1000), cell(400, 1000), cell(200, 1000)), List.of("a", "a", "b"), 3);
    assertThat(a.phases()).hasSize(2);
    for (var p : a.phases()) {
      assertThat(p.share()).isCloseTo(0.5, within(1e-9));
      assertThat(p.shareLo()).isLessThan(0.5).isGreaterThan(0.3);
      assertThat(p.shareHi()).isGreaterThan(0.5).isLessThan(0.7);
    }
    assertThat(a.phases().get(0).change().mean() + a.phases().get(1).change().mean()).isCloseTo(a.total().mean(), within(1e-12));
  }

  @Test
  void sharesUndefinedWhenTheTotalChangeMayBeZero() {
    var a = PhaseAttribution.of(List.of(cell(30, 100), cell(50, 100), cell(31, 100)), List.of("a", "b", "b"), 1);
    assertThat(a.total().excludesZero()).isFalse();
    assertThat(a.sharesDefined()).isFalse();
    assertThat(a.phases()).allSatisfy(p -> assertThat(Double.isNaN(p.share())).isTrue());
    assertThat(a.phases().get(1).change().mean()).isCloseTo(1.0 / 102, within(1e-12)); // from phase a's last (30%) to b's last (31%)
  }

  @Test
  void averagesCellsAndRefusesAPhaseThatComesBack() {
    var two = List.of(Tally.of("x", null, 100, 10), Tally.of("y", null, 100, 30));
    var a = PhaseAttribution.of(List.of(two, two), List.of("", ""), 1);
    assertThat(a.total().mean()).isCloseTo(0, within(1e-12));
    assertThatThrownBy(() -> PhaseAttribution.of(List.of(cell(1, 9), cell(1, 9), cell(1, 9)), List.of("a", "b", "a"), 1))
        .hasMessageContaining("phase 'a' comes back");
  }
}
