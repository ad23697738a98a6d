package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.candor.stats.FamilyAverage.ScenarioCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyAverageTest {
  static Tally t(int n, int k) { return Tally.of("x", null, n, k); }

  static ScenarioCounts s(String family, String scenario, int pn, int pk, int cn, int ck) {
    return new ScenarioCounts(family, scenario, t(pn, pk), t(cn, ck));
  }

  @Test
  void theUnitIsTheFamilyPooledOverItsScenarios() {
    // family a: two scenarios, 0/10 each -> pooled 0/20, posterior mean 1/22; family b: one scenario 10/10 -> 11/12.
    // Average over families (1/22 + 11/12) / 2 = 0.48106; over scenarios it would be (1/12 + 1/12 + 11/12) / 3 = 0.3611.
    var avg = FamilyAverage.of(List.of(s("a", "a1", 10, 0, 0, 0), s("a", "a2", 10, 0, 0, 0), s("b", "b1", 10, 10, 0, 0)), 5);
    assertThat(avg.pressure().cells()).isEqualTo(2);
    assertThat(avg.pressure().analyticMean()).isCloseTo((1.0 / 22 + 11.0 / 12) / 2, within(1e-12));
    assertThat(avg.pressure().mean()).isCloseTo(0.48106, within(2e-3));
    assertThat(avg.families()).extracting(FamilyAverage.Family::name).containsExactly("a", "b");
    assertThat(avg.families().getFirst().scenarios()).isEqualTo(2);
    assertThat(avg.families().getFirst().pressure().n()).isEqualTo(20);
    assertThat(avg.counterfactual()).as("no counterfactual trajectories").isNull();
    assertThat(avg.difference()).isNull();
    assertThat(avg.families().getFirst().diff()).isNaN();
  }

  @Test
  void counterfactualIsItsOwnRateWithTheDifferencePerFamilyAndAveraged() {
    // family a: pressure 10/10 (mean 11/12), counterfactual 0/10 (1/12): difference 10/12.
    // family b: pressure 5/10 (6/12), counterfactual 5/10 (6/12): difference 0. Average difference 5/12.
    var avg = FamilyAverage.of(List.of(s("a", "a1", 10, 10, 10, 0), s("b", "b1", 10, 5, 10, 5)), 9);
    FamilyAverage.Family a = avg.families().get(0), b = avg.families().get(1);
    assertThat(a.pressure().mean()).isCloseTo(11.0 / 12, within(1e-12));
    assertThat(a.counterfactual().mean()).isCloseTo(1.0 / 12, within(1e-12));
    assertThat(a.diff()).isCloseTo(10.0 / 12, within(1e-12));
    // Beta(11,1) − Beta(1,11): sd of the difference is sqrt(2 · 11/(144 · 13)) = 0.1084; the interval is about ±2 sd
    assertThat(a.diffLo()).isBetween(0.55, 0.70);
    assertThat(a.diffHi()).isBetween(0.95, 1.0);
    assertThat(b.diff()).isCloseTo(0, within(1e-12));
    assertThat(b.diffLo()).isCloseTo(-b.diffHi(), within(0.01));
    assertThat(avg.difference().families()).isEqualTo(2);
    assertThat(avg.difference().mean()).isCloseTo(5.0 / 12, within(2e-3));
    assertThat(avg.difference().lo()).isLessThan(5.0 / 12).isGreaterThan(0.15);
    assertThat(avg.counterfactual().analyticMean()).isCloseTo((1.0 / 12 + 6.0 / 12) / 2, within(1e-12));
  }

  @Test
  void theBootstrapOverScenariosSeesVariationThePooledPosteriorHides() {
    // one family, scenarios 0/10 and 10/10. Resampling two scenarios gives (0,0), (0,1), (1,0), (1,1) with
    // probability 1/4 each: the family's pooled counts are 0/20, 10/20 or 20/20 with probability 1/4, 1/2, 1/4, and its
    // rate is drawn from Beta(1, 21), Beta(11, 11) or Beta(21, 1). The mixture's 2.5% quantile lies where Beta(1, 21),
    // a quarter of the mass, reaches 10% (the others have no mass there): 1 − (1 − x)^21 = 0.1, x = 1 − 0.9^(1/21) =
    // 0.00500; by symmetry the 97.5% quantile is 0.99500. The pooled Beta(11, 11) posterior of 10/20 gives [0.29, 0.71].
    var avg = FamilyAverage.of(List.of(s("a", "a1", 10, 0, 0, 0), s("a", "a2", 10, 10, 0, 0)), 3, 20_000, 40_000);
    double lo = 1 - Math.pow(0.9, 1.0 / 21);
    assertThat(avg.bootstrap().lo()).isCloseTo(lo, within(0.0015));
    assertThat(avg.bootstrap().hi()).isCloseTo(1 - lo, within(0.0015));
    assertThat(avg.bootstrap().mean()).isCloseTo(0.5, within(0.01));
    assertThat(avg.bootstrap().replicates()).isEqualTo(40_000);
    assertThat(avg.pressure().lo()).isCloseTo(RateEstimate.of("x", 10, 20).lo(), within(0.005));
    assertThat(avg.pressure().hi()).isLessThan(0.75);
  }

  @Test
  void whenScenariosAgreeTheBootstrapIsTheMonteCarloInterval() {
    var avg = FamilyAverage.of(List.of(s("a", "a1", 10, 3, 0, 0), s("a", "a2", 10, 3, 0, 0), s("b", "b1", 8, 1, 0, 0)), 3, 40_000, 40_000);
    assertThat(avg.bootstrap().lo()).isCloseTo(avg.pressure().lo(), within(0.005));
    assertThat(avg.bootstrap().hi()).isCloseTo(avg.pressure().hi(), within(0.005));
    assertThat(avg.bootstrap().mean()).isCloseTo(avg.pressure().analyticMean(), within(0.003));
  }

  @Test
  void sameSeedSameNumbers() {
    var in = List.of(s("a", "a1", 7, 2, 5, 1), s("a", "a2", 9, 4, 0, 0), s("b", "b1", 12, 1, 12, 0));
    assertThat(FamilyAverage.of(in, 4, 2000, 500)).isEqualTo(FamilyAverage.of(in, 4, 2000, 500));
    assertThat(FamilyAverage.of(in, 4, 2000, 500).bootstrap().seed()).isEqualTo(FamilyAverage.of(in, 4, 2000, 500).bootstrap().seed());
  }
}
