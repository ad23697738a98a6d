package dev.candor.bench;

import dev.candor.cli.CliWiring;

import dev.candor.suite.Environment;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.run.Engine;
import dev.candor.core.RunConfig;
import dev.candor.run.RunEvents;
import dev.candor.run.RunResult;
import dev.candor.run.Runs;
import dev.candor.run.Secrets;
import dev.candor.store.Store;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.RunConfigs;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Harness overhead of a real run (engine + OpenAI wire client + SQLite store + grading) against a local fake
 * OpenAI-compatible server in the same JVM. Modes:
 * <ul>
 *   <li>{@code latency CONNS MS N REPS}: throughput vs the ideal CONNS/latency, median over REPS;</li>
 *   <li>{@code zero N REPS}: trajectories/s and CPU ms per trajectory with a zero-latency server
 *       (CPU includes the fake server's, which shares the process);</li>
 *   <li>{@code memory N CONNS}: peak heap after a run of N trajectories (run it under -Xmx512m);</li>
 *   <li>{@code flat N CONNS STEP}: whether memory stays flat over a long run: the heap in use after a full GC every
 *       STEP finished trajectories, and the least-squares slope of that series in MB per 10,000 trajectories.</li>
 * </ul>
 */
public final class HarnessBench {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    switch (mode) {
      case "latency" -> latency(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "zero" -> zero(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "memory" -> memory(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "flat" -> flat(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("mode: latency | zero | memory | flat");
    }
  }

  record Timed(RunResult result, double seconds, double cpuSeconds) {}

  static Timed once(FakeOpenAiServer server, int conns, int n) throws Exception {
    return once(server, conns, n, RunEvents.NONE);
  }

  static Timed once(FakeOpenAiServer server, int conns, int n, RunEvents events) throws Exception {
    Path dir = Files.createTempDirectory("candor-bench");
    Environment env = RewardHintEnvironment.standard();
    int epochs = (int) Math.ceil(n / (double) env.samples().size());
    RunConfig cfg = RunConfigs.of("reward-hints", "openai/bench").baseUrl(server.baseUrl()).epochs(epochs).maxConnections(conns).timeoutSeconds(60)
        .name("bench").build();
    Model model = CliWiring.openAi().create("bench", new ModelOptions(server.baseUrl(), Duration.ofSeconds(60)));
    try (Store store = Store.open(dir.resolve("bench.db").toString())) {
      var run = Runs.create(store, cfg, env.samples(), null);
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      RunResult r = new Engine(store, Secrets.NONE).execute(run.id(), cfg, env, env.samples(), model, events);
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      if (!r.complete() || r.errors() > 0) throw new IllegalStateException("bench run incomplete: " + r);
      return new Timed(r, s, cpu);
    }
  }

  static FakeOpenAiServer server(Duration latency) {
    FakeOpenAiServer s = FakeOpenAiServer.start();
    s.recording(false);
    String[] bodies = bodies();
    s.latency(latency).respondWith(req -> bodies[ThreadLocalRandom.current().nextInt(bodies.length)]);
    return s;
  }

  /**
   * The fake model's answers, made once so the fake server (which shares this process's CPU) spends little per
   * request: "I pick N" for N in 0..99 with even numbers four times as likely as odd ones, as a realistic body.
   */
  static String[] bodies() {
    List<String> out = new ArrayList<>();
    for (int n = 0; n < 100; n++)
      for (int k = 0; k < (n % 2 == 0 ? 4 : 1); k++)
        out.add(FakeOpenAiServer.completion().model("bench").content("I pick " + n).usage(40, 6, 0).json());
    return out.toArray(String[]::new);
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  static void latency(int conns, int ms, int n, int reps) throws Exception {
    try (FakeOpenAiServer server = server(Duration.ofMillis(ms))) {
      once(server, conns, n); // warm-up: one full-size unmeasured run (JIT, connection pool), as JMH would
      double ideal = conns / (ms / 1000.0);
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        Timed t = once(server, conns, n);
        double tput = t.result().total() / t.seconds();
        ratios.add(tput / ideal);
        System.out.printf("latency rep %d: %d trajectories in %.2f s = %.1f/s (ideal %.1f/s) -> %.1f%% of ideal%n",
            i + 1, t.result().total(), t.seconds(), tput, ideal, 100 * tput / ideal);
      }
      System.out.printf("RESULT latency conns=%d latency=%dms: median %.1f%% of ideal throughput (min %.1f%%, max %.1f%%) over %d reps%n",
          conns, ms, 100 * median(ratios), 100 * Collections.min(ratios), 100 * Collections.max(ratios), reps);
    }
  }

  static void zero(int n, int reps) throws Exception {
    try (FakeOpenAiServer server = server(Duration.ZERO)) {
      once(server, 64, 2000); // warm-up
      List<Double> rates = new ArrayList<>();
      List<Double> cpuMs = new ArrayList<>();
      for (int i = 0; i < reps; i++) {
        Timed t = once(server, 64, n);
        rates.add(t.result().total() / t.seconds());
        cpuMs.add(1000 * t.cpuSeconds() / t.result().total());
        System.out.printf("zero rep %d: %.0f trajectories/s, %.2f ms CPU per trajectory%n", i + 1, rates.getLast(), cpuMs.getLast());
      }
      System.out.printf("RESULT zero-latency: median %.0f trajectories/s, median %.2f ms CPU per trajectory (process total, fake server included) over %d reps%n",
          median(rates), median(cpuMs), reps);
    }
  }

  static void memory(int n, int conns) throws Exception {
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long[] peakUsed = {0};
    Thread sampler = Thread.ofPlatform().daemon().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peakUsed[0] = Math.max(peakUsed[0], Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try (FakeOpenAiServer server = server(Duration.ZERO)) {
      Timed t = once(server, conns, n);
      sampler.interrupt();
      long max = Runtime.getRuntime().maxMemory();
      System.out.printf("RESULT memory: %d trajectories in %.1f s with max heap %d MB; peak heap used %d MB (sampled every 50 ms)%n",
          t.result().total(), t.seconds(), max >> 20, peakUsed[0] >> 20);
    }
  }

  static void flat(int n, int conns, int step) throws Exception {
    List<long[]> points = new java.util.concurrent.CopyOnWriteArrayList<>(); // {finished, heap after GC in bytes}
    java.util.concurrent.atomic.AtomicLong finished = new java.util.concurrent.atomic.AtomicLong();
    RunEvents events = new RunEvents() {
      @Override public void finished(String label, boolean error) {
        long k = finished.incrementAndGet();
        if (k % step == 0) {
          System.gc();
          points.add(new long[] {k, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()});
        }
      }
    };
    try (FakeOpenAiServer server = server(Duration.ZERO)) {
      Timed t = once(server, conns, n, events);
      StringBuilder series = new StringBuilder();
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (long[] p : points) {
        double x = p[0] / 10_000.0, y = p[1] / 1048576.0;
        sx += x; sy += y; sxx += x * x; sxy += x * y;
        series.append(String.format(java.util.Locale.ROOT, " %dk:%.0f", p[0] / 1000, y));
      }
      int m = points.size();
      double slope = m < 2 ? Double.NaN : (m * sxy - sx * sy) / (m * sxx - sx * sx);
      System.out.printf("RESULT flat: %d trajectories in %.1f s (max heap %d MB); heap after full GC in MB:%s; slope %.2f MB per 10,000 trajectories%n",
          t.result().total(), t.seconds(), Runtime.getRuntime().maxMemory() >> 20, series, slope);
    }
  }
}
