package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.core.RunConfig;
import dev.candor.core.SuiteInfo;
import dev.candor.testing.RunRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #19: resume and intervene name the sandbox when that is what changed since the run started. */
class ResumeSandboxTest {
  static SuiteInfo info(String hash, Map<String, String> sandbox) {
    return new SuiteInfo("covert-actions", "1", hash, "covert", List.of(), "rule", sandbox);
  }

  @Test
  void aChangedSandboxIsNamed() {
    var r = RunRecords.of("r1").suite("covert-actions").build();
    RunConfig bwrap52 = RunConfig.imported("covert-actions", "m", 1, 1).toBuilder()
        .suiteInfo(info("aaa", Map.of("backend", "bwrap", "bash", "GNU bash 5.2"))).build();
    assertThatThrownBy(() -> ResumeCommand.checkSuiteData("resume", r, bwrap52, info("bbb", Map.of("backend", "bwrap", "bash", "GNU bash 5.3"))))
        .hasMessage("resume: run r1 ran its commands in sandbox {backend=bwrap, bash=GNU bash 5.2}, here it would be "
            + "{backend=bwrap, bash=GNU bash 5.3}; tool results could differ, so start a new run");
    RunConfig simulated = bwrap52.toBuilder().suiteInfo(info("aaa", Map.of())).build();
    assertThatThrownBy(() -> ResumeCommand.checkSuiteData("intervene", r, simulated, info("bbb", Map.of("backend", "bwrap"))))
        .hasMessage("intervene: run r1 ran its commands in the simulated workspace, here it would be {backend=bwrap}; "
            + "tool results could differ, so start a new run");
  }
}
