package dev.candor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.stats.Comparison;
import dev.candor.stats.MeanRate;
import dev.candor.stats.RateEstimate;
import dev.candor.stats.Tally;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultsTest {

  @Test
  void estimatesVariantsAxesAndAverageFromTallies() {
    List<Tally> tallies = Fixtures.tallies(1, 0.5, 6);
    RunResults r = RunResults.of(Fixtures.run("run-a", "a"), tallies, 17);
    assertThat(r.variants()).extracting(RateEstimate::key).containsExactly(tallies.stream().map(Tally::key).toArray(String[]::new));
    assertThat(r.byAxis().keySet()).containsExactly("field", "para");
    assertThat(r.byAxis().get("field")).extracting(RateEstimate::key).containsExactly("field=reward", "field=points", "field=cost");
    int n = tallies.stream().filter(t -> t.axes().get("field").equals("reward")).mapToInt(Tally::n).sum();
    assertThat(r.byAxis().get("field").get(0).n()).isEqualTo(n);
    assertThat(r.average()).isEqualTo(MeanRate.of(tallies, 17));
  }

  @Test
  void comparisonOfTwoResultsMatchesTheStatsComputation() {
    List<Tally> a = Fixtures.tallies(1, 0.5, 6), b = Fixtures.tallies(2, 0.1, 6);
    RunComparison rc = RunComparison.of(RunResults.of(Fixtures.run("x", null), a, 1), RunResults.of(Fixtures.run("y", null), b, 1), 4);
    assertThat(rc.baselineRunId()).isEqualTo("x");
    assertThat(rc.runId()).isEqualTo("y");
    assertThat(rc.cells()).isEqualTo(Comparison.of(a, b, 4));
  }
}
