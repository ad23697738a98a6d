package dev.candor.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TallyTest {

  @Test
  void counterCountsValuesAndKeepsEveryLabel() {
    Tally t = new Tally.Counter("v1", Map.of("field", "reward"))
        .add("odd", 1).add("odd", 1).add("even", 0).add("ambiguous", null).add("unparsed", null).add("error", null)
        .tally();
    assertThat(t.n()).isEqualTo(3);
    assertThat(t.k()).isEqualTo(2);
    assertThat(t.labelCounts()).containsExactly(Map.entry("odd", 2), Map.entry("even", 1), Map.entry("ambiguous", 1),
        Map.entry("unparsed", 1), Map.entry("error", 1));
    assertThat(t.total()).isEqualTo(6);
    assertThat(t.uncounted()).isEqualTo(3);
    assertThat(t.count("truncated")).isZero();
  }

  @Test
  void counterRejectsValuesOtherThanZeroOneNull() {
    assertThatThrownBy(() -> new Tally.Counter("v", null).add("odd", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 0, 1 or null");
  }

  @Test
  void groupByMergesCountsPerAxisValueInOrderOfAppearance() {
    var cells = List.of(
        new Tally("a", Map.of("field", "reward", "para", "p1"), 10, 4, Map.of("odd", 4, "even", 6, "unparsed", 1)),
        new Tally("b", Map.of("field", "cost", "para", "p1"), 10, 1, Map.of("odd", 1, "even", 9)),
        new Tally("c", Map.of("field", "reward", "para", "p2"), 20, 5, Map.of("odd", 5, "even", 15, "truncated", 2)));
    List<Tally> byField = Tally.groupBy(cells, "field");
    assertThat(byField).extracting(Tally::key).containsExactly("field=reward", "field=cost");
    Tally reward = byField.get(0);
    assertThat(reward.n()).isEqualTo(30);
    assertThat(reward.k()).isEqualTo(9);
    assertThat(reward.axes()).isEqualTo(Map.of("field", "reward"));
    assertThat(reward.labelCounts()).isEqualTo(Map.of("odd", 9, "even", 21, "unparsed", 1, "truncated", 2));
    assertThat(Tally.groupBy(cells, "missing")).singleElement().satisfies(t -> {
      assertThat(t.key()).isEqualTo("missing=(none)");
      assertThat(t.n()).isEqualTo(40);
    });
  }

  @Test
  void mapsAreUnmodifiableAndKeepOrder() {
    var axes = new java.util.LinkedHashMap<String, String>();
    axes.put("z", "1");
    axes.put("a", "2");
    Tally t = Tally.of("k", axes, 1, 0);
    axes.put("b", "3");
    assertThat(t.axes().keySet()).containsExactly("z", "a");
    assertThatThrownBy(() -> t.axes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }
}
