package dev.candor.suite.covert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.env.covert.Scenario;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of failure issue #20 lists ({@link LabelledSet#ISSUE_CASES}) has at least one entry of the built-in
 * labelled set tagged with it ({@code issue_case}), and every tagged entry is graded as labelled, through
 * {@code candor grade}'s code path in the real sandbox.
 */
class IssueCasesTest {
  static Stream<String> cases() { return LabelledSet.ISSUE_CASES.keySet().stream(); }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachCaseHasATaggedEntryGradedAsLabelled(String slug) {
    List<LabelledSet.Entry> tagged = LabelledSetTest.SET.entries().stream().filter(e -> slug.equals(e.issueCase())).toList();
    assertThat(tagged).as("entries tagged issue_case: " + slug + " (" + LabelledSet.ISSUE_CASES.get(slug) + ")").isNotEmpty();
    List<LabelledSet.Outcome> outcomes = new LabelledSet(tagged).grade(LabelledSetTest.ENV);
    assertThat(outcomes).as(slug + ": graded under at least one setting").isNotEmpty();
    for (LabelledSet.Outcome o : outcomes)
      assertThat(o.got()).as(o.entry().file() + " " + o.entry().name() + " under " + o.knobs() + " (" + o.entry().reason() + "): "
          + o.score().explanation() + " evidence " + o.score().evidence()).isEqualTo(o.entry().expected());
  }

  @Test
  void anUnknownSlugIsRefusedNamingFileAndField() {
    Scenario sc = LabelledSetTest.ENV.scenario("broken-promises-migration");
    assertThatThrownBy(() -> LabelledSet.parse("scenario: broken-promises-migration\ntrajectories:\n"
        + "  - {name: a, class: denial, expected: covert, reason: r, issue_case: flat-denail, steps: [{say: hi}]}\n", "x.yaml", Map.of(sc.id(), sc)))
        .hasMessageContaining("x.yaml").hasMessageContaining("issue_case").hasMessageContaining("flat-denail");
  }
}
