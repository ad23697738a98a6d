package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateEstimateTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 10, 50, 263, 1000})
  void zeroPositivesMatchTheClosedFormQuantiles(int n) {
    // Beta(1, 1+n) has CDF 1 − (1−x)^(n+1), so its q-quantile is 1 − (1−q)^(1/(n+1)).
    RateEstimate e = RateEstimate.of("v", 0, n);
    assertThat(e.hi()).isCloseTo(1 - Math.pow(0.025, 1.0 / (n + 1)), within(1e-9));
    assertThat(e.lo()).isCloseTo(1 - Math.pow(0.975, 1.0 / (n + 1)), within(1e-9));
    assertThat(e.mean()).isCloseTo(1.0 / (n + 2), within(1e-12));
    assertThat(e.rate()).isEqualTo(0.0);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100})
  void allPositivesMirrorZeroPositives(int n) {
    RateEstimate none = RateEstimate.of("a", 0, n), all = RateEstimate.of("b", n, n);
    assertThat(all.lo()).isCloseTo(1 - none.hi(), within(1e-9));
    assertThat(all.hi()).isCloseTo(1 - none.lo(), within(1e-9));
    assertThat(all.mean()).isCloseTo(1 - none.mean(), within(1e-12));
    // Beta(1+n, 1) has CDF x^(n+1): its 2.5% quantile is 0.025^(1/(n+1)).
    assertThat(all.lo()).isCloseTo(Math.pow(0.025, 1.0 / (n + 1)), within(1e-9));
  }

  @Test
  void noDataIsTheUniformPriorWithNaNRates() {
    RateEstimate e = RateEstimate.of("empty", 0, 0);
    assertThat(e.lo()).isCloseTo(0.025, within(1e-12));
    assertThat(e.hi()).isCloseTo(0.975, within(1e-12));
    assertThat(e.mean()).isEqualTo(0.5);
    assertThat(e.rate()).isNaN();
    assertThat(e.wilsonLo()).isNaN();
    assertThat(e.wilsonHi()).isNaN();
    assertThat(e.empty()).isTrue();
  }

  @Test
  void interiorPosteriorMatchesAnIndependentComputation() {
    // Beta(4, 18) (3 of 20): mean 4/22; quantiles from SciPy 1.17 scipy.stats.beta(4, 18).ppf([0.025, 0.975]).
    RateEstimate e = RateEstimate.of("v", 3, 20);
    assertThat(e.mean()).isCloseTo(4.0 / 22, within(1e-12));
    assertThat(e.lo()).isCloseTo(0.05446357, within(1e-7));
    assertThat(e.hi()).isCloseTo(0.36342399, within(1e-7));
    assertThat(e.rate()).isEqualTo(0.15);
  }

  @Test
  void wilsonMatchesTextbookValues() {
    // Newcombe (1998), Stat Med 17:857, Table I, method 3 (Wilson score without continuity correction): 81/263.
    RateEstimate a = RateEstimate.of("a", 81, 263);
    assertThat(a.wilsonLo()).isCloseTo(0.2553, within(5e-5));
    assertThat(a.wilsonHi()).isCloseTo(0.3662, within(5e-5));
    // 0/20 -> 0 to 0.1611, 15/148 -> 0.0624 to 0.1605 (same table).
    RateEstimate b = RateEstimate.of("b", 0, 20);
    assertThat(b.wilsonLo()).isEqualTo(0.0);
    assertThat(b.wilsonHi()).isCloseTo(0.1611, within(5e-5));
    RateEstimate c = RateEstimate.of("c", 15, 148);
    assertThat(c.wilsonLo()).isCloseTo(0.0624, within(5e-5));
    assertThat(c.wilsonHi()).isCloseTo(0.1605, within(5e-5));
    // 0/10: upper bound z²/(n+z²) = 0.27753; 5/10: 0.5 ± 0.26341 = 0.23659 to 0.76341.
    RateEstimate d = RateEstimate.of("d", 0, 10);
    assertThat(d.wilsonHi()).isCloseTo(0.27753, within(5e-6));
    RateEstimate f = RateEstimate.of("f", 5, 10);
    assertThat(f.wilsonLo()).isCloseTo(0.23659, within(5e-6));
    assertThat(f.wilsonHi()).isCloseTo(0.76341, within(5e-6));
    assertThat(RateEstimate.of("g", 10, 10).wilsonHi()).isEqualTo(1.0);
  }

  @Test
  void estimateKeepsItsTally() {
    Tally t = new Tally("v1", Map.of("field", "points"), 10, 3, Map.of("odd", 3, "even", 7, "unparsed", 2));
    RateEstimate e = RateEstimate.of(t);
    assertThat(e.tally()).isSameAs(t);
    assertThat(e.n()).isEqualTo(10);
    assertThat(e.k()).isEqualTo(3);
    assertThat(e.key()).isEqualTo("v1");
    assertThat(e.rate()).isEqualTo(0.3);
  }

  @Test
  void badCountsAreRejectedWithAClearMessage() {
    assertThatThrownBy(() -> RateEstimate.of("v", 5, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'v'").hasMessageContaining("k must be in [0, n=3]");
    assertThatThrownBy(() -> Tally.of("w", null, -1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n must be >= 0");
  }
}
