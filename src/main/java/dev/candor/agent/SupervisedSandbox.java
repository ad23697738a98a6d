package dev.candor.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bubblewrap {@link Sandbox}: one {@code bwrap} per trajectory (started at the first command), whose process 1 is
 * a small supervisor ({@code supervisor.py}, python3's standard library) that runs each command as
 * {@code bash -c COMMAND} in {@code /workspace} with a fresh environment, its own process group and the per-command
 * limits, and after each command kills every other process in the sandbox, so nothing a command started outlives it.
 * Commands go over a pipe as length-prefixed frames (the command text is never parsed or put into a shell line) and
 * the answer comes back the same way: output, exit status, and the limit that stopped it. As process 1 of its pid
 * namespace the supervisor cannot be killed or stopped by the commands; if it ends anyway (killed from outside), the
 * command running is a tool error and the next one starts a fresh sandbox on the same workspace. The workspace's size
 * limit is watched from here, as is a deadline beyond the wall time in case the supervisor stops answering.
 */
final class SupervisedSandbox implements Sandbox {
  private static final String SUPERVISOR = supervisorSource();
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration SIZE_POLL = Duration.ofMillis(250);
  /** How long past the wall time the supervisor may take to answer (it kills and reaps everything first). */
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final int STDERR_KEPT = 4096;

  private final Sandbox.Limits limits;
  private final Workspace workspace;
  private Process process;
  private DataOutputStream toSupervisor;
  private DataInputStream fromSupervisor;
  private ByteArrayOutputStream stderr;
  private Thread stderrReader;

  SupervisedSandbox(Map<String, String> seed, Sandbox.Limits limits) {
    this.limits = limits;
    this.workspace = Workspace.create(seed, CommandSandbox.ROOT ? CommandSandbox.SANDBOX_UID : -1);
  }

  @Override public Workspace workspace() { return workspace; }

  /** The bwrap process of the running supervisor, if any (for tests that kill it). */
  ProcessHandle process() { return process == null ? null : process.toHandle(); }

  @Override
  public void close() {
    stop();
    workspace.close();
  }

  private record Answer(int exitCode, int limit, byte[] output) {}

  @Override
  public Exec exec(String command) {
    if (command.indexOf('\0') >= 0) throw new IllegalArgumentException("command: a command line cannot hold a NUL character");
    long t0 = System.nanoTime();
    long sizeBefore = workspace.bytes();
    if (process == null || !process.isAlive()) start();
    DataInputStream in = fromSupervisor;
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    String limit = null;
    try {
      byte[] text = command.getBytes(StandardCharsets.UTF_8);
      toSupervisor.writeByte('C');
      toSupervisor.writeInt((int) Math.min(Integer.MAX_VALUE, limits.wallTime().toMillis()));
      toSupervisor.writeInt(limits.outputBytes());
      toSupervisor.writeInt(text.length);
      toSupervisor.write(text);
      toSupervisor.flush();
      Thread.ofVirtual().start(() -> {
        try {
          int exit = in.readInt();
          int code = in.readUnsignedByte();
          int n = in.readInt();
          if (n < 0 || n > limits.outputBytes()) throw new IOException("a malformed answer (" + n + " bytes of output)");
          answer.complete(new Answer(exit, code, in.readNBytes(n)));
        } catch (IOException | RuntimeException e) {
          answer.completeExceptionally(e);
        }
      });
      long backstop = t0 + limits.wallTime().plus(GRACE).toNanos();
      long nextSizeCheck = t0 + SIZE_POLL.toNanos();
      while (true) {
        try {
          Answer a = answer.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
          if (limit == null) limit = switch (a.limit()) {
            case 1 -> "wall time limit " + limits.wallTime().toSeconds() + " s exceeded";
            case 2 -> "output limit " + CommandSandbox.size(limits.outputBytes()) + " exceeded";
            default -> null;
          };
          String output = new String(a.output(), StandardCharsets.UTF_8);
          if (limit == null) limit = CommandSandbox.limitOf(a.exitCode(), output, limits);
          if (limit == null && overWorkspaceLimit(sizeBefore)) limit = workspaceLimit();
          return new Exec(output, a.exitCode(), limit, Duration.ofNanos(System.nanoTime() - t0));
        } catch (TimeoutException e) {
          long now = System.nanoTime();
          if (now >= backstop) return ended(t0, "the sandbox stopped answering");
          if (limit == null && now >= nextSizeCheck) {
            nextSizeCheck = now + SIZE_POLL.toNanos();
            if (overWorkspaceLimit(sizeBefore)) {
              limit = workspaceLimit();
              toSupervisor.writeByte('K');
              toSupervisor.flush();
            }
          }
        }
      }
    } catch (IOException | ExecutionException e) {
      return ended(t0, "the sandbox ended unexpectedly");
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running a sandbox command", e);
    }
  }

  /**
   * A command the supervisor did not answer: a tool error whose output is what bwrap or the supervisor said on
   * stderr, if anything (e.g. why bwrap cannot start), and a fresh sandbox for the next command.
   */
  private Exec ended(long t0, String what) {
    stop();
    String said;
    synchronized (stderr) {
      said = stderr.toString(StandardCharsets.UTF_8);
    }
    return new Exec(said, -1, what + "; the next command starts a fresh sandbox", Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Whether the command grew the workspace past its limit (one that was already over it stays usable). */
  private boolean overWorkspaceLimit(long sizeBefore) {
    long now = workspace.bytes();
    return now > limits.workspaceBytes() && now > sizeBefore;
  }

  private String workspaceLimit() { return "workspace size limit " + CommandSandbox.size(limits.workspaceBytes()) + " exceeded"; }

  private void start() {
    List<String> argv = new ArrayList<>();
    if (CommandSandbox.ROOT) argv.addAll(CommandSandbox.dropToSandboxUid());
    argv.addAll(CommandSandbox.bwrapArgs(workspace.root(), limits));
    // On kernels before 5.14, which count a uid's processes across namespaces (bwrap not as root), the uid's other
    // processes count towards the limit: allow for those running now.
    int processes = limits.processes() + (CommandSandbox.ROOT ? 0 : CommandSandbox.tasksOf(Integer.parseInt(CommandSandbox.realUid())));
    argv.addAll(List.of("--as-pid-1", "/usr/bin/python3", "-I", "-S", "-c", SUPERVISOR, String.valueOf(limits.cpuSeconds()),
        String.valueOf(limits.addressSpaceBytes()), String.valueOf(limits.fileBytes()), String.valueOf(processes)));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(CommandSandbox.environment("/workspace"));
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sandbox: " + e.getMessage(), e);
    }
    toSupervisor = new DataOutputStream(process.getOutputStream());
    fromSupervisor = new DataInputStream(process.getInputStream());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    stderr = err;
    InputStream es = process.getErrorStream();
    stderrReader = Thread.ofVirtual().start(() -> {
      byte[] b = new byte[1024];
      try (es) {
        for (int r; (r = es.read(b)) > 0; )
          synchronized (err) {
            err.write(b, 0, Math.max(0, Math.min(r, STDERR_KEPT - err.size())));
          }
      } catch (IOException ignored) {
        // the sandbox ended
      }
    });
  }

  /**
   * Ends the sandbox: the supervisor, told by the end of its input, kills and reaps every process and exits (and
   * the sandbox's processes all die with it anyway); one that does not is killed.
   */
  private void stop() {
    Process p = process;
    if (p == null) return;
    process = null;
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        List<ProcessHandle> inside = p.descendants().toList();
        p.destroyForcibly();
        for (ProcessHandle h : inside) h.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        for (ProcessHandle h : inside) h.onExit().get(5, TimeUnit.SECONDS);
      }
      stderrReader.join(Duration.ofSeconds(1)); // all it said
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // a process that would not die within seconds of SIGKILL: nothing more to do from here
    }
  }

  private static String supervisorSource() {
    try (InputStream in = SupervisedSandbox.class.getResourceAsStream("supervisor.py")) {
      if (in == null) throw new IllegalStateException("supervisor.py is missing from Candor's classes");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
