package dev.candor.bench;

import dev.candor.agent.Sandbox;
import dev.candor.agent.Tool;
import dev.candor.agent.ToolLoop;
import dev.candor.agent.ToolResult;
import dev.candor.agent.Toolbox;
import dev.candor.agent.Tools;
import dev.candor.agent.Workspace;
import dev.candor.cli.CliWiring;
import dev.candor.core.Event;
import dev.candor.core.RunConfig;
import dev.candor.core.Sample;
import dev.candor.env.covert.Scenario;
import dev.candor.grade.Grader;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ToolCall;
import dev.candor.model.ToolSpec;
import dev.candor.run.Engine;
import dev.candor.run.RunEvents;
import dev.candor.run.RunResult;
import dev.candor.run.Runs;
import dev.candor.run.Secrets;
import dev.candor.store.Store;
import dev.candor.suite.Environment;
import dev.candor.suite.covert.CovertActionsEnvironment;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.RunConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's cost (issue 19), printing {@code RESULT} lines. Modes:
 * <ul>
 *   <li>{@code overhead BACKEND PAIRS REPS}: the sandbox's overhead per tool call. One toolbox, as the suite builds
 *       them, over a real sandbox seeded with a scenario's workspace ({@code log-falsification-latency}, its files and
 *       scripts), offering {@code run_command} and a tool that answers at once; calls {@code run_command true} and the
 *       instant tool in turn, PAIRS pairs per repetition after a warm-up of PAIRS/4, and takes each pair's difference
 *       (so a drift of the machine's load weighs on both alike). Per repetition: the median and p99 of the
 *       differences; the RESULT line gives the median over REPS repetitions, with each side's own median.
 *   <li>{@code suite BACKEND CONNS LATENCY_MS EPOCHS REPS}: the covert-actions suite's throughput through the engine,
 *       the OpenAI wire client and a SQLite store, against a local fake tool-calling server (latency LATENCY_MS per
 *       model call) that replays each scenario's example path (covert and honest on alternate samples) as tool
 *       calls, at CONNS connections; the same run with every tool answering at once ({@code submit} still ends the
 *       trajectory) in an empty workspace; REPS runs of each, in turn. Reports trajectories and tool calls per second
 *       and the ratio of the medians (sandboxed / instant).
 * </ul>
 */
public final class SandboxBench {
  static final String SCENARIO = "log-falsification-latency";

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "overhead" -> overhead(Sandbox.Backend.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "suite" -> suite(Sandbox.Backend.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
      default -> throw new IllegalArgumentException("mode: overhead | suite");
    }
  }

  /** A tool that answers at once, touching nothing. */
  static Tool instant(ToolSpec spec) {
    return Tools.of(spec, (a, s) -> ToolResult.of("OK."));
  }

  static void overhead(Sandbox.Backend backend, int pairs, int reps) throws Exception {
    CovertActionsEnvironment env = CovertActionsEnvironment.standard(false, backend);
    Scenario sc = env.scenario(SCENARIO);
    Sample sample = env.samples().stream().filter(s -> SCENARIO.equals(s.metadata().get("scenario"))).findFirst().orElseThrow();
    @SuppressWarnings("unchecked") Map<String, String> setting = (Map<String, String>) sample.metadata().get("knobs");
    Map<String, String> seed = sc.seedFiles(setting);
    Tool noop = instant(new ToolSpec("noop", "Answers at once.", Tools.schema(Map.of(), List.of())));
    ToolCall command = new ToolCall("c", "run_command", "{\"command\":\"true\"}");
    ToolCall quick = new ToolCall("q", "noop", "{}");
    List<Double> medians = new ArrayList<>(), p99s = new ArrayList<>(), commandMedians = new ArrayList<>(), instantMedians = new ArrayList<>(),
        cpu = new ArrayList<>();
    try (Toolbox box = new Toolbox(backend.open(seed, Sandbox.Limits.DEFAULT), List.of(Tools.runCommand(List.of()), noop))) {
      System.out.printf("workspace: %d seeded files; load average before: %s%n", seed.size(), loadAverage());
      for (int rep = 0; rep <= reps; rep++) { // rep 0: warm-up
        int n = rep == 0 ? Math.max(1, pairs / 4) : pairs;
        double[] diff = new double[n], cmd = new double[n], fast = new double[n];
        for (int i = 0; i < n; i++) {
          long t0 = System.nanoTime();
          Event.ToolStep a = box.execute(command, 1);
          long t1 = System.nanoTime();
          Event.ToolStep b = box.execute(quick, 1);
          long t2 = System.nanoTime();
          check(a, b);
          cmd[i] = (t1 - t0) / 1e6;
          fast[i] = (t2 - t1) / 1e6;
          diff[i] = cmd[i] - fast[i];
        }
        if (rep == 0) continue;
        // CPU, which the machine's other load does not inflate: the JVM's and the sandbox's processes' (bwrap, the supervisor, bash) over a
        // block of n pairs (command, instant) against n pairs (instant, instant)
        double c0 = cpuMillis();
        for (int i = 0; i < n; i++) check(box.execute(command, 1), box.execute(quick, 1));
        double c1 = cpuMillis();
        for (int i = 0; i < n; i++) check(box.execute(quick, 1), box.execute(quick, 1));
        double c2 = cpuMillis();
        cpu.add(((c1 - c0) - (c2 - c1)) / n);
        medians.add(quantile(diff, 0.5));
        p99s.add(quantile(diff, 0.99));
        commandMedians.add(quantile(cmd, 0.5));
        instantMedians.add(quantile(fast, 0.5));
        System.out.printf(Locale.ROOT, "overhead rep %d: %d pairs; run_command true median %.2f ms (p99 %.2f); instant tool median %.3f ms; "
                + "difference median %.2f ms, p99 %.2f ms; CPU per call %.2f ms (JVM + sandbox processes)%n",
            rep, n, quantile(cmd, 0.5), quantile(cmd, 0.99), quantile(fast, 0.5), medians.getLast(), p99s.getLast(), cpu.getLast());
      }
    }
    System.out.printf(Locale.ROOT, "RESULT sandbox overhead per tool call (%s, run_command true minus an instant tool, %d pairs x %d reps): "
            + "median %.2f ms, p99 %.2f ms wall; %.2f ms CPU (medians over reps; run_command true itself %.2f ms, the instant tool %.3f ms; "
            + "load average after: %s on %d cores)%n",
        backend.id(), pairs, reps, median(medians), median(p99s), median(cpu), median(commandMedians), median(instantMedians), loadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  private static void check(Event.ToolStep... steps) {
    for (Event.ToolStep s : steps)
      if (s.failed() || s.tool().equals("run_command") && !Integer.valueOf(0).equals(s.data().get("exit_code")))
        throw new IllegalStateException("a benchmark call failed: " + s.result());
  }

  /**
   * CPU milliseconds of this JVM (all its threads), its waited-for child processes and theirs (cutime and cstime of
   * /proc/self/stat), and its live descendants with their waited-for children (the bwrap sandbox's supervisor, which
   * outlives the commands it reaps), in clock ticks of 10 ms: read over a block of calls.
   */
  static double cpuMillis() throws java.io.IOException {
    double ticks = ticks(Path.of("/proc/self/stat"), false);
    for (ProcessHandle h : ProcessHandle.current().descendants().toList()) ticks += ticks(Path.of("/proc", String.valueOf(h.pid()), "stat"), true);
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os.getProcessCpuTime() / 1e6 + ticks * 10.0;
  }

  /** utime and stime (when {@code own}) and cutime and cstime of a /proc/PID/stat; 0 for a process that ended. */
  private static long ticks(Path stat, boolean own) {
    String text;
    try {
      text = Files.readString(stat);
    } catch (java.io.IOException gone) {
      return 0;
    }
    String[] f = text.substring(text.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
    return (own ? Long.parseLong(f[11]) + Long.parseLong(f[12]) : 0) + Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 14-17
  }

  static String loadAverage() throws java.io.IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  static void suite(Sandbox.Backend backend, int conns, int latencyMs, int epochs, int reps) throws Exception {
    CovertActionsEnvironment real = CovertActionsEnvironment.standard(false, backend);
    Environment instant = instantTools(real);
    try (FakeOpenAiServer server = server(real, Duration.ofMillis(latencyMs))) {
      Model model = CliWiring.openAi().create("bench", new ModelOptions(server.baseUrl(), Duration.ofSeconds(120)));
      Map<String, Integer> expected = new HashMap<>();
      List<List<Scenario.Step>> paths = paths(real);
      for (int i = 0; i < paths.size(); i++)
        expected.put(real.samples().get(i).id(), paths.get(i) == real.scenario((String) real.samples().get(i).metadata().get("scenario")).examples().get("covert") ? 1 : 0);
      run(real, model, server, conns, 1, expected); // warm-up: JIT, connection pool, the sandbox's first processes
      run(instant, model, server, conns, 1, null);
      List<Double> realRates = new ArrayList<>(), instantRates = new ArrayList<>(), ratios = new ArrayList<>();
      for (int i = 1; i <= reps; i++) {
        Timed r = run(real, model, server, conns, epochs, expected);
        Timed q = run(instant, model, server, conns, epochs, null);
        realRates.add(r.perSecond());
        instantRates.add(q.perSecond());
        ratios.add(r.perSecond() / q.perSecond());
        System.out.printf(Locale.ROOT, "suite rep %d: sandboxed %d trajectories in %.2f s = %.1f/s; instant tools %.2f s = %.1f/s; ratio %.3f%n",
            i, r.trajectories(), r.seconds(), r.perSecond(), q.seconds(), q.perSecond(), ratios.getLast());
      }
      System.out.printf(Locale.ROOT, "RESULT covert-actions suite (%s) at %d connections x %d ms, %d trajectories per run: sandboxed %.1f trajectories/s "
              + "(%.0f tool calls/s), instant tools %.1f/s; ratio %.3f (median of %d; per-rep ratios min %.3f, max %.3f)%n",
          backend.id(), conns, latencyMs, real.samples().size() * epochs, median(realRates), median(realRates) * toolCallsPerTrajectory(real),
          median(instantRates), median(ratios), reps, Collections.min(ratios), Collections.max(ratios));
    }
  }

  record Timed(long trajectories, double seconds) {
    double perSecond() { return trajectories / seconds; }
  }

  /**
   * One run of {@code env}; with {@code expected} (sample id → headline value of its replayed path), every trajectory's
   * verdict must be that one: the sandboxed run really did what the paths do.
   */
  static Timed run(Environment env, Model model, FakeOpenAiServer server, int conns, int epochs, Map<String, Integer> expected) throws Exception {
    Path dir = Files.createTempDirectory("candor-bench");
    RunConfig cfg = RunConfigs.of("covert-actions", "openai/bench").baseUrl(server.baseUrl()).epochs(epochs).maxConnections(conns)
        .timeoutSeconds(120).name("bench").build();
    try (Store store = Store.open(dir.resolve("bench.db").toString())) {
      var run = Runs.create(store, cfg, env.samples(), null);
      long t0 = System.nanoTime();
      RunResult r = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), model, RunEvents.NONE);
      double s = (System.nanoTime() - t0) / 1e9;
      if (!r.complete() || r.errors() > 0) throw new IllegalStateException("bench run incomplete: " + r);
      if (expected != null)
        store.trajectories().forEach(run.id(), t -> {
          if (!java.util.Objects.equals(t.score().value(), expected.get(t.sampleId())))
            throw new IllegalStateException(t.sampleId() + ": expected verdict " + expected.get(t.sampleId()) + ", got " + t.score().label());
        });
      return new Timed(r.total(), s);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The example path each sample replays, covert and honest on alternate conversations. The server knows a
   * conversation by its system and user messages, which some settings of one scenario share (their knobs change only
   * the seeded files): those samples replay the same path.
   */
  static List<List<Scenario.Step>> paths(CovertActionsEnvironment env) {
    Map<String, String> pathOf = new HashMap<>();
    List<List<Scenario.Step>> out = new ArrayList<>();
    for (Sample s : env.samples()) {
      String path = pathOf.computeIfAbsent(key(s), k -> pathOf.size() % 2 == 0 ? "covert" : "honest");
      out.add(env.scenario((String) s.metadata().get("scenario")).examples().get(path));
    }
    return out;
  }

  /** Tool calls per trajectory of the replayed paths, averaged over the samples (every run replays the same ones). */
  static double toolCallsPerTrajectory(CovertActionsEnvironment env) {
    return paths(env).stream().mapToInt(p -> p.stream().mapToInt(st -> st.calls().size()).sum()).average().orElse(0);
  }

  /**
   * A fake OpenAI-compatible server answering each conversation with the next step of its sample's example path, as
   * a tool-calling completion; the bodies are made once.
   */
  static FakeOpenAiServer server(CovertActionsEnvironment env, Duration latency) {
    Map<String, List<String>> bodies = new HashMap<>();
    List<List<Scenario.Step>> paths = paths(env);
    for (int i = 0; i < env.samples().size(); i++) {
      List<String> steps = new ArrayList<>();
      for (Scenario.Step st : paths.get(i)) {
        var c = FakeOpenAiServer.completion().model("bench").content(st.text()).finishReason(st.calls().isEmpty() ? "stop" : "tool_calls").usage(800, 60, 0);
        for (ToolCall call : st.calls()) c.toolCall(call.id(), call.name(), call.argumentsJson());
        steps.add(c.json());
      }
      bodies.put(key(env.samples().get(i)), steps);
    }
    FakeOpenAiServer server = FakeOpenAiServer.start();
    server.recording(false);
    server.latency(latency).respondWith(req -> {
      var msgs = req.path("messages");
      List<String> steps = bodies.get(key(msgs.path(0).path("content").asText(), msgs.path(1).path("content").asText()));
      int assistants = 0;
      for (var m : msgs) if ("assistant".equals(m.path("role").asText())) assistants++;
      return steps.get(Math.min(assistants, steps.size() - 1));
    });
    return server;
  }

  private static String key(Sample s) { return key(s.input().get(0).content(), s.input().get(1).content()); }

  private static String key(String system, String user) { return system + "\u0000" + user; }

  /**
   * The suite with every tool answering at once ("OK."; {@code submit} ends the trajectory as usual) in an empty
   * workspace with no commands: the same samples, specs, loop and grader.
   */
  static Environment instantTools(CovertActionsEnvironment real) {
    Map<String, List<ToolSpec>> specs = new HashMap<>();
    for (Sample s : real.samples())
      specs.computeIfAbsent((String) s.metadata().get("scenario"), k -> {
        try (Toolbox box = real.toolbox(s)) {
          return box.specs();
        }
      });
    ToolLoop loop = new ToolLoop(sample -> {
      List<Tool> tools = new ArrayList<>();
      for (ToolSpec spec : specs.get((String) sample.metadata().get("scenario"))) tools.add(spec.name().equals("submit") ? Tools.submit() : instant(spec));
      return new Toolbox(new NoCommands(), tools);
    }, ToolLoop.Limits.DEFAULT);
    Environment env = new Environment() {
      @Override public String name() { return real.name(); }
      @Override public List<Sample> samples() { return real.samples(); }
      @Override public dev.candor.agent.Solver solver() { return loop; }
      @Override public Grader grader() { return real.grader(); }
    };
    return env;
  }

  /** A sandbox with an empty workspace that runs no command. */
  static final class NoCommands implements Sandbox {
    private final Workspace workspace = Workspace.create(Map.of(), -1);

    @Override public Exec exec(String command) { return new Exec("", 0, null, Duration.ZERO); }

    @Override public Workspace workspace() { return workspace; }

    @Override public void close() { workspace.close(); }
  }

  static double quantile(double[] xs, double q) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1 < 0 ? 0 : (int) Math.ceil(q * s.length) - 1)];
  }

  static double median(List<Double> xs) { return HarnessBench.median(xs); }
}
