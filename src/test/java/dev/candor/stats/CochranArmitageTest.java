package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CochranArmitageTest {
  /**
   * R's documentation example of prop.trend.test (smokers among patients in four age groups, scores 1..4):
   * X-squared = 8.2249, df = 1, p-value = 0.004132. The same numbers from an independent stdlib-only python3
   * computation: z = -2.8679125309530873, z^2 = 8.224922285197742, p = 0.004131897477641419.
   */
  @Test
  void matchesRsPropTrendTestExample() {
    var r = CochranArmitage.test(new double[] {1, 2, 3, 4}, new int[] {83, 90, 129, 70}, new int[] {86, 93, 136, 82});
    assertThat(r.z()).isCloseTo(-2.8679125309530873, within(1e-9));
    assertThat(r.chiSquare()).isCloseTo(8.2249, within(1e-4));
    assertThat(r.p()).isCloseTo(0.004131897477641419, within(1e-9));
    assertThat(r.undefined()).isNull();
  }

  /**
   * Agresti, Categorical Data Analysis (2nd ed. 2002), the infant malformation × maternal alcohol consumption table
   * (malformation 48, 38, 5, 1, 1 of 17114, 14502, 793, 127, 38; scores 0, 0.5, 1.5, 4, 7): Agresti reports
   * M² = (N−1)r² = 6.57, P = 0.01. The Cochran–Armitage z² is N r² (python3: z = 2.5632272518654204,
   * z² = 6.570133944705556, p = 0.010370414572997443; (N−1)/N·z² = 6.5699).
   */
  @Test
  void matchesAgrestisMalformationExample() {
    int[] k = {48, 38, 5, 1, 1}, n = {17114, 14502, 793, 127, 38};
    var r = CochranArmitage.test(new double[] {0, 0.5, 1.5, 4, 7}, k, n);
    assertThat(r.z()).isCloseTo(2.5632272518654204, within(1e-9));
    assertThat(r.p()).isCloseTo(0.010370414572997443, within(1e-9));
    long bigN = 32574;
    assertThat((bigN - 1.0) / bigN * r.chiSquare()).isCloseTo(6.57, within(0.005));
  }

  @Test
  void flatCurveHasNoSignificantTrend() {
    var r = CochranArmitage.test(new double[] {0, 100, 200, 300}, new int[] {30, 31, 29, 30}, new int[] {100, 100, 100, 100});
    assertThat(r.p()).isGreaterThan(0.5);
  }

  @Test
  void undefinedWithoutVariationAndIgnoresEmptyGroups() {
    assertThat(CochranArmitage.test(new double[] {0, 1}, new int[] {0, 0}, new int[] {10, 10}).undefined()).contains("0%");
    assertThat(CochranArmitage.test(new double[] {0, 1}, new int[] {3, 0}, new int[] {10, 0}).undefined()).contains("fewer than two");
    assertThat(CochranArmitage.test(new double[] {5, 5}, new int[] {3, 4}, new int[] {10, 10}).undefined()).contains("same step");
    var withEmpty = CochranArmitage.test(new double[] {1, 2, 3, 4, 9}, new int[] {83, 90, 129, 70, 0}, new int[] {86, 93, 136, 82, 0});
    assertThat(withEmpty.z()).isCloseTo(-2.8679125309530873, within(1e-9));
  }
}
