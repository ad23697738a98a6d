package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlateauTest {
  static List<List<Tally>> curve(int n, int... k) {
    return java.util.Arrays.stream(k).mapToObj(x -> List.of(Tally.of("c", null, n, x))).toList();
  }

  /** 50%, 40%, 30%, then 20% three times (n = 1000): the plateau starts at the fourth checkpoint (index 3). */
  @Test
  void foundWhereConstructed() {
    Plateau p = Plateau.of(curve(1000, 500, 400, 300, 200, 201, 199), 5);
    assertThat(p.start()).isEqualTo(3);
    assertThat(p.reached()).isTrue();
    assertThat(p.pHolm()[2]).isLessThan(0.05);
    assertThat(p.pHolm()[3]).isGreaterThan(0.05);
    assertThat(p.tail().mean()).isCloseTo(200.0 / 1002 - 201.0 / 1002, within(1e-12));
    assertThat(p.tail().excludesZero()).isFalse();
    assertThat(p.tail().hi() - p.tail().lo()).isLessThan(0.08);
  }

  @Test
  void flatCurveIsAPlateauFromTheStart() {
    assertThat(Plateau.of(curve(200, 40, 41, 39, 40), 1).start()).isZero();
  }

  @Test
  void stillMovingAtTheEndIsNotAPlateau() {
    Plateau p = Plateau.of(curve(1000, 500, 400, 300, 200), 1);
    assertThat(p.start()).isEqualTo(3);
    assertThat(p.reached()).isFalse();
  }

  /** Holm over the comparisons: one barely significant raw p among several stops counting once adjusted. */
  @Test
  void holmAdjustsTheComparisons() {
    Plateau p = Plateau.of(curve(100, 30, 31, 29, 30, 30, 30, 31, 29, 30, 45), 1);
    assertThat(p.p()[0]).isLessThan(0.05);
    assertThat(p.pHolm()[0]).isGreaterThanOrEqualTo(p.p()[0]);
  }
}
