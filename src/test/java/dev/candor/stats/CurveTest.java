package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveTest {
  @Test
  void decliningCurveHasASignificantNegativeTrendAndSlope() {
    var cells = List.of(List.of(Tally.of("a", null, 200, 120), Tally.of("b", null, 200, 100)),
        List.of(Tally.of("a", null, 200, 80), Tally.of("b", null, 200, 60)),
        List.of(Tally.of("a", null, 200, 20), Tally.of("b", null, 200, 10)));
    Curve c = Curve.of("headline", List.of(0L, 1000L, 2000L), List.of("sft", "rl", "rl"), cells, 1);
    assertThat(c.points()).extracting(Curve.Point::n).containsExactly(400, 400, 400);
    assertThat(c.points().getFirst().k()).isEqualTo(220);
    assertThat(c.points().getFirst().mean()).isCloseTo((121.0 / 202 + 101.0 / 202) / 2, within(1e-12));
    assertThat(c.points().getFirst().cells()).isEqualTo(2);
    assertThat(c.trend().z()).isNegative();
    assertThat(c.trend().p()).isLessThan(1e-10);
    assertThat(c.slope().unit()).isEqualTo(1000);
    assertThat(c.slope().hi()).isNegative();
    assertThat(c.boundaries()).containsExactly(1);
    assertThat(c.phases().phases()).extracting(PhaseAttribution.Phase::name).containsExactly("sft", "rl");
  }

  @Test
  void flatCurveTrendIsNotSignificant() {
    var cells = List.of(List.of(Tally.of("a", null, 300, 60)), List.of(Tally.of("a", null, 300, 62)),
        List.of(Tally.of("a", null, 300, 58)), List.of(Tally.of("a", null, 300, 61)));
    Curve c = Curve.of("flat", List.of(0L, 10L, 20L, 30L), List.of("", "", "", ""), cells, 1);
    assertThat(c.trend().p()).isGreaterThan(0.05);
    assertThat(c.slope().lo()).isNegative();
    assertThat(c.slope().hi()).isPositive();
    assertThat(c.plateau().start()).isZero();
    assertThat(c.points().getFirst().lo()).isCloseTo(RateEstimate.of("a", 60, 300).lo(), within(1e-12));
    assertThat(c.phases().sharesDefined()).isFalse();
  }
}
