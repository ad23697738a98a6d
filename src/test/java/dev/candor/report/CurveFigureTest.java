package dev.candor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveFigureTest {
  static final List<CurveFigure.Point> POINTS = List.of(new CurveFigure.Point(0, 0.1, 0.05, 0.15), new CurveFigure.Point(500, Double.NaN, Double.NaN, Double.NaN),
      new CurveFigure.Point(1000, 0.6, 0.5, 0.7), new CurveFigure.Point(2000, 0.05, 0.02, 0.08));

  @Test
  void drawsPanelsWithPhaseLabelsInSvgAndPng() {
    CurveFigure f = CurveFigure.of("Group g", "sub", List.of(new CurveFigure.Panel("Headline (gamed)", "rate", true, POINTS),
        new CurveFigure.Panel("Tracked terms", "per 1,000 words", false, List.of(new CurveFigure.Point(0, 3, 1, 5), new CurveFigure.Point(2000, 0, 0, 0)))),
        List.of(new CurveFigure.Boundary(750, "rl"), new CurveFigure.Boundary(1500, "safety")));
    String svg = f.svg();
    assertThat(svg).contains("<svg", "Headline (gamed)", "Tracked terms", ">rl<", ">safety<", "100%");
    assertThat(f.png()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(CurveFigure.ticks(0, 2000)).containsExactly(0L, 500L, 1000L, 1500L, 2000L);
  }

  @Test
  void needsAPanel() {
    assertThatThrownBy(() -> CurveFigure.of("t", null, List.of(), List.of())).hasMessageContaining("at least one panel");
  }
}
