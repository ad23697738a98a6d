package dev.candor.agent;

import static dev.candor.agent.SandboxFixture.call;
import static dev.candor.agent.SandboxFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.candor.core.Event;
import dev.candor.testing.Slow;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19: what a model's commands cannot do in the bubblewrap sandbox. Each limit that stops a command is a
 * recorded tool error and the next command of the same trajectory still works.
 */
@Slow
class SandboxSecurityTest {
  /** Small limits, so the tests that hit them are quick. */
  static final Sandbox.Limits SMALL = new Sandbox.Limits(Duration.ofSeconds(4), 2, 512L << 20, 64, 1L << 20, 64 << 10, 8L << 20);

  @BeforeAll
  static void bwrapWorksHere() {
    String why = Sandbox.Backend.BWRAP.unavailable();
    assumeTrue(why == null, "bubblewrap is not usable here (" + why + "); the sandbox security tests need it (.ci/run installs it)");
  }

  final Toolbox box = SandboxFixture.box(Sandbox.Backend.BWRAP, Map.of("a.txt", "a\n"), SMALL);

  @AfterEach
  void close() { box.close(); }

  void nextCommandStillWorks() {
    Event.ToolStep s = run(box, "echo still here");
    assertThat(s.failed()).isFalse();
    assertThat(s.result()).isEqualTo("still here");
  }

  @Test
  void cannotReadOrWriteOutsideTheWorkspace(@TempDir Path host) throws Exception {
    Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path secret = host.resolve("secret.txt");
    Files.writeString(secret, "host secret\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-rw-rw-"));

    for (String cmd : new String[] {"cat " + secret, "cat /proc/self/root" + secret, "cat ../../.." + secret,
        "cat /proc/1/root" + secret, "echo pwned > " + secret, "echo pwned > " + host.resolve("new.txt"),
        "ln " + secret + " hard.txt", "ln /etc/passwd hard.txt"}) {
      Event.ToolStep s = run(box, cmd);
      assertThat(s.result()).as(cmd).doesNotContain("host secret").endsWith("[exit 1]");
    }
    assertThat(Files.readString(secret)).isEqualTo("host secret\n");
    assertThat(host.resolve("new.txt")).doesNotExist();
    assertThat(box.sandbox().workspace().exists("hard.txt")).as("no hard link to a file outside").isFalse();
    assertThat(run(box, "cat /etc/passwd").result()).doesNotContain("root:x:0:0:root:/root:/bin/bash\n" + hostAccountNotInTheSandbox());

