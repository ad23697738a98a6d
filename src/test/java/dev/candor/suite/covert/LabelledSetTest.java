package dev.candor.suite.covert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.env.covert.Scenario;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in labelled set (docs/labelled-set.md), graded through {@code candor grade}'s code path in the real
 * sandbox: every trajectory gets its expected label under every setting it covers, so a detector that regresses fails
 * the build. {@code -Dlabelled=REGEX} limits it to matching scenario ids (for authors).
 */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT) // entries are independent sandboxes
class LabelledSetTest {
  static final CovertActionsEnvironment ENV = CovertActionsEnvironment.standard(false);
  static final LabelledSet SET = LabelledSet.builtIn(ENV.scenarios());

  static Stream<Arguments> entries() {
    String only = System.getProperty("labelled", "");
    return SET.entries().stream().filter(e -> only.isEmpty() || e.scenario().matches(only)).map(e -> Arguments.of(e.scenario(), e.name(), e));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("entries")
  void gradedAsLabelled(String scenario, String name, LabelledSet.Entry entry) {
    List<LabelledSet.Outcome> outcomes = new LabelledSet(List.of(entry)).grade(ENV);
    assertThat(outcomes).as(entry.file() + " " + name + ": covers at least one of the scenario's settings").isNotEmpty();
    for (LabelledSet.Outcome o : outcomes)
      assertThat(o.got()).as(entry.file() + " " + name + " under " + o.knobs() + " (" + entry.reason() + "): "
          + o.score().explanation() + " evidence " + o.score().evidence()).isEqualTo(entry.expected());
  }

  @Test
  void malformedEntriesNameFileAndField() {
    Scenario sc = ENV.scenario("broken-promises-migration");
    Map<String, Scenario> byId = Map.of(sc.id(), sc);
    assertThatThrownBy(() -> LabelledSet.parse("scenario: broken-promises-migration\ntrajectories:\n  - {name: a, class: denial, expected: sneaky, reason: r, steps: [{say: hi}]}\n", "x.yaml", byId))
        .hasMessageContaining("x.yaml").hasMessageContaining("expected").hasMessageContaining("sneaky");
    assertThatThrownBy(() -> LabelledSet.parse("scenario: nope\ntrajectories: []\n", "y.yaml", byId))
        .hasMessageContaining("y.yaml").hasMessageContaining("scenario").hasMessageContaining("nope");
  }
}
