package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogisticTrendTest {
  /**
   * Agresti, Categorical Data Analysis (2nd ed. 2002), the malformation data with scores 0, 0.5, 1.5, 4, 7: the ML
   * fit logit(π) = −5.960 + 0.3166x, SE(β) = 0.1254. A separate stdlib-only python3 Newton–Raphson (uncentred) gives
   * a = −5.960461061206186, b = 0.3165603927677702, SE(b) = 0.12544689756268804.
   */
  @Test
  void matchesTheTextbookFit() {
    int[] k = {48, 38, 5, 1, 1}, n = {17114, 14502, 793, 127, 38};
    var f = LogisticTrend.fit(new double[] {0, 0.5, 1.5, 4, 7}, k, n, 1);
    assertThat(f.undefined()).isNull();
    assertThat(f.intercept()).isCloseTo(-5.960461061206186, within(1e-7));
    assertThat(f.slope()).isCloseTo(0.3165603927677702, within(1e-8));
    assertThat(f.se()).isCloseTo(0.12544689756268804, within(1e-8));
    assertThat(f.lo()).isCloseTo(0.3165603927677702 - 1.959963984540054 * 0.12544689756268804, within(1e-7));
    assertThat(f.oddsRatio()).isCloseTo(Math.exp(0.3165603927677702), within(1e-7));
  }

  /** The slope scales with the unit: steps in thousands reported per 1,000 steps give the same fit. */
  @Test
  void slopeIsPerUnitSteps() {
    int[] k = {83, 90, 129, 70}, n = {86, 93, 136, 82};
    var perStep = LogisticTrend.fit(new double[] {1, 2, 3, 4}, k, n, 1);
    var perThousand = LogisticTrend.fit(new double[] {1000, 2000, 3000, 4000}, k, n, 1000);
    // python3 Newton–Raphson on this table: b = -0.6316134468057975, SE 0.22847037890126254
    assertThat(perStep.slope()).isCloseTo(-0.6316134468057975, within(1e-8));
    assertThat(perStep.se()).isCloseTo(0.22847037890126254, within(1e-8));
    assertThat(perThousand.slope()).isCloseTo(perStep.slope(), within(1e-9));
    assertThat(LogisticTrend.unitFor(new double[] {0, 500, 2400})).isEqualTo(1000);
    assertThat(LogisticTrend.unitFor(new double[] {0, 40})).isEqualTo(10);
    assertThat(LogisticTrend.unitFor(new double[] {0, 3})).isEqualTo(1);
  }

  @Test
  void flatCurveSlopeIntervalIncludesZero() {
    var f = LogisticTrend.fit(new double[] {0, 100, 200, 300}, new int[] {30, 31, 29, 30}, new int[] {100, 100, 100, 100}, 100);
    assertThat(f.lo()).isNegative();
    assertThat(f.hi()).isPositive();
  }

  @Test
  void separationAndConstantOutcomesAreUndefined() {
    assertThat(LogisticTrend.fit(new double[] {0, 1, 2}, new int[] {0, 0, 10}, new int[] {10, 10, 10}, 1).undefined()).contains("separated");
    assertThat(LogisticTrend.fit(new double[] {0, 1, 2}, new int[] {0, 0, 0}, new int[] {10, 10, 10}, 1).undefined()).contains("0%");
    assertThat(LogisticTrend.fit(new double[] {0, 1}, new int[] {3, 0}, new int[] {10, 0}, 1).undefined()).contains("two distinct steps");
    assertThat(Double.isNaN(LogisticTrend.fit(new double[] {0, 1, 2}, new int[] {0, 0, 10}, new int[] {10, 10, 10}, 1).slope())).isTrue();
  }
}
