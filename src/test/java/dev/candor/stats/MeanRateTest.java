package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeanRateTest {
  private static final List<Tally> CELLS = List.of(
      Tally.of("e1", null, 100, 13), Tally.of("e2", null, 40, 0), Tally.of("e3", null, 250, 60), Tally.of("e4", null, 12, 11));

  @Test
  void monteCarloMeanMatchesTheMeanOfPosteriorMeans() {
    MeanRate m = MeanRate.of(CELLS, 42);
    double analytic = (14.0 / 102 + 1.0 / 42 + 61.0 / 252 + 12.0 / 14) / 4;
    assertThat(m.analyticMean()).isCloseTo(analytic, within(1e-12));
    // Standard error of the Monte Carlo mean is far below 1e-3 with 100,000 draws.
    assertThat(m.mean()).isCloseTo(analytic, within(1e-3));
    assertThat(m.lo()).isLessThan(m.mean());
    assertThat(m.hi()).isGreaterThan(m.mean());
    assertThat(m.cells()).isEqualTo(4);
    assertThat(m.draws()).isEqualTo(MeanRate.DEFAULT_DRAWS);
  }

  @Test
  void intervalWidthMatchesTheNormalApproximation() {
    // The average of independent posteriors has variance sum(var_i)/m²; with these n the 95% interval is close to
    // mean ± 1.96 sd.
    double var = 0;
    for (Tally t : CELLS) var += RateEstimate.posterior(t.k(), t.n()).getVariance();
    double sd = Math.sqrt(var) / CELLS.size();
    MeanRate m = MeanRate.of(CELLS, 7);
    assertThat(m.hi() - m.lo()).isCloseTo(2 * 1.96 * sd, within(0.1 * 2 * 1.96 * sd));
  }

  @Test
  void singleCellReproducesItsBetaQuantiles() {
    MeanRate m = MeanRate.of(List.of(Tally.of("x", null, 50, 10)), 3);
    RateEstimate e = RateEstimate.of("x", 10, 50);
    assertThat(m.lo()).isCloseTo(e.lo(), within(0.003));
    assertThat(m.hi()).isCloseTo(e.hi(), within(0.003));
  }

  @Test
  void sameSeedSameResultDifferentSeedDifferentDraws() {
    assertThat(MeanRate.of(CELLS, 11, 5000)).isEqualTo(MeanRate.of(CELLS, 11, 5000));
    assertThat(MeanRate.of(CELLS, 11, 5000).mean()).isNotEqualTo(MeanRate.of(CELLS, 12, 5000).mean());
  }

  @Test
  void rejectsEmptyInputAndTooFewDraws() {
    assertThatThrownBy(() -> MeanRate.of(List.of(), 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no cells");
    assertThatThrownBy(() -> MeanRate.of(CELLS, 1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("draws");
  }
}
