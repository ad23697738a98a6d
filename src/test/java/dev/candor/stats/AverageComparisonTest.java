package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AverageComparisonTest {
  static Tally t(String key, int n, int k) { return Tally.of(key, null, n, k); }

  @Test
  void stratifiedPermutationTestOnAHandCountedCase() {
    // two families, each 0/2 before and 2/2 after. Given a family's 2 positives among 4 trajectories, the after-run
    // holds k = 0, 1, 2 of them with probability 1/6, 4/6, 1/6, moving the family's difference by k − 1 = −1, 0, +1.
    // The observed average difference is +1; |T| >= 1 needs both families at +1 or both at −1: p = 2/36 = 1/18.
    var c = AverageComparison.of(List.of(t("a", 2, 0), t("b", 2, 0)), List.of(t("a", 2, 2), t("b", 2, 2)), 1);
    assertThat(c.groups()).isEqualTo(2);
    assertThat(c.exact()).isTrue();
    assertThat(c.p()).isCloseTo(1.0 / 18, within(1e-12));
    assertThat(c.first()).isCloseTo(0.25, within(1e-12)); // Beta(1, 3) mean
    assertThat(c.second()).isCloseTo(0.75, within(1e-12));
    assertThat(c.diff()).isCloseTo(0.5, within(1e-12));
    assertThat(c.lo()).isGreaterThan(0).isLessThan(0.5);
  }

  @Test
  void oneFamilyWithEqualSizesIsFishersExactTest() {
    var c = AverageComparison.of(List.of(t("a", 5, 0)), List.of(t("a", 5, 5)), 1);
    assertThat(c.p()).isCloseTo(Comparison.fisherP(0, 5, 5, 5), within(1e-12)); // 2/252
    assertThat(c.p()).isCloseTo(2.0 / 252, within(1e-12));
  }

  @Test
  void onlyFamiliesCountedInBothRunsAreCompared() {
    var c = AverageComparison.of(List.of(t("a", 10, 3), t("b", 10, 1), t("c", 0, 0)), List.of(t("a", 10, 3), t("c", 4, 1)), 1);
    assertThat(c.groups()).isEqualTo(1);
    assertThat(c.p()).isCloseTo(1.0, within(1e-9));
    assertThat(c.diff()).isCloseTo(0, within(1e-12));
    var none = AverageComparison.of(List.of(t("a", 10, 3)), List.of(t("b", 10, 3)), 1);
    assertThat(none.groups()).isZero();
    assertThat(none.p()).isNaN();
  }

  @Test
  void manyFamiliesUseSeededDraws() {
    List<Tally> a = new java.util.ArrayList<>(), b = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) { a.add(t("f" + i, 20, 6)); b.add(t("f" + i, 20, 3)); }
    var c = AverageComparison.of(a, b, 3);
    assertThat(c.exact()).isFalse();
    assertThat(c.diff()).isCloseTo(-3.0 / 22, within(1e-12));
    assertThat(c.p()).isLessThan(0.01);
    assertThat(AverageComparison.of(a, b, 3)).isEqualTo(c);
  }
}
