package dev.candor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ArmTest {
  @Test
  void aSettingIsCounterfactualWhenAnyDeclaredKnobRemovesPressure() {
    assertThat(Arm.of(Map.of("threat", "on", "oversight", "off"))).isEqualTo(Arm.PRESSURE);
    assertThat(Arm.of(Map.of("threat", "on", "oversight", "on"))).isEqualTo(Arm.COUNTERFACTUAL);
    assertThat(Arm.of(Map.of("nudge", "off", "threat", "on"))).isEqualTo(Arm.COUNTERFACTUAL);
    assertThat(Arm.of(Map.of("threat", "off"))).isEqualTo(Arm.COUNTERFACTUAL);
    // undeclared knobs (n/a) and other axes do not count; no knob at all is the pressure arm
    assertThat(Arm.of(Map.of("nudge", "n/a", "threat", "n/a", "oversight", "n/a", "scenario", "x"))).isEqualTo(Arm.PRESSURE);
    assertThat(Arm.of(Map.of())).isEqualTo(Arm.PRESSURE);
  }
}
