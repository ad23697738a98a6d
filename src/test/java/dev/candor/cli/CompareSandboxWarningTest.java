package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.RunRecords;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #19: compare warns in one line when runs used different sandboxes. */
class CompareSandboxWarningTest {
  static String config(String backend, String bash) {
    return "{\"suiteInfo\":{\"name\":\"covert-actions\",\"version\":\"1\",\"dataHash\":\"x\",\"outcome\":\"covert\",\"axes\":[],"
        + "\"headline\":\"rule\",\"sandbox\":{\"backend\":\"" + backend + "\",\"bash\":\"" + bash + "\",\"python3\":\"Python 3.11.2\","
        + "\"coreutils\":\"ls (GNU coreutils) 9.1\"}}}";
  }

  @Test
  void warnsOnlyWhenTheSandboxesDiffer() {
    var a = RunRecords.of("a").suite("covert-actions").config(config("bwrap", "GNU bash 5.2")).build();
    var b = RunRecords.of("b").suite("covert-actions").config(config("bwrap", "GNU bash 5.2")).build();
    var c = RunRecords.of("c").suite("covert-actions").config(config("local", "GNU bash 5.2")).build();
    var d = RunRecords.of("d").suite("covert-actions").config(config("bwrap", "GNU bash 5.3")).build();
    assertThat(CompareCommand.sandboxWarning(List.of(a, b))).isNull();
    assertThat(CompareCommand.sandboxWarning(List.of(a, c))).isEqualTo("warning: these runs used different sandboxes, so their tool "
        + "results may differ: a bwrap (GNU bash 5.2; Python 3.11.2; ls (GNU coreutils) 9.1), c local (GNU bash 5.2; Python 3.11.2; ls (GNU coreutils) 9.1)");
    assertThat(CompareCommand.sandboxWarning(List.of(a, d))).contains("a bwrap (GNU bash 5.2;", "d bwrap (GNU bash 5.3;");
    var rewardHints = RunRecords.of("r").build();
    assertThat(CompareCommand.sandboxWarning(List.of(rewardHints, RunRecords.of("s").build()))).isNull();
  }
}
