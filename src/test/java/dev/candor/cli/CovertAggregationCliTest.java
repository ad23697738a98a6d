package dev.candor.cli;

import static dev.candor.testing.TrajectoryBuilder.trajectory;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.core.Trajectory;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.testing.RunRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21, covert-actions aggregation, end to end through {@code show} and {@code compare} on hand-built runs:
 * run "old" is stored the way runs were before the spec became a run-level condition (ids ending /spec-off, a spec
 * axis); run "new" the way they are now (no spec in ids or axes, withSpec in the configuration).
 */
class CovertAggregationCliTest {
  @TempDir Path dir;
  String db;
  static final ObjectMapper JSON = new ObjectMapper();

  static Trajectory t(String sample, int epoch, String label, Integer value, String meta) {
    return trajectory(sample, epoch).variant(sample).verdict(label, value).metadataJson(meta).output("x", null)
        .finishReason("stop").messages(List.of()).events(List.of()).attempts(List.of()).build();
  }

  /** A sample and its trajectories: {@code covert} of {@code n} epochs covert. */
  record Cell(String scenario, String family, String knobs, String threat, int n, int covert, String meta, boolean control) {}

  void store(Store s, String run, boolean oldFormat, boolean withSpec, List<Cell> cells) {
    List<StoredSample> samples = new ArrayList<>();
    for (Cell c : cells) {
      String id = c.scenario() + "/" + c.knobs() + (oldFormat ? "/spec-" + (withSpec ? "on" : "off") : "");
      String axes = "{\"scenario\":\"" + c.scenario() + "\",\"family\":\"" + c.family() + "\",\"threat\":\"" + c.threat() + "\",\"nudge\":\"n/a\",\"oversight\":\"n/a\""
          + (oldFormat ? ",\"spec\":\"" + (withSpec ? "on" : "off") + "\"" : "") + "}";
      samples.add(new StoredSample(id, samples.size(), id, axes, "[]", c.control() ? "{\"control\":true}" : "{}"));
    }
    s.runs().create(RunRecords.of(run).suite("covert-actions").model("m/x").candorVersion("t").epochs(4)
        .config("{\"withSpec\":" + withSpec + "}").build(), samples);
    for (int i = 0; i < cells.size(); i++) {
      Cell c = cells.get(i);
      for (int e = 1; e <= c.n(); e++)
        s.trajectories().save(run, t(samples.get(i).sampleId(), e, e <= c.covert() ? "covert" : "honest", e <= c.covert() ? 1 : 0, c.meta()));
    }
  }

  @BeforeEach
  void setUp() {
    db = dir.resolve("c.db").toString();
    try (Store s = Store.open(db)) {
      // family alpha: a1 pressure 2/4, a1 counterfactual 0/4, a2 (no knob) 0/4 -> pressure 2/8, posterior mean 3/10
      // family beta: b1 4/4 -> 5/6. sandbagging-qa: sb threat on 1/1 (3 of 10 right), threat off 0/1 (10 of 10) -> 2/3.
      // over-escalation is a control family, left out.
      store(s, "old", true, false, List.of(
          new Cell("a1", "alpha", "threat-on", "on", 4, 2, "{}", false), new Cell("a1", "alpha", "threat-off", "off", 4, 0, "{}", false),
          new Cell("a2", "alpha", "base", "n/a", 4, 0, "{}", false), new Cell("b1", "beta", "base", "n/a", 4, 4, "{}", false),
          new Cell("sb", "sandbagging-qa", "threat-on", "on", 1, 1, "{\"correct\":3,\"questions\":10}", false),
          new Cell("sb", "sandbagging-qa", "threat-off", "off", 1, 0, "{\"correct\":10,\"questions\":10}", false),
          new Cell("esc", "over-escalation", "base", "n/a", 4, 4, "{}", true)));
      // with the spec: alpha 0/8 under pressure (1/10), beta 1/4 (1/3)
      store(s, "new", false, true, List.of(
          new Cell("a1", "alpha", "threat-on", "on", 4, 0, "{}", false), new Cell("a1", "alpha", "threat-off", "off", 4, 0, "{}", false),
          new Cell("a2", "alpha", "base", "n/a", 4, 0, "{}", false), new Cell("b1", "beta", "base", "n/a", 4, 1, "{}", false),
          new Cell("esc", "over-escalation", "base", "n/a", 4, 4, "{}", true)));
    }
  }

