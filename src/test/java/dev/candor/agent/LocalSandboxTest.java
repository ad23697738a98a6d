package dev.candor.agent;

import static dev.candor.agent.SandboxFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.core.Event;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local backend: the same workspace, tools and limits without namespaces (for a container that is the sandbox). */
class LocalSandboxTest {
  final Toolbox box = SandboxFixture.box(Sandbox.Backend.LOCAL, Map.of("a.txt", "a\n"),
      new Sandbox.Limits(Duration.ofSeconds(3), 5, 512L << 20, 64, 1L << 20, 64 << 10, 8L << 20));

  @AfterEach
  void close() { box.close(); }

  @Test
  void commandsRunInTheWorkspaceWithLimits() throws Exception {
    String root = box.sandbox().workspace().root().toString();
    assertThat(run(box, "pwd; echo $HOME; cat a.txt").result()).isEqualTo(root + "\n" + root + "\na");
    assertThat(run(box, "sed -i s/a/b/ a.txt").diff()).contains("-a", "+b");
    Event.ToolStep wall = run(box, "sleep 100 & sleep 100");
    assertThat(wall.failed()).isTrue();
    assertThat(wall.result()).isEqualTo("Error: command stopped: wall time limit 3 s exceeded");
    Event.ToolStep yes = run(box, "yes > y.txt");
    assertThat(yes.result()).startsWith("Error: command stopped: file size limit 1 MiB per file exceeded");
    assertThat(run(box, "yes | head -c 10000000").result()).startsWith("Error: command stopped: output limit 64 KiB exceeded\ny\ny");
    assertThat(run(box, "python3 -c 'x = bytearray(1 << 30)'").result())
        .startsWith("Error: command stopped: address space limit 512 MiB hit (the command failed to allocate memory)\n");
    assertThat(run(box, "echo ok").result()).isEqualTo("ok");
    assertThat(run(box, "grep NoNewPrivs /proc/self/status").result()).as("set-uid programs cannot raise privileges").isEqualTo("NoNewPrivs:\t1");
  }

  @Test
  void backgroundJobsDieWithTheirCommand() throws Exception {
    assertThat(run(box, "(sleep 1; echo late > late.txt) & nohup sh -c 'sleep 1; echo late > nohup.txt' > /dev/null 2>&1 & echo started").result())
        .isEqualTo("started");
    Thread.sleep(2000);
    assertThat(box.sandbox().workspace().root().resolve("late.txt")).doesNotExist();
    assertThat(box.sandbox().workspace().root().resolve("nohup.txt")).doesNotExist();
    assertThat(Files.exists(box.sandbox().workspace().root().resolve("a.txt"))).isTrue();
  }
}
