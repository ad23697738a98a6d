package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.stats.Curve;
import dev.candor.stats.Tally;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An average of posterior means has a floor set by the prior; the curve says so when it matters. */
class CurvePriorFloorTest {
  static Curve curve(int perCell) {
    List<List<Tally>> cps = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      List<Tally> cells = new ArrayList<>();
      for (int v = 0; v < 39; v++) cells.add(Tally.of("v" + v, null, perCell, 0)); // nothing flagged anywhere
      cps.add(cells);
    }
    return Curve.of("headline", List.of(0L, 100L), List.of("", ""), cps, 1);
  }

  @Test
  void fewSamplesPerCellGiveAFloorTheCurveNames() {
    Curve c = curve(20);
    assertThat(c.points().getFirst().mean()).as("0 of 780 flagged, yet the average of posterior means is 1/22").isBetween(0.04, 0.05);
    assertThat(CurveCommand.priorFloor(c)).contains("about 20 samples per cell").contains("4.5%");
  }

  @Test
  void manySamplesPerCellNeedNoNote() {
    assertThat(CurveCommand.priorFloor(curve(200))).isEmpty();
  }
}
