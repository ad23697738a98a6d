package dev.candor.agent;

import static dev.candor.agent.SandboxFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.candor.core.Event;
import dev.candor.testing.Slow;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bubblewrap backend's one sandbox per trajectory: a supervisor runs every command, and what one command leaves
 * (processes, environment, a supervisor killed from outside, output that looks like the protocol) never reaches the
 * next.
 */
class SupervisedSandboxTest {
  static final Sandbox.Limits LIMITS = new Sandbox.Limits(Duration.ofSeconds(20), 5, 512L << 20, 64, 1L << 20, 256 << 10, 8L << 20);

  @BeforeAll
  static void bwrapWorksHere() {
    String why = Sandbox.Backend.BWRAP.unavailable();
    assumeTrue(why == null, "bubblewrap is not usable here (" + why + ")");
  }

  final Toolbox box = SandboxFixture.box(Sandbox.Backend.BWRAP, Map.of("a.txt", "a\n"), LIMITS);

  @AfterEach
  void close() { box.close(); }

  SupervisedSandbox sandbox() { return (SupervisedSandbox) box.sandbox(); }

  /** Kills the sandbox from outside (SIGKILL to bwrap and everything under it), as the OOM killer might. */
  void killFromOutside() throws Exception {
    ProcessHandle bwrap = sandbox().process();
    var inside = bwrap.descendants().toList();
    assertThat(inside).isNotEmpty();
    for (ProcessHandle h : inside) h.destroyForcibly();
    bwrap.destroyForcibly();
    bwrap.onExit().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aSupervisorKilledMidCommandIsAToolErrorAndTheNextCommandWorks() throws Exception {
    assertThat(run(box, "echo one").result()).isEqualTo("one");
    CompletableFuture<Event.ToolStep> slow = CompletableFuture.supplyAsync(() -> run(box, "echo started > started.txt; sleep 15; echo done"));
    long t0 = System.nanoTime();
    while (!box.sandbox().workspace().exists("started.txt")) {
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the command started").isLessThan(Duration.ofSeconds(20));
      Thread.sleep(20);
    }
    killFromOutside();
    Event.ToolStep s = slow.get(10, TimeUnit.SECONDS); // long before the command's 15 s
    assertThat(s.failed()).isTrue();
    assertThat(s.result()).isEqualTo("Error: command stopped: the sandbox ended unexpectedly; the next command starts a fresh sandbox");
    assertThat(run(box, "cat started.txt; echo still here").result()).isEqualTo("started\nstill here");
  }

  @Test
  void aSupervisorKilledBetweenCommandsIsReplacedUnnoticed() throws Exception {
    assertThat(run(box, "echo one").result()).isEqualTo("one");
    killFromOutside();
    Event.ToolStep s = run(box, "cat a.txt");
    assertThat(s.failed()).isFalse();
    assertThat(s.result()).isEqualTo("a");
  }

  @Slow
  @Test
  void aSupervisorThatStopsAnsweringIsReplaced() throws Exception {
    try (Toolbox quick = SandboxFixture.box(Sandbox.Backend.BWRAP, Map.of(), new Sandbox.Limits(Duration.ofSeconds(1), 5, 512L << 20, 64, 1L << 20,
        64 << 10, 8L << 20))) {
      assertThat(run(quick, "echo one").result()).isEqualTo("one");
      for (ProcessHandle h : ((SupervisedSandbox) quick.sandbox()).process().descendants().toList())
        assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(h.pid())).start().waitFor()).isZero();
      long t0 = System.nanoTime();
      Event.ToolStep s = run(quick, "echo two");
      assertThat(s.result()).isEqualTo("Error: command stopped: the sandbox stopped answering; the next command starts a fresh sandbox");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the wall time and a grace, not a hang").isLessThan(Duration.ofSeconds(40));
      assertThat(run(quick, "echo three").result()).isEqualTo("three");
    }
  }

  @Test
  void commandsCannotKillStopOrReachTheSupervisor() {
    run(box, "echo mark > /tmp/mark");
    long pid = sandbox().process().pid();
    for (String cmd : new String[] {"kill -9 -1; echo after", "kill -9 1; kill -STOP 1; kill -INT 1; kill -TERM 1; echo after"}) {
      Event.ToolStep s = run(box, cmd);
      assertThat(s.failed()).as(cmd).isFalse();
    }
    // not through /proc either: its pipes to Candor (fd 0 and 1) and its memory are closed to the commands
    assertThat(run(box, "ls /proc/1/fd; echo x > /proc/1/fd/1; cat /proc/1/mem; echo status=$?").result())
        .contains("Permission denied").endsWith("status=1");
    // the same sandbox (its /tmp lasts the trajectory), not a replacement
    assertThat(run(box, "cat /tmp/mark").result()).isEqualTo("mark");
    assertThat(sandbox().process().pid()).isEqualTo(pid);
  }

  @Test
  void nothingACommandStartedIsLeftForTheNext() {
    assertThat(run(box, "sleep 300 & nohup sleep 301 > /dev/null 2>&1 & setsid sleep 302 & (sleep 303 &) & "
        + "(setsid sh -c 'sleep 304 & exit' &); echo started").result()).isEqualTo("started");
    // none of them is left: only the supervisor (process 1) and this command's processes
    assertThat(run(box, "cat /proc/[0-9]*/comm | grep -cE '^(sleep|sh|nohup|setsid)$'").result()).isEqualTo("0\n[exit 1]");
    assertThat(run(box, "cat /proc/1/comm").result()).isEqualTo("python3");
  }

  @Test
  void theEnvironmentIsFreshForEveryCommand() {
    assertThat(run(box, "export FOO=leaked; cd /tmp; alias ll=ls; set -e; shopt -s globstar; echo set").result()).isEqualTo("set");
    assertThat(run(box, "echo \"[$FOO]\"; pwd; alias; shopt globstar | tr -s ' \\t' ' '; echo $-").result())
        .isEqualTo("[]\n/workspace\nglobstar off\nhBc");
    // no descriptor of the supervisor's (its pipes to Candor) is open in a command: stdin, the output pipe, and ls's own
    assertThat(run(box, "ls /proc/self/fd").result()).isEqualTo("0\n1\n2\n3");
  }

  @Test
  void outputThatLooksLikeTheProtocolDoesNotDesynchroniseIt() {
    // bytes the frames use (lengths, NUL, the 'C' and 'K' markers) in the output, in the command, and at length
    Event.ToolStep bin = run(box, "printf 'C\\0\\0\\0\\5K\\xff\\xfe\\0end'; head -c 200000 /dev/urandom > /dev/null; printf '\\0\\0\\0\\0'");
    assertThat(bin.failed()).isFalse();
    assertThat(bin.result()).startsWith("C\0\0\0\u0005K").contains("\0end");
    String text = "x".repeat(100_000);
    assertThat(run(box, "s='" + text + "\nC K\u0001'; echo ${#s}").result()).isEqualTo("100005");
    Event.ToolStep nul = run(box, "echo a\0b");
    assertThat(nul.failed()).isTrue();
    assertThat(nul.result()).isEqualTo("Error: command: a command line cannot hold a NUL character");
    assertThat(run(box, "head -c 300000 /dev/urandom").result()).startsWith("Error: command stopped: output limit 256 KiB exceeded");
    for (int i = 0; i < 5; i++) assertThat(run(box, "echo " + i).result()).isEqualTo(String.valueOf(i));
  }
}
