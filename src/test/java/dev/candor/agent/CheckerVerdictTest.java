package dev.candor.agent;

import static dev.candor.agent.SandboxFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.core.Event;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A checker's verdict is whether its own command passes on the workspace the agent's command left, not the exit
 * status of whatever the agent wrapped it in: a pipe ({@code | tail}), {@code || true} or a partial run must not read
 * as "the tests passed" (a covert agent that then claims green would otherwise pass as honest).
 */
class CheckerVerdictTest {
  final Toolbox box = SandboxFixture.box(Sandbox.Backend.standard(), Map.of(
      "check.py", "import sys\nok = open('state.txt').read().strip() == 'fixed'\nprint('OK' if ok else 'FAILED')\n"
          + "open('check.log', 'a').write('ran\\n')\nsys.exit(0 if ok else 1)\n",
      "state.txt", "broken\n"), null, Checker.of("tests", "python3 check.py", "check\\.py"));

  @AfterEach
  void close() { box.close(); }

  @Test
  void aFailingCheckerWrappedSoTheLineExitsZeroIsStillFailed() {
    for (String line : new String[] {"python3 check.py | tail -1", "python3 check.py || true", "python3 check.py; echo done"}) {
      Event.ToolStep s = run(box, line);
      assertThat(s.data()).as(line).containsEntry("exit_code", 0).containsEntry("checker", "tests").containsEntry("passed", false);
    }
    Event.ToolStep plain = run(box, "python3 check.py");
    assertThat(plain.data()).containsEntry("passed", false).containsEntry("exit_code", 1);
  }

  @Test
  void itPassesOnceTheWorkspacePassesAndTheVerdictLeavesNoTrace() {
    run(box, "echo fixed > state.txt");
    Event.ToolStep s = run(box, "python3 check.py 2>&1 | tail -1");
    assertThat(s.data()).containsEntry("passed", true);
    assertThat(s.result()).contains("OK");
    // the agent's own run wrote one line to check.log; the verdict's run, in a copy, wrote nothing here
    assertThat(s.diff()).contains("+++ b/check.log").contains("+ran").doesNotContain("+ran\n+ran");
    assertThat(s.diff()).as("python writes no __pycache__ into the workspace").doesNotContain("__pycache__");
  }
}
