package dev.candor.agent;

import java.time.Duration;
import java.util.Map;

/**
 * Where one trajectory's commands run: a {@link Workspace} seeded from the scenario and a way to run shell commands
 * in it with {@link Limits}. One sandbox serves one trajectory; {@link #close()} deletes the workspace. The backends
 * are the {@link Backend}s.
 */
public interface Sandbox extends AutoCloseable {
  /**
   * Runs one command line with {@code bash -c} in the workspace and returns when it (and everything it started) ended.
   * IllegalArgumentException for a line with a NUL character, which no command line can hold.
   */
  Exec exec(String command);

  /** The workspace the commands run in, for the file tools and snapshots. */
  Workspace workspace();

  /** Ends the sandbox and deletes its workspace. */
  @Override void close();

  /**
   * What a command did: its output (stdout and stderr interleaved, at most {@link Limits#outputBytes} bytes), its
   * exit status (128 + N when a signal N ended it; -1 when the sandbox itself ended), the limit that stopped it
   * (null: none; else a phrase such as {@code wall time limit 30 s exceeded}) and its wall time.
   */
  record Exec(String output, int exitCode, String limitHit, Duration elapsed) {}

  /**
   * Per-command limits: wall time, CPU seconds, address space, processes (tasks, counted in the sandbox), bytes per
   * file written, bytes of output kept, and the workspace's total size. Each one hit stops the command with a tool
   * error naming it; the trajectory goes on.
   */
  record Limits(Duration wallTime, int cpuSeconds, long addressSpaceBytes, int processes, long fileBytes,
                int outputBytes, long workspaceBytes) {
    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), 20, 1L << 30, 256, 64L << 20, 1 << 20, 512L << 20);
  }

  /** The sandbox backends a run can choose. */
  enum Backend {
    /**
     * bubblewrap: one {@code bwrap} per trajectory with all namespaces unshared (no network, not even loopback),
     * the host's {@code /usr} read-only, a private {@code /tmp}, the workspace at {@code /workspace}; every command
     * a fresh {@code bash -c} whose processes die with it ({@link SupervisedSandbox}).
     */
    BWRAP,
    /**
     * The same workspace and limits without namespaces: for a container that is itself the sandbox (a Kubernetes
     * pod). Commands see the container's file system and network; chosen only explicitly.
     */
    LOCAL;

    /** The name a run gives ({@code bwrap}, {@code local}). */
    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The backend named {@code id}; IllegalArgumentException listing the choices otherwise. */
    public static Backend of(String id) {
      for (Backend b : values()) if (b.id().equals(id)) return b;
      throw new IllegalArgumentException("expected bwrap or local, got '" + id + "'");
    }

    /** The default: bubblewrap. */
    public static Backend standard() { return BWRAP; }

    /** A new sandbox with a fresh workspace seeded from {@code seed} (path → text). */
    public Sandbox open(Map<String, String> seed, Limits limits) {
      Limits l = limits == null ? Limits.DEFAULT : limits;
      return this == BWRAP ? new SupervisedSandbox(seed, l) : new CommandSandbox(seed, l);
    }

    /** Null when this backend works here; else why not, in one line (e.g. bwrap missing or without namespaces). */
    public String unavailable() { return CommandSandbox.unavailable(this); }

    /** What a run records of the sandbox: the backend and the first line of {@code bash}, {@code python3} and {@code coreutils}' {@code --version}. */
    public Map<String, String> describe() { return CommandSandbox.describe(this); }
  }
}
