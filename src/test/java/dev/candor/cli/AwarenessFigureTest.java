package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.analysis.AwarenessAnalysis;
import dev.candor.stats.RateEstimate;
import dev.candor.store.RunRecord;
import dev.candor.testing.RunRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwarenessFigureTest {
  @TempDir Path dir;

  static AwarenessAnalysis.Summary summary() {
    var aware = new AwarenessAnalysis.Joint("aware", 3, 17, 40, 10, RateEstimate.of("a", 3, 20), RateEstimate.of("b", 40, 50), 1e-6);
    var meta = new AwarenessAnalysis.Joint("metagaming", 30, 10, 13, 17, RateEstimate.of("c", 30, 40), RateEstimate.of("d", 13, 30), 0.01);
    return new AwarenessAnalysis.Summary("awareness-lexical-v1", 70, 0, List.of(), List.of(), RateEstimate.of("all", 20, 70),
        RateEstimate.of("m", 40, 70), aware, meta, List.of());
  }

  @Test
  void writesTheAwarenessByOutcomeFigureAsSvgAndPng() throws Exception {
    RunRecord r = RunRecords.of("r1").name("ckpt <late>").model("m/x").candorVersion("t").build();
    Path svg = dir.resolve("a.svg");
    AnalyzeCommand.Awareness.writeFigure(summary(), r, "gamed", svg);
    String text = Files.readString(svg);
    assertThat(text).contains("gamed | aware").contains("gamed | not metagaming").contains("ckpt &lt;late&gt;").doesNotContain("<late>");
    Path png = dir.resolve("a.png");
    AnalyzeCommand.Awareness.writeFigure(summary(), r, "gamed", png);
    assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(500);
    assertThatThrownBy(() -> AnalyzeCommand.Awareness.writeFigure(summary(), r, "gamed", dir.resolve("a.gif"))).hasMessageContaining("--figure");
  }
}
