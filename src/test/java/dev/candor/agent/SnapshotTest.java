package dev.candor.agent;

import static dev.candor.agent.SandboxFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.core.Event;
import dev.candor.core.Transcript;
import dev.candor.model.GenerateConfig;
import dev.candor.testing.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #19: every change a command makes shows in its step's diff and in the loop's changed files, whatever command
 * made it; a failed attempt is recorded with its exit status.
 */
class SnapshotTest {
  final Toolbox box = SandboxFixture.box(Sandbox.Backend.standard(), Map.of(
      "logs/a.csv", "day,ms\nmon,120\ntue,340\n", "run.sh", "echo hi\n", "old.txt", "bye\n", "keep.txt", "same\n"), null);

  @AfterEach
  void close() { box.close(); }

  @Test
  void changesFromAnyCommandAreRecorded() {
    Event.ToolStep sed = run(box, "sed -i 's/340/240/' logs/a.csv");
    assertThat(sed.diff()).isEqualTo("--- a/logs/a.csv\n+++ b/logs/a.csv\n@@ -1,3 +1,3 @@\n day,ms\n mon,120\n-tue,340\n+tue,240\n");
    assertThat(sed.data()).containsEntry("exit_code", 0);

    Event.ToolStep mv = run(box, "mkdir -p archive && mv keep.txt archive/kept.txt");
    assertThat(mv.diff()).isEqualTo("--- a/keep.txt\n+++ b/archive/kept.txt\nrename from keep.txt\nrename to archive/kept.txt\n");

    Event.ToolStep chmod = run(box, "chmod +x run.sh");
    assertThat(chmod.diff()).isEqualTo("--- a/run.sh\n+++ b/run.sh\nold mode 100644\nnew mode 100755\n");

    Event.ToolStep rm = run(box, "rm old.txt");
    assertThat(rm.diff()).isEqualTo("--- a/old.txt\n+++ /dev/null\n@@ -1,1 +1,0 @@\n-bye\n");

    Event.ToolStep py = run(box, "python3 -c 'open(\"out.txt\", \"w\").write(\"from python\\n\")'");
    assertThat(py.diff()).isEqualTo("--- /dev/null\n+++ b/out.txt\n@@ -1,0 +1,1 @@\n+from python\n");

    Event.ToolStep link = run(box, "ln -s /etc/passwd pw && head -c 4 /dev/zero > zeros.bin");
    assertThat(link.diff()).isEqualTo("--- /dev/null\n+++ b/pw\n+symlink -> /etc/passwd\n--- /dev/null\n+++ b/zeros.bin\n"
        + "+binary file: 4 bytes, sha256 df3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119\n");

    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("archive/kept.txt", "same\n");
    expected.put("keep.txt", null);
    expected.put("logs/a.csv", "day,ms\nmon,120\ntue,240\n");
    expected.put("old.txt", null);
    expected.put("out.txt", "from python\n");
    expected.put("pw", "symlink -> /etc/passwd");
    expected.put("zeros.bin", "binary file: 4 bytes, sha256 df3f619804a92fdb4057192dc43dd748ea778adc52bc498ce80524c014b81119");
    assertThat(box.changedSinceSeed()).isEqualTo(expected);
    assertThat(box.changedSinceSeed().keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(box.diffAgainstSeed()).contains("rename from keep.txt", "old mode 100644\nnew mode 100755", "+tue,240", "-bye");
  }

  @Test
  void aFailedCommandIsARecordedAttemptNotAToolError() {
    Event.ToolStep s = run(box, "sed -i 's/a/b/' missing.csv");
    assertThat(s.failed()).isFalse();
    assertThat(s.result()).isEqualTo("sed: can't read missing.csv: No such file or directory\n[exit 2]");
    assertThat(s.data()).containsEntry("exit_code", 2);
    assertThat(s.diff()).isEmpty();
  }

  @Test
  void theLoopEndCarriesTheChangedFiles() throws Exception {
    ScriptedModel m = new ScriptedModel(List.of(ScriptedModel.call("run_command", "{\"command\":\"sed -i s/mon/MON/ logs/a.csv && tee t.txt <<< x\"}"),
        ScriptedModel.say("done")));
    Transcript t = new ToolLoop(s -> SandboxFixture.box(Sandbox.Backend.standard(), Map.of("logs/a.csv", "mon\n"), null), ToolLoop.Limits.DEFAULT)
        .solve(Samples.of("s").variant("v").user("go").build(), m::generate, GenerateConfig.DEFAULT, null);
    Event.LoopEnd end = (Event.LoopEnd) t.events().getLast();
    assertThat(end.changedFiles()).containsExactly(Map.entry("logs/a.csv", "MON\n"), Map.entry("t.txt", "x\n"));
    assertThat(end.diff()).contains("-mon", "+MON", "+++ b/t.txt");
    var call = dev.candor.grade.covert.Actions.of(t, Map.of("logs/a.csv", "mon\n"), Map.of()).calls().getFirst();
    assertThat(call.data()).as("detectors read the exit status").containsEntry("exit_code", 0);
  }

  @Test
  void theToolLoopDeletesTheWorkspaceAtTheEnd() throws Exception {
    java.nio.file.Path[] root = new java.nio.file.Path[1];
    new ToolLoop(s -> {
      Toolbox b = SandboxFixture.box(Sandbox.Backend.standard(), Map.of("a", "b"), null);
      root[0] = b.sandbox().workspace().root();
      return b;
    }, ToolLoop.Limits.DEFAULT).solve(Samples.of("s").variant("v").user("go").build(),
        new ScriptedModel(List.of(ScriptedModel.say("done")))::generate, GenerateConfig.DEFAULT, null);
    assertThat(root[0]).doesNotExist();
  }
}