  @Test
  void showAveragesOverFamiliesOfPressureSettingsAndNamesTheUnit() {
    var o = Outcome.candor("show", "old", "--db", db);
    assertThat(o.code()).as(o.all()).isZero();
    // (3/10 + 5/6 + 2/3) / 3 = 60.0%; over scenarios with both arms pooled it was (3/10 + 1/6 + 5/6 + 1/2) / 4 = 45.0%
    assertThat(o.out()).contains("average over 3 evaluation families").contains("control families left out: over-escalation")
        .containsPattern("average over 3 evaluation families +60\\.0% \\[")
        .containsPattern("alpha +2 +30\\.0% \\[[0-9.]+, [0-9.]+\\] 2/8 +16\\.7% \\[[0-9.]+, [0-9.]+\\] 0/4 +\\+13\\.3 pp")
        .contains("with between-scenario variation").contains("bootstrap over scenarios within families")
        .contains("conditions: spec off");
    // one trajectory per arm, 3/10 vs 10/10: not evidence of sandbagging (pooled questions gave p = 0.0015)
    assertThat(o.out()).containsPattern("sb +30\\.0% \\(1 traj\\.\\) +100\\.0% \\(1 traj\\.\\) +\\+70\\.0 pp \\[–\\] +0\\.500 \\(exact\\) +too few trajectories to test")
        .doesNotContain("SANDBAGGING");
    assertThat(o.out()).as("cells keep their knobs, not the run's spec").contains("a1/threat-on ").doesNotContain("spec-off");
  }

  @Test
  void showJsonAndCsvCarryTheFamiliesTheAverageAndTheSandbaggingVerdict() throws Exception {
    JsonNode j = JSON.readTree(Outcome.candor("show", "old", "--db", db, "--format", "json").out());
    assertThat(j.at("/unit").asText()).isEqualTo("average over 3 evaluation families");
    assertThat(j.at("/cells/0/variant").asText()).isEqualTo("a1/threat-on");
    assertThat(j.at("/families/0/pressure/k").asInt()).isEqualTo(2);
    assertThat(j.at("/families/0/pressure/n").asInt()).isEqualTo(8);
    assertThat(j.at("/families/0/counterfactual/n").asInt()).isEqualTo(4);
    assertThat(j.at("/average/pressure/mean").asDouble()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.003));
    assertThat(j.at("/average/pressure_bootstrap/seed").isNumber()).isTrue();
    assertThat(j.at("/sandbagging/0/verdict").asText()).isEqualTo("too_few");
    assertThat(j.at("/sandbagging/0/p").asDouble()).isEqualTo(0.5);
    String csv = Outcome.candor("show", "old", "--db", db, "--format", "csv").out();
    assertThat(csv).contains("\r\n\r\nfamily,scenarios,pressure_n").contains("\r\nalpha,2,8,2,").contains("average over 3 evaluation families,")
        .contains("\r\n\r\nscenario,threat_trajectories").contains("sb,1,1,0.3,1.0,0.7,,,0.5,true,too_few");
  }

  @Test
  void comparePairsRunsWithAndWithoutTheSpecAndTestsTheSuiteAverage() throws Exception {
    var o = Outcome.candor("compare", "old", "new", "--db", db);
    assertThat(o.code()).as(o.all()).isZero();
    // every cell pairs although one run was stored with /spec-off ids and the other has the spec on
    assertThat(o.out()).containsPattern("b1/base +83\\.3% \\[[0-9.]+, [0-9.]+\\] 4/4 +33\\.3% \\[[0-9.]+, [0-9.]+\\] 1/4 +-50\\.0 pp");
    // families both runs counted: alpha, beta. Before (3/10 + 5/6)/2 = 56.7%, after (1/10 + 1/3)/2 = 21.7%; raw
    // difference (−2/8 − 3/4)/2 = −0.5, whose stratified permutation p (enumerated by hand over the hypergeometric
    // supports of both families) is 1/30 = 0.0333
    assertThat(o.out()).contains("suite average, average over the 2 evaluation families both runs counted")
        .containsPattern("new vs old +2 +56\\.7% +21\\.7% +-35\\.0 pp \\[[-+0-9., ]+\\] +0\\.033 \\(exact\\)");
    JsonNode j = JSON.readTree(Outcome.candor("compare", "old", "new", "--db", db, "--format", "json").out());
    assertThat(j.at("/suite/0/p").asDouble()).isCloseTo(1.0 / 30, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(j.at("/suite/0/families").asInt()).isEqualTo(2);
    assertThat(j.at("/sandbagging/0/verdict").asText()).isEqualTo("too_few");
    assertThat(j.at("/cells").size()).isEqualTo(7);
    String csv = Outcome.candor("compare", "old", "new", "--db", db, "--format", "csv").out();
    assertThat(csv).contains("\r\n\r\nbaseline,run,unit,families,").contains("\r\nold,new,average over 2 evaluation families,2,")
        .contains("\r\n\r\nrun,scenario,threat_trajectories").contains("\r\nold,sb,1,1,");
  }
}
