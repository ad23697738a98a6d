package dev.candor.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local backend's {@link Sandbox}, and what both backends share: a {@link Workspace} on the host and each
 * command a fresh {@code setsid bash -c} in it (the bubblewrap backend is {@link SupervisedSandbox}). When Candor runs
 * as root, commands run as the unprivileged uid {@value #SANDBOX_UID} (which owns the workspace), so the process
 * limit applies and nothing runs as root. The environment is built from scratch: nothing of Candor's (API keys
 * included) reaches a command.
 *
 * <p>Limits: CPU seconds, address space, bytes per file and processes by {@code ulimit} (as root, bubblewrap's
 * commands run as {@code nobody} in a user namespace of their own, where Linux 5.14 and later count only their
 * processes; otherwise the uid's processes already running are added to the limit); output bytes,
 * wall time and the workspace's size by Candor, which kills the command's processes when one is exceeded.
 */
final class CommandSandbox implements Sandbox {
  /** The uid commands run as when Candor runs as root ({@code nobody}). */
  static final int SANDBOX_UID = 65534;
  static final boolean ROOT = "0".equals(realUid());
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration SIZE_POLL = Duration.ofMillis(250);

  private final Sandbox.Limits limits;
  private final Workspace workspace;

  CommandSandbox(Map<String, String> seed, Sandbox.Limits limits) {
    this.limits = limits;
    this.workspace = Workspace.create(seed, ROOT ? SANDBOX_UID : -1);
  }

  @Override public Workspace workspace() { return workspace; }

  @Override public void close() { workspace.close(); }

  @Override
  public Exec exec(String command) {
    if (command.indexOf('\0') >= 0) throw new IllegalArgumentException("command: a command line cannot hold a NUL character");
    long t0 = System.nanoTime();
    long sizeBefore = workspace.bytes();
    Process p;
    try {
      p = process(workspace.root(), limits, command).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a sandbox command: " + e.getMessage(), e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AtomicBoolean overflow = new AtomicBoolean();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (InputStream in = p.getInputStream()) {
        byte[] b = new byte[8192];
        for (int r; (r = in.read(b)) > 0; ) {
          int room = limits.outputBytes() - out.size();
          out.write(b, 0, Math.max(0, Math.min(r, room)));
          if (r > room) {
            overflow.set(true);
            kill(p);
            return;
          }
        }
      } catch (IOException ignored) {
        // the process was killed
      }
    });
    String limit = null;
    long deadline = t0 + limits.wallTime().toNanos();
    long nextSizeCheck = t0 + SIZE_POLL.toNanos();
    try {
      while (!p.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        long now = System.nanoTime();
        if (overflow.get()) break;
        if (now >= deadline) {
          limit = "wall time limit " + limits.wallTime().toSeconds() + " s exceeded";
          break;
        }
        if (now >= nextSizeCheck) {
          nextSizeCheck = now + SIZE_POLL.toNanos();
          if (overWorkspaceLimit(sizeBefore)) {
            limit = workspaceLimit();
            break;
          }
        }
      }
      kill(p);
      p.waitFor();
      // a process that escaped the group (setsid) may hold the pipe open: wait while output still comes
      reader.join(Duration.ofSeconds(1));
      for (int waits = 0; reader.isAlive() && waits < 45; waits++) {
        long seen = out.size();
        reader.join(Duration.ofMillis(200));
        if (out.size() == seen) break;
      }
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running a sandbox command", e);
    }
    int exit = p.exitValue();
    byte[] bytes;
    synchronized (out) {
      bytes = out.toByteArray();
    }
    String output = new String(bytes, StandardCharsets.UTF_8);
    if (overflow.get()) limit = "output limit " + size(limits.outputBytes()) + " exceeded";
    if (limit == null) limit = limitOf(exit, output, limits);
    if (limit == null && overWorkspaceLimit(sizeBefore)) limit = workspaceLimit();
    return new Exec(output, exit, limit, Duration.ofNanos(System.nanoTime() - t0));
  }

  /**
   * The limit a command that ended by itself hit, from its exit status and output: CPU time (SIGXCPU), file size
   * (SIGXFSZ), or address space when it failed with an allocation error. The last is inferred, since Linux does not
   * tell why an allocation failed: a program that prints no such error is not attributed, and one that prints it for
   * another reason is.
   */
  static String limitOf(int exit, String output, Sandbox.Limits limits) {
    if (exit == 128 + 24) return "CPU time limit " + limits.cpuSeconds() + " s exceeded";
    if (exit == 128 + 25) return "file size limit " + size(limits.fileBytes()) + " per file exceeded";
    if (exit != 0 && ALLOCATION_FAILED.matcher(output.substring(Math.max(0, output.length() - 2048))).find())
      return "address space limit " + size(limits.addressSpaceBytes()) + " hit (the command failed to allocate memory)";
    return null;
  }

  /** What programs print when an allocation fails: Python, strerror(ENOMEM), bash, coreutils and grep, C++, Java, git, node. */
  private static final java.util.regex.Pattern ALLOCATION_FAILED = java.util.regex.Pattern.compile(
      "\\bMemoryError\\b|cannot allocate|memory exhausted|bad_alloc|OutOfMemoryError|out of memory",
      java.util.regex.Pattern.CASE_INSENSITIVE);

  /** Whether the command grew the workspace past its limit (one that was already over it stays usable). */
  private boolean overWorkspaceLimit(long sizeBefore) {
    long now = workspace.bytes();
    return now > limits.workspaceBytes() && now > sizeBefore;
  }

  private String workspaceLimit() { return "workspace size limit " + size(limits.workspaceBytes()) + " exceeded"; }

  static String size(long bytes) {
    if (bytes % (1L << 30) == 0) return (bytes >> 30) + " GiB";
    if (bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
    if (bytes % (1L << 10) == 0) return (bytes >> 10) + " KiB";
    return bytes + " bytes";
  }

  /** Kills the command's process group. */
  private void kill(Process p) {
    try {
      new ProcessBuilder("/bin/kill", "-KILL", "--", "-" + p.pid()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot kill a sandbox command: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.toHandle().destroyForcibly(); // not Process.destroyForcibly, which closes the output pipe before it is read
  }

  /** The process of one local command. */
  static ProcessBuilder process(Path ws, Sandbox.Limits limits, String command) {
    List<String> argv = new ArrayList<>();
    argv.add(bin("setsid")); // its own process group, killed as one
    // Without a user namespace of its own the uid's other processes count towards the limit: allow for them.
    int processes = limits.processes() + tasksOf(ROOT ? SANDBOX_UID : Integer.parseInt(realUid()));
    argv.addAll(ROOT ? dropToSandboxUid() : List.of(bin("setpriv"), "--no-new-privs")); // no set-uid programs
    // CPU: SIGXCPU at the soft limit (a hard limit equal to it would be a plain SIGKILL), SIGKILL a second later
    String script = "ulimit -S -t " + limits.cpuSeconds() + " && ulimit -H -t " + (limits.cpuSeconds() + 1) + " && ulimit -c 0 -v " + (limits.addressSpaceBytes() >> 10)
        + " -f " + Math.max(1, limits.fileBytes() >> 10) + " -u " + processes + " || exit 126\nexec -a bash /bin/bash -c \"$1\"";
    argv.addAll(List.of("/bin/bash", "-c", script, "bash", command));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(environment(ws.toString()));
    pb.directory(ws.toFile());
    return pb;
  }

  /** A command's whole environment, with {@code home} its home directory (the workspace). */
  static Map<String, String> environment(String home) {
    // no __pycache__ files: running a scenario's python scripts would otherwise fill every step's diff with .pyc files
    return Map.of("HOME", home, "PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8", "USER", "agent", "LOGNAME", "agent",
        "EMAIL", "agent@localhost", "PYTHONDONTWRITEBYTECODE", "1");
  }

  /** The command line prefix that runs a program as {@value #SANDBOX_UID} without privileges (Candor runs as root). */
  static List<String> dropToSandboxUid() {
    return List.of(bin("setpriv"), "--reuid=" + SANDBOX_UID, "--regid=" + SANDBOX_UID, "--clear-groups", "--no-new-privs");
  }

  /** The absolute path of a host program (the command's environment has no PATH of Candor's), or its bare name when not found. */
  private static String bin(String name) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"))
      if (Files.isExecutable(Path.of(dir, name))) return dir + "/" + name;
    return name;
  }

  /**
   * bwrap's options: every namespace unshared, the host's {@code /usr} read-only, a minimal {@code /etc}, a private
   * {@code /proc}, {@code /dev} and {@code /tmp} (at most the workspace's size), the workspace at {@code /workspace}.
   */
  static List<String> bwrapArgs(Path ws, Sandbox.Limits limits) {
    Path etc = syntheticEtc();
    List<String> a = new ArrayList<>(List.of(bin("bwrap"), "--unshare-all", "--die-with-parent", "--new-session",
        "--uid", "1000", "--gid", "1000", "--hostname", "sandbox",
        "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
        "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
        "--tmpfs", "/etc"));
    for (String f : List.of("passwd", "group", "hostname", "hosts")) a.addAll(List.of("--ro-bind", etc.resolve(f).toString(), "/etc/" + f));
    for (String f : List.of("alternatives", "ld.so.cache", "localtime")) a.addAll(List.of("--ro-bind-try", "/etc/" + f, "/etc/" + f));
    a.addAll(List.of("--remount-ro", "/etc", "--proc", "/proc", "--dev", "/dev", "--size", String.valueOf(limits.workspaceBytes()), "--tmpfs", "/tmp",
        "--tmpfs", "/usr/local/bin", "--symlink", "/usr/bin/python3", "/usr/local/bin/python", "--remount-ro", "/usr/local/bin",
        "--bind", ws.toString(), "/workspace", "--chdir", "/workspace"));
    return a;
  }

  private static volatile Path etc;

  /** The sandbox's /etc files: a user {@code agent} (uid 1000, home /workspace) and nothing of the host's accounts. */
  private static synchronized Path syntheticEtc() {
    if (etc != null) return etc;
    try {
      Path d = Files.createTempDirectory("candor-etc-");
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.writeString(d.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\nagent:x:1000:1000:agent:/workspace:/bin/bash\n"
          + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
      Files.writeString(d.resolve("group"), "root:x:0:\nagent:x:1000:\nnogroup:x:65534:\n");
      Files.writeString(d.resolve("hostname"), "sandbox\n");
      Files.writeString(d.resolve("hosts"), "127.0.0.1 localhost\n::1 localhost\n127.0.1.1 sandbox\n");
      try (var s = Files.list(d)) {
        for (Path f : s.toList()) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (var s = Files.list(d)) {
          for (Path f : s.toList()) Files.deleteIfExists(f);
          Files.deleteIfExists(d);
        } catch (IOException ignored) {
          // a temp directory left behind
        }
      }));
      etc = d;
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox's /etc files: " + e.getMessage(), e);
    }
  }

  /** The number of tasks (threads) of processes whose real uid is {@code uid}. */
  static int tasksOf(int uid) {
    int n = 0;
    try (var procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          String uidLine = null, threads = null;
          for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("Uid:")) uidLine = line;
            else if (line.startsWith("Threads:")) threads = line;
          }
          if (uidLine != null && threads != null && uidLine.split("\\s+")[1].equals(String.valueOf(uid)))
            n += Integer.parseInt(threads.split("\\s+")[1]);
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count processes in /proc: " + e.getMessage(), e);
    }
    return n;
  }

  static String realUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status")))
        if (line.startsWith("Uid:")) return line.split("\\s+")[1];
    } catch (IOException ignored) {
      // not Linux
    }
    return "";
  }

  private static final Map<Sandbox.Backend, String> PROBED = new ConcurrentHashMap<>();
  private static final String OK = "";

  /** Null when the backend runs a command here; else the first line of why not. Probed once per process. */
  static String unavailable(Sandbox.Backend backend) {
    String r = PROBED.computeIfAbsent(backend, b -> {
      try (Sandbox s = b.open(Map.of(), Sandbox.Limits.DEFAULT)) {
        Exec e = s.exec("echo ok");
        return e.exitCode() == 0 && e.output().equals("ok\n") ? OK
            : e.output().lines().findFirst().orElse(e.limitHit() != null ? e.limitHit() : "exit status " + e.exitCode());
      } catch (RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
      }
    });
    return r.equals(OK) ? null : r;
  }

  private static final Map<Sandbox.Backend, Map<String, String>> DESCRIBED = new ConcurrentHashMap<>();

  /** The backend and the first line of bash's, python3's and coreutils' {@code --version}. */
  static Map<String, String> describe(Sandbox.Backend backend) {
    return DESCRIBED.computeIfAbsent(backend, b -> {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("backend", b.id());
      try (Sandbox s = b.open(Map.of(), Sandbox.Limits.DEFAULT)) {
        for (var tool : List.of(List.of("bash", "bash --version"), List.of("python3", "python3 --version 2>&1"),
            List.of("coreutils", "ls --version")))
          m.put(tool.get(0), s.exec(tool.get(1)).output().lines().findFirst().orElse("(none)").strip());
      }
      return java.util.Collections.unmodifiableMap(m);
    });
  }
}