    // links the command makes are never followed by the file tools
    run(box, "ln -s " + secret + " file-link; ln -s " + host + " dir-link; ln -s / root-link; ln -s /proc/self/root proc-link");
    for (String path : new String[] {"file-link", "dir-link/secret.txt", "root-link" + secret, "proc-link" + secret, "../" + secret}) {
      Event.ToolStep read = call(box, "read_file", "path", path);
      assertThat(read.failed()).as("read_file " + path).isTrue();
      assertThat(read.result()).doesNotContain("host secret");
      assertThat(call(box, "write_file", "path", path, "content", "pwned").failed()).as("write_file " + path).isTrue();
      assertThat(call(box, "edit_file", "path", path, "old_text", "host", "new_text", "pwned").failed()).as("edit_file " + path).isTrue();
    }
    // an absolute path is a workspace path: /proc/self/root/X and /tmp/X name files inside the workspace
    for (String path : new String[] {"/proc/self/root" + secret, secret.toString()}) {
      assertThat(call(box, "read_file", "path", path).result()).as(path).endsWith("No such file or directory");
      assertThat(call(box, "write_file", "path", path, "content", "inside").failed()).isFalse();
      assertThat(box.sandbox().workspace().root().resolve(path.substring(1))).hasContent("inside");
    }
    assertThat(call(box, "search_files", "pattern", "host secret").result()).isEqualTo("No matches.");
    assertThat(call(box, "list_files", "path", "dir-link").failed()).isTrue();
    assertThat(Files.readString(secret)).isEqualTo("host secret\n");
    try (var s = Files.list(host)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("secret.txt");
    }
    nextCommandStillWorks();
  }

  /** A line of the host's /etc/passwd that the sandbox's own passwd does not have (the host's accounts stay hidden). */
  static String hostAccountNotInTheSandbox() throws Exception {
    return Files.readAllLines(Path.of("/etc/passwd")).stream().filter(l -> !l.startsWith("root:") && !l.startsWith("nobody:"))
        .findFirst().orElse("no-such-line");
  }

  @Test
  void cannotReachTheNetworkNotEvenTheHostsLoopback() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(200);
      Thread acceptor = Thread.ofVirtual().start(() -> {
        while (!server.isClosed()) {
          try (Socket ignored = server.accept()) {
            accepted.incrementAndGet();
          } catch (SocketTimeoutException e) {
            // keep listening
          } catch (Exception e) {
            return;
          }
        }
      });
      int port = server.getLocalPort();
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        assertThat(probe.isConnected()).as("the host itself can connect").isTrue();
      }
      Thread.sleep(300);
      int fromHost = accepted.get();
      Event.ToolStep py = run(box, "python3 -c \"import socket; socket.create_connection(('127.0.0.1', " + port + "), timeout=2); print('connected')\"");
      assertThat(py.result()).doesNotContain("connected\n").contains("ConnectionRefusedError").endsWith("[exit 1]");
      Event.ToolStep tcp = run(box, "echo hi > /dev/tcp/127.0.0.1/" + port);
      assertThat(tcp.result()).contains("Connection refused").endsWith("[exit 1]");
      assertThat(run(box, "getent hosts example.com; echo status=$?").result()).isEqualTo("status=2");
      Thread.sleep(300);
      assertThat(accepted.get()).as("connections the server accepted beyond the host's own probe").isEqualTo(fromHost);
      server.close();
      acceptor.join(2000);
    }
    nextCommandStillWorks();
  }

  @Test
  void processesCannotOutliveTheirCommand() throws Exception {
    Event.ToolStep s = run(box, "(sleep 1; echo late > background.txt) & "
        + "nohup sh -c 'sleep 1; echo late > nohup.txt' > /dev/null 2>&1 & "
        + "setsid sh -c 'sleep 1; echo late > setsid.txt' > /dev/null 2>&1 & "
        + "disown -a; echo started");
    assertThat(s.result()).isEqualTo("started");
    Thread.sleep(2500);
    try (var files = Files.list(box.sandbox().workspace().root())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("a.txt");
    }
    nextCommandStillWorks();
  }

  @Test
  void aForkBombIsStoppedAndTheTrajectoryGoesOn() {
    Event.ToolStep s = run(box, ":(){ :|:& };:; sleep 30");
    assertThat(s.failed()).isTrue();
    assertThat(s.result()).startsWith("Error: command stopped: wall time limit 4 s exceeded");
    nextCommandStillWorks();
    Event.ToolStep count = run(box, "ulimit -u");
    assertThat(count.result()).isEqualTo("64");
  }

  @Test
  void writingForeverStopsAtTheFileSizeLimit() {
    Event.ToolStep s = run(box, "yes > y.txt");
    assertThat(s.failed()).isTrue();
    assertThat(s.result()).startsWith("Error: command stopped: file size limit 1 MiB per file exceeded\n").contains("File size limit exceeded");
    assertThat(s.data()).containsEntry("exit_code", 128 + 25);
    assertThat(box.sandbox().workspace().size("y.txt")).isEqualTo(1L << 20);
    nextCommandStillWorks();
  }

  @Test
  void tenGigabytesInSmallFilesStopAtTheWorkspaceLimit() {
    Event.ToolStep s = run(box, "for i in $(seq 10240); do head -c 1000000 /dev/zero > f$i.bin; done");
    assertThat(s.failed()).isTrue();
    assertThat(s.result()).isEqualTo("Error: command stopped: workspace size limit 8 MiB exceeded");
    assertThat(box.sandbox().workspace().bytes()).isLessThan(1L << 30);
    nextCommandStillWorks();
  }

  @Test
  void aGigabyteOfOutputKeepsTheFirstPartAndStops() {
    long t0 = System.nanoTime();
    Event.ToolStep s = run(box, "head -c 1000000000 /dev/zero | tr '\\0' x");
    assertThat(s.failed()).isTrue();
    assertThat(s.result()).startsWith("Error: command stopped: output limit 64 KiB exceeded\nxxxx");
    assertThat(s.result().length()).isLessThan((64 << 10) + 100);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30)); // a guard against reading it all, not a speed target
    nextCommandStillWorks();
  }

  @Test
  void cpuAndMemoryAreLimited() {
    try (Toolbox cpu = SandboxFixture.box(Sandbox.Backend.BWRAP, Map.of(), new Sandbox.Limits(Duration.ofSeconds(60), 1, 512L << 20, 64, 1L << 20, 64 << 10, 8L << 20))) {
      Event.ToolStep s = run(cpu, "python3 -c 'while True: pass'");
      assertThat(s.failed()).isTrue();
      assertThat(s.result()).isEqualTo("Error: command stopped: CPU time limit 1 s exceeded");
      Event.ToolStep mem = run(cpu, "python3 -c 'x = bytearray(1 << 30)'");
      assertThat(mem.failed()).isTrue();
      assertThat(mem.result()).startsWith("Error: command stopped: address space limit 512 MiB hit (the command failed to allocate memory)\n")
          .endsWith("MemoryError");
      assertThat(mem.data()).containsEntry("exit_code", 1);
      assertThat(run(cpu, "echo ok").result()).isEqualTo("ok");
    }
  }

  @Test
  void candorsEnvironmentNeverReachesACommand() {
    Set<String> names = new TreeSet<>();
    for (String line : run(box, "env").result().split("\n")) names.add(line.substring(0, line.indexOf('=')));
    assertThat(names).isSubsetOf("HOME", "PATH", "LANG", "USER", "LOGNAME", "EMAIL", "PWD", "SHLVL", "_", "OLDPWD", "PYTHONDONTWRITEBYTECODE");
    assertThat(run(box, "id -un; hostname").result()).isEqualTo("agent\nsandbox");
    assertThat(run(box, "grep NoNewPrivs /proc/self/status").result()).isEqualTo("NoNewPrivs:\t1");
  }
}
