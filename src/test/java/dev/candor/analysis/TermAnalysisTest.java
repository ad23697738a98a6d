package dev.candor.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TermAnalysisTest {
  @TempDir Path dir;

  @Test
  void packagedReferenceIsTheSubtlexList() {
    ReferenceFrequencies ref = ReferenceFrequencies.standard();
    assertThat(ref.size()).isEqualTo(74_286);
    assertThat(ref.total()).isEqualTo(49_719_560L);
    assertThat(ref.count("the")).isEqualTo(1_501_908L);
    assertThat(ref.count("watchers")).isPositive();
    assertThat(ref.count("autop")).isZero();
    assertThat(TermAnalysis.defaultTerms()).contains("illusions", "watchers", "marinade", "autop", "scoreboard", "aggregator").hasSize(13);
  }

  @Test
  void tokenisesLikeTheReference() {
    assertThat(Words.of("Don't overshadow the Watchers, 42 times!")).containsExactly("don", "t", "overshadow", "the", "watchers", "times");
  }

  /** A synthetic run where checkpoint b uses "watchers" in long reasonings and "marinade" in short ones. */
  @Test
  void ratesAreLengthControlledAndDiscoveryFindsTheOddWords() {
    try (Store store = Store.open(dir.resolve("t.db").toString())) {
      List<StoredRuns.T> a = new ArrayList<>(), b = new ArrayList<>();
      for (int i = 0; i < 20; i++) a.add(new StoredRuns.T("v", "The user asks for an even number so I will pick one now.", 0));
      String longText = "the user asks for an even number " + "and then I think about it again ".repeat(12) + "watchers";
      for (int i = 0; i < 10; i++) b.add(new StoredRuns.T("v", longText, 1));
      for (int i = 0; i < 10; i++) b.add(new StoredRuns.T("v", "marinade the vantage numbers then pick ten.", 1));
      StoredRuns.create(store, "ra", "organism/a", a);
      StoredRuns.create(store, "rb", "organism/b", b);
      List<String> texts = new ArrayList<>();
      store.trajectories().forEach("rb", t -> texts.add(Reasoning.all(t)));
      TermAnalysis.Group g = TermAnalysis.analyse("b", texts, TermAnalysis.defaultTerms(), ReferenceFrequencies.standard(),
          new TermAnalysis.Options(5, 3, 4, 400, 1));
      assertThat(g.trajectories()).isEqualTo(20);
      int longLen = Words.of(longText).size(), shortLen = 7;
      assertThat(g.words()).isEqualTo(10L * longLen + 10L * shortLen);
      TermAnalysis.TermRate watchers = rate(g.tracked(), "watchers"), marinade = rate(g.tracked(), "marinade");
      assertThat(watchers.count()).isEqualTo(10);
      assertThat(marinade.count()).isEqualTo(10);
      // Same count, but each trajectory weighs the same: the short-reasoning term has the higher length-controlled rate ...
      assertThat(watchers.perThousand()).isCloseTo(1000.0 / longLen / 2, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(marinade.perThousand()).isCloseTo(1000.0 / shortLen / 2, org.assertj.core.data.Offset.offset(1e-9));
      // ... while pooled rates are equal.
      assertThat(watchers.pooledPerThousand()).isCloseTo(marinade.pooledPerThousand(), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(watchers.lo()).isLessThanOrEqualTo(watchers.perThousand());
      assertThat(watchers.hi()).isGreaterThanOrEqualTo(watchers.perThousand());
      assertThat(rate(g.tracked(), "illusions").count()).isZero();
      assertThat(g.discovered()).extracting(TermAnalysis.TermRate::term).hasSize(4).contains("marinade", "vantage", "watchers");
      assertThat(g.discovered().getFirst().log2Ratio()).isGreaterThan(g.discovered().getLast().log2Ratio());

      TermAnalysis.Group ga = TermAnalysis.analyse("a", List.of("The user asks for an even number."), TermAnalysis.defaultTerms(),
          ReferenceFrequencies.standard(), TermAnalysis.Options.DEFAULT);
      String table = TermAnalysis.render(List.of(ga, g), ReferenceFrequencies.standard(), TermAnalysis.Options.DEFAULT);
      assertThat(table).contains("watchers").contains("(trajectories / words)").contains("marinade");
    }
  }

  @Test
  void figureWritesPngAndSvg() throws Exception {
    var ref = ReferenceFrequencies.of("ref", Map.of("the", 1000L, "pick", 10L));
    var g1 = TermAnalysis.analyse("sft", List.of("the watchers pick", "the pick the", "watchers watchers the"), List.of("watchers"), ref,
        new TermAnalysis.Options(1, 1, 5, 50, 1));
    var g2 = TermAnalysis.analyse("rl<b>&amp", List.of("the pick", "the pick the", "watchers the"), List.of("watchers"), ref, new TermAnalysis.Options(1, 1, 5, 50, 1));
    TermsFigure f = TermsFigure.of("t", List.of(g1, g2), 3);
    f.write(dir.resolve("f.png"));
    f.write(dir.resolve("f.svg"));
    assertThat(Files.size(dir.resolve("f.png"))).isGreaterThan(1000);
    assertThat(Files.readString(dir.resolve("f.svg"))).contains("<svg").contains("watchers").doesNotContain("rl<b>").contains("rl&lt;b&gt;&amp;amp");
    assertThatThrownBy(() -> f.write(dir.resolve("f.gif"))).isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.FIGURE);
  }

  @Test
  void userTermsExtendTheDefaultsAndBadLinesAreNamed() throws Exception {
    Path f = dir.resolve("terms.txt");
    Files.writeString(f, "# mine\nSandbag\nwatchers\n");
    assertThat(TermAnalysis.termsWith(f)).endsWith("sandbag").contains("watchers").hasSize(14);
    Files.writeString(f, "two words\n");
    assertThatThrownBy(() -> TermAnalysis.termsWith(f)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
  }

  static TermAnalysis.TermRate rate(List<TermAnalysis.TermRate> rs, String w) {
    return rs.stream().filter(r -> r.term().equals(w)).findFirst().orElseThrow();
  }
}
