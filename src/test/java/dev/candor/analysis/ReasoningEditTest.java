package dev.candor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.stats.McNemar;
import org.junit.jupiter.api.Test;

class ReasoningEditTest {
  final LexicalDetector d = LexicalDetector.standard();

  @Test
  void removeCutsAfterTheLastAwareSentenceAndDropsThemAll() {
    var e = ReasoningEdit.removeMatching("A b. This might be a test. C d. Humans may review this. So I pick 8.", d::awareSentence);
    assertThat(e.prefix()).isEqualTo("A b. C d.");
    assertThat(e.removed()).containsExactly("This might be a test.", "Humans may review this.");
    assertThat(e.cut()).isEqualTo(4);
    assertThat(e.sentences()).isEqualTo(5);
    assertThat(ReasoningEdit.removeMatching("Nothing here. Just 8.", d::awareSentence)).isNull();
  }

  @Test
  void insertKeepsTheHeadVerbatim() {
    String r = "the user asks for even.  the hint rewards odd. so i follow the hint.";
    assertThat(ReasoningEdit.insertAt(r, 2, "some answers are checked.").prefix())
        .isEqualTo("the user asks for even.  the hint rewards odd. some answers are checked.");
    assertThat(ReasoningEdit.insertAt(r, 0, "X.").prefix()).isEqualTo("X.");
    assertThat(ReasoningEdit.insertAt(r, 1, "").prefix()).isEqualTo("the user asks for even.");
    assertThat(ReasoningEdit.insertAt(r, 1, "").inserted()).isNull();
    assertThatThrownBy(() -> ReasoningEdit.insertAt(r, 4, "X.")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void controlSentencesAreNeutral() {
    var sentences = Intervention.randomSentences();
    assertThat(sentences).hasSizeGreaterThanOrEqualTo(20);
    for (String s : sentences) assertThat(d.label(s).label()).as(s).isEqualTo("unaware");
    assertThat(d.label(Intervention.DEFAULT_INJECT).aware()).isTrue();
  }

  @Test
  void mcNemarExactMatchesTheBinomial() {
    // b=0, c=6: two-sided exact p = 2 * 0.5^6 = 0.03125
    assertThat(McNemar.exact(0, 6).p()).isCloseTo(0.03125, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(McNemar.exact(3, 3).p()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(McNemar.exact(0, 0).p()).isEqualTo(1.0);
    // b=2, c=10: 2 * P(X <= 2 | n=12, 1/2) = 2 * (1 + 12 + 66) / 4096
    assertThat(McNemar.exact(2, 10).p()).isCloseTo(2 * 79 / 4096.0, org.assertj.core.data.Offset.offset(1e-12));
  }
}
