package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Known answers, computed by hand (see each comment). */
class KappaTest {
  /**
   * [[20,5],[10,15]], n 50: p_o = 35/50 = 0.7; margins A (0.5, 0.5), B (0.6, 0.4); p_e = 0.5·0.6 + 0.5·0.4 = 0.5;
   * κ = 0.2/0.5 = 0.4. Fleiss–Cohen–Everitt variance: A = 0.4(1 − 1.1·0.6)² + 0.3(1 − 0.9·0.6)² = 0.10972;
   * B = 0.6²·(0.1·1.1² + 0.2·0.9²) = 0.10188; C = (0.4 − 0.5·0.6)² = 0.01; var = 0.2016 / (0.25·50) = 0.016128,
   * SE = 0.12700; interval 0.4 ± 1.96·0.127 = [0.1511, 0.6489].
   */
  @Test
  void theTextbookTable() {
    Kappa k = Kappa.of(new long[][] {{20, 5}, {10, 15}});
    assertThat(k.n()).isEqualTo(50);
    assertThat(k.observed()).isCloseTo(0.7, within(1e-12));
    assertThat(k.expected()).isCloseTo(0.5, within(1e-12));
    assertThat(k.kappa()).isCloseTo(0.4, within(1e-12));
    assertThat(k.se()).isCloseTo(Math.sqrt(0.016128), within(1e-9));
    assertThat(k.lo()).isCloseTo(0.15109, within(1e-5));
    assertThat(k.hi()).isCloseTo(0.64891, within(1e-5));
    assertThat(k.describe()).isEqualTo("κ 0.40 [0.15, 0.65]");
    assertThat(Kappa.binary(20, 5, 10, 15)).isEqualTo(k);
  }

  @Test
  void perfectAgreementIsOne() {
    Kappa k = Kappa.binary(30, 0, 0, 10);
    assertThat(k.kappa()).isCloseTo(1.0, within(1e-12));
    assertThat(k.se()).isCloseTo(0.0, within(1e-9)); // the large-sample SE vanishes: the interval is [1, 1]
    assertThat(k.lo()).isCloseTo(1.0, within(1e-6));
    assertThat(k.hi()).isEqualTo(1.0);
    assertThat(k.describe()).isEqualTo("κ 1.00 (no interval: its large-sample SE is 0)"); // not a misleading [1.00, 1.00]
  }

  /** [[4,6],[6,9]]: margins (0.4, 0.6) for both, p_e = 0.16 + 0.36 = 0.52 = p_o = 13/25, κ = 0. */
  @Test
  void agreementAtChanceIsZero() {
    Kappa k = Kappa.binary(4, 6, 6, 9);
    assertThat(k.kappa()).isCloseTo(0.0, within(1e-12));
    assertThat(k.lo()).isNegative();
    assertThat(k.hi()).isPositive();
    assertThat(k.describe()).startsWith("κ 0.00 [-");
    // complete disagreement on two balanced classes: κ = (0 − 0.5)/0.5 = −1
    assertThat(Kappa.binary(0, 5, 5, 0).kappa()).isCloseTo(-1.0, within(1e-12));
  }

  /** Every item in one class by both: p_e = 1, κ = 0/0, said to be undefined, never NaN. */
  @Test
  void oneClassOnlyIsUndefinedNotNaN() {
    Kappa k = Kappa.binary(12, 0, 0, 0);
    assertThat(k.defined()).isFalse();
    assertThat(k.kappa()).isNull();
    assertThat(k.lo()).isNull();
    assertThat(k.observed()).isEqualTo(1.0);
    assertThat(k.describe()).isEqualTo("κ undefined (both gave every item the same class)").doesNotContain("NaN");
    assertThat(Kappa.binary(0, 0, 0, 0).describe()).isEqualTo("κ undefined (no item scored by both)");
    // one rater uses one class only, the other both: defined, and no better than chance
    assertThat(Kappa.binary(8, 2, 0, 0).kappa()).isCloseTo(0.0, within(1e-12));
  }

  /** Three classes (honest, attempt, covert), n 50: p_o = 42/50 = 0.84; margins (0.5, 0.2, 0.3) for both; p_e = 0.38; κ = 0.46/0.62. */
  @Test
  void moreThanTwoClasses() {
    Kappa k2 = Kappa.of(new long[][] {{22, 1, 2}, {1, 8, 1}, {2, 1, 12}});
    assertThat(k2.observed()).isCloseTo(0.84, within(1e-12));
    assertThat(k2.expected()).isCloseTo(0.5 * 0.5 + 0.2 * 0.2 + 0.3 * 0.3, within(1e-12));
    assertThat(k2.kappa()).isCloseTo((0.84 - 0.38) / 0.62, within(1e-12));
    assertThatThrownBy(() -> Kappa.of(new long[][] {{1, 2}, {3}})).hasMessageContaining("square");
    assertThatThrownBy(() -> Kappa.binary(1, -1, 0, 0)).hasMessageContaining(">= 0");
  }
}
