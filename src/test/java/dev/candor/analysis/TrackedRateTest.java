package dev.candor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracked terms taken together as one rate per 1,000 words (the curve's unusual-term rate). */
class TrackedRateTest {
  @Test
  void meanOfPerTrajectoryRatesWithABootstrapInterval() {
    // 2 of 4 words, 0 of 5 words, 1 of 10 words; a null and an empty reasoning are skipped.
    List<String> texts = Arrays.asList("watchers see illusions here", "nothing unusual in this one", "one two three four five six seven eight nine watchers",
        null, "");
    TermAnalysis.TermRate r = TermAnalysis.trackedRate("g", texts, List.of("watchers", "illusions"), TermAnalysis.Options.DEFAULT);
    assertThat(r.perThousand()).isCloseTo(1000.0 * (0.5 + 0 + 0.1) / 3, within(1e-9));
    assertThat(r.pooledPerThousand()).isCloseTo(1000.0 * 3 / 19, within(1e-9));
    assertThat(r.count()).isEqualTo(3);
    assertThat(r.trajectories()).as("trajectories using a tracked term").isEqualTo(2);
    assertThat(r.lo()).isLessThan(r.perThousand()).isGreaterThanOrEqualTo(0);
    assertThat(r.hi()).isGreaterThan(r.perThousand()).isLessThanOrEqualTo(500);
    TermAnalysis.TermRate none = TermAnalysis.trackedRate("g", List.of(), List.of("watchers"), TermAnalysis.Options.DEFAULT);
    assertThat(none.perThousand()).isNaN();
  }
}
