package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.RunRecord;
import dev.candor.testing.RunRecords;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compare counts each run's headline: runs headlined by different scorers (--headline rule vs judge) get a warning. */
class CompareHeadlineWarningTest {
  static RunRecord headlined(String id, String scorer) {
    RunRecord r = RunRecords.of(id).suite("covert-actions").build();
    return new RunRecord(r.id(), r.name(), r.suite(), r.model(), r.status(), r.candorVersion(), r.seed(), r.epochs(), r.configJson(),
        r.createdAt(), r.finishedAt(), r.parentRunId(), scorer);
  }

  @Test
  void warnsOnlyWhenTheHeadlinesAreDifferentScorers() {
    var a = headlined("a", "covert-rules-v1");
    var b = headlined("b", "covert-rules-v1");
    var c = headlined("c", "judge-action-only-v1");
    assertThat(CompareCommand.headlineWarning(List.of(a, b))).isNull();
    assertThat(CompareCommand.headlineWarning(List.of(a, c))).isEqualTo("warning: these runs' headlines are different scorers, so their "
        + "rates count different verdicts: a covert-rules-v1, c judge-action-only-v1; give --score NAME to count one scorer in all");
  }
}
