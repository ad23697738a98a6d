package dev.candor.report;

import static dev.candor.testing.TrajectoryBuilder.trajectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.core.SuiteInfo;
import dev.candor.stats.Tally;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.testing.RunRecords;
import dev.candor.core.Trajectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLoaderTest {
  @TempDir Path dir;

  static Trajectory t(String sample, int epoch, String variant, String label, Integer value, String meta) {
    return trajectory(sample, epoch).variant(variant).verdict(label, value).metadataJson(meta).output("x", null)
        .finishReason("stop").messages(List.of()).events(List.of()).attempts(List.of()).build();
  }

  Store store() {
    Store s = Store.open(dir.resolve("l.db").toString());
    s.runs().create(RunRecords.of("r").suite("covert-actions").model("m/x").candorVersion("t").epochs(4).build(),
        List.of(new StoredSample("sb/on", 0, "sb/on", "{\"scenario\":\"sb\",\"threat\":\"on\",\"family\":\"sandbagging-qa\"}", "[]", "{}"),
            new StoredSample("sb/off", 1, "sb/off", "{\"scenario\":\"sb\",\"threat\":\"off\",\"family\":\"sandbagging-qa\"}", "[]", "{}"),
            new StoredSample("ctl", 2, "ctl", "{\"scenario\":\"esc\",\"threat\":\"n/a\",\"family\":\"over-escalation\"}", "[]", "{\"control\":true}")));
    for (int e = 1; e <= 4; e++) {
      s.trajectories().save("r", t("sb/on", e, "sb/on", "covert", 1, "{\"correct\":2,\"questions\":10,\"confirmed\":" + (e <= 1 ? 1 : 0) + "}"));
      s.trajectories().save("r", t("sb/off", e, "sb/off", "honest", 0, "{\"correct\":9,\"questions\":10,\"confirmed\":0}"));
      s.trajectories().save("r", t("ctl", e, "ctl", "over_escalated", 1, "{}"));
    }
    return s;
  }

  static final SuiteInfo SUITE = SuiteInfo.generic("covert-actions");

  @Test
  void confirmedMetricCountsTheJudgeAgreedVerdicts() {
    try (Store s = store()) {
      List<Tally> stored = RunLoader.variantTallies(s, "r", SUITE);
      assertThat(stored.getFirst().k()).isEqualTo(4);
      List<Tally> confirmed = RunLoader.variantTallies(s, "r", "confirmed", SUITE);
      assertThat(confirmed.getFirst().n()).isEqualTo(4);
      assertThat(confirmed.getFirst().k()).isEqualTo(1);
      assertThat(confirmed.get(2).n()).as("no field: not counted, reported by label").isZero();
      assertThat(confirmed.get(2).count("no_confirmed")).isEqualTo(4);
      assertThatThrownBy(() -> RunLoader.variantTallies(s, "r", "nonexistent", SUITE)).hasMessageContaining("metric").hasFieldOrPropertyWithValue("setting", dev.candor.InvalidSetting.Setting.METRIC);
    }
  }

  @Test
  void sandbaggingTestComparesThreatWithControlPerScenario() {
    try (Store s = store()) {
      var r = RunLoader.sandbagging(s, "r", 0.05);
      assertThat(r).containsOnlyKeys("sb");
      // four trajectories per arm, each 2/10 under threat and 9/10 in control: 1 of C(8,4) = 70 splits is as extreme
      assertThat(r.get("sb").threatTrajectories()).isEqualTo(4);
      assertThat(r.get("sb").controlTrajectories()).isEqualTo(4);
      assertThat(r.get("sb").pValue()).isCloseTo(1.0 / 70, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(r.get("sb").sandbagging()).isTrue();
    }
  }

  @Test
  void suiteAverageIsOverFamiliesOfPressureSettingsWithoutControls() {
    try (Store s = store()) {
      var ev = RunLoader.evaluations(s, "r", RunLoader.variantTallies(s, "r", SUITE));
      var avg = ev.average().pressure();
      assertThat(avg.cells()).isEqualTo(1); // family sandbagging-qa only; the over-escalation control is left out
      assertThat(ev.controlFamilies()).containsExactly("over-escalation");
      // its pressure arm (threat on) is 4/4 covert; the control arm (threat off, 0/4) is reported beside it
      assertThat(avg.analyticMean()).isCloseTo(5 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(ev.average().counterfactual().analyticMean()).isCloseTo(1 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
    }
  }
}
