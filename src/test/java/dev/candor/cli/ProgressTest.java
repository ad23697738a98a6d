package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.junit.jupiter.api.Test;

class ProgressTest {
  /** 80 columns: the width the bar gets without a terminal. */
  @Test
  void errorAndRetryCountsSurviveTheCutToEightyColumns() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Progress p = new Progress(false, new ConsoleProgressBarConsumer(new PrintStream(out, true, StandardCharsets.UTF_8), 80));
    p.started("20261205-010203-abcdef", 100_000, 0);
    for (int i = 0; i < 3; i++) p.finished("error", true);
    p.finished("even", false);
    p.retrying("s", 1, 2, "429");
    p.retrying("s", 1, 3, "429");
    p.ended(null);
    List<String> renders = Arrays.stream(out.toString(StandardCharsets.UTF_8).split("[\r\n]")).filter(s -> !s.isBlank()).toList();
    String last = renders.getLast();
    assertThat(last).startsWith("errors 3, retries 2 | 20261205-010203-abcdef").contains("4/100000");
    assertThat(renders).allSatisfy(r -> assertThat(r.length()).isLessThanOrEqualTo(80));
  }

  @Test
  void ratesBelowOnePerSecondKeepTheirLeadingZero() {
    assertThat(Progress.speedFormat().format(0.4)).isEqualTo("0.4");
    assertThat(Progress.speedFormat().format(0.04)).isEqualTo("0.0");
    assertThat(Progress.speedFormat().format(1234.56)).isEqualTo("1234.6");
  }
}
