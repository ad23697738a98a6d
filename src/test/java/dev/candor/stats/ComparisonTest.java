package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  @Test
  void fisherOnTheTeaTastingTable() {
    // Fisher (1935): 3 of 4 cups right; two-sided p = 0.4857 (= 34/70).
    assertThat(Comparison.fisherP(3, 4, 1, 4)).isCloseTo(34.0 / 70, within(1e-12));
  }

  @Test
  void fisherOnTheConvictionsOfLikeSexTwins() {
    // Fisher (1935) via R's ?fisher.test: dizygotic 2 convicted of 17, monozygotic 10 of 13; two-sided p = 0.0005367.
    assertThat(Comparison.fisherP(2, 17, 10, 13)).isCloseTo(0.0005367, within(5e-8));
  }

  @Test
  void fisherIsSymmetricInTheRunsAndNaNWithoutData() {
    assertThat(Comparison.fisherP(10, 13, 2, 17)).isCloseTo(Comparison.fisherP(2, 17, 10, 13), within(1e-15));
    assertThat(Comparison.fisherP(0, 0, 3, 10)).isNaN();
    assertThat(Comparison.fisherP(5, 10, 5, 10)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void holmOnAHandWorkedVector() {
    // p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> 0.06
    // after the running maximum.
    double[] adj = Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
    assertThat(adj).containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-15));
    // capped at 1, NaN passes through and does not count toward m
    assertThat(Holm.adjust(new double[] {0.5, Double.NaN, 0.6})).containsExactly(new double[] {1.0, Double.NaN, 1.0}, within(0.0));
    assertThat(Holm.adjust(new double[] {0.2, Double.NaN})).containsExactly(new double[] {0.2, Double.NaN}, within(0.0));
  }

  @Test
  void comparesSharedCellsWithDifferencesAndAdjustedP() {
    var before = List.of(Tally.of("a", Map.of("f", "x"), 17, 2), Tally.of("b", null, 4, 3), Tally.of("only-before", null, 5, 1));
    var after = List.of(Tally.of("b", null, 4, 1), Tally.of("a", Map.of("f", "x"), 13, 10), Tally.of("only-after", null, 5, 1));
    List<Comparison> cs = Comparison.of(before, after, 5);
    assertThat(cs).extracting(Comparison::key).containsExactly("a", "b");
    Comparison a = cs.get(0), b = cs.get(1);
    assertThat(a.p()).isCloseTo(0.0005367, within(5e-8));
    assertThat(b.p()).isCloseTo(34.0 / 70, within(1e-12));
    // Holm with m = 2: the smaller p doubles, the larger is max(2*0.0005367, 0.4857).
    assertThat(a.pHolm()).isCloseTo(2 * a.p(), within(1e-12));
    assertThat(b.pHolm()).isCloseTo(b.p(), within(1e-12));
    assertThat(a.diff()).isCloseTo(11.0 / 15 - 3.0 / 19, within(1e-12));
    assertThat(a.diffLo()).isGreaterThan(0.2).isLessThan(a.diff());
    assertThat(a.diffHi()).isGreaterThan(a.diff()).isLessThan(0.9);
    assertThat(b.diffLo()).isLessThan(0).isLessThan(b.diff());
    assertThat(a.axes()).isEqualTo(Map.of("f", "x"));
    assertThat(Comparison.of(before, after, 5)).isEqualTo(cs);
  }
}
