package dev.candor.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.candor.testing.FakeOpenAiServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-alone fake OpenAI-compatible server for side-by-side harness benchmarks: serves
 * {@code POST /v1/chat/completions} on 127.0.0.1 with a fixed latency until killed, answering a realistic
 * {@code chat.completion} ("I pick N"). {@code GET /stats} reports the requests served, the most in flight at once,
 * and the window from the first request's arrival to the last response (so a client's startup is not counted);
 * {@code POST /reset} clears them. Prints {@code READY <base url>} when listening.
 *
 * <p>Usage: {@code BenchServer LATENCY_MS [PORT]}.
 */
public final class BenchServer {
  private static final AtomicInteger served = new AtomicInteger();
  private static final AtomicInteger inFlight = new AtomicInteger();
  private static final AtomicInteger maxInFlight = new AtomicInteger();
  private static final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
  private static final AtomicLong lastNanos = new AtomicLong();
  private static final java.util.Queue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();

  public static void main(String[] args) throws Exception {
    // The JDK's HTTP server closes connections beyond 200 idle ones, which a client at 256 connections meets between
    // every response and its next request; a real inference server keeps them. Lift the cap for the fake server.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    long latency = Long.parseLong(args[0]);
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> handle(ex, latency));
    server.start();
    warmUp(server.getAddress().getPort());
    System.out.println("READY http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The answers, made once (the server shares the machine's CPU with the harness measured). */
  private static final String[] BODIES = HarnessBench.bodies();

  /**
   * Serves a few thousand requests to itself first, at the configured latency (its sleep and timer path warm too), so
   * neither harness measured meets a cold server: before, the warm-up ran at zero latency and whichever tool was
   * measured first at 200 ms met the server's cold sleep path.
   */
  private static void warmUp(int port) throws Exception {
    var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
    java.util.concurrent.Semaphore open = new java.util.concurrent.Semaphore(256);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 3000; i++) {
        open.acquire();
        pool.submit(() -> {
          try {
            return client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
          } finally {
            open.release();
          }
        });
      }
    }
    Thread.sleep(2000); // let the server's own JIT finish compiling what the warm-up made hot, before anyone is measured
    served.set(0);
    maxInFlight.set(0);
    firstNanos.set(Long.MAX_VALUE);
    lastNanos.set(0);
    arrivals.clear();
  }

  private static void handle(HttpExchange ex, long latency) throws IOException {
    String path = ex.getRequestURI().getPath();
    ex.getRequestBody().readAllBytes();
    if (path.equals("/stats")) {
      long first = firstNanos.get(), last = lastNanos.get();
      double window = first == Long.MAX_VALUE ? 0 : (last - first) / 1e9;
      // requests arrived per bin (100 ms, or ?bin=MS) from the first: shows how fast the client ramps up and keeps up
      String q = ex.getRequestURI().getQuery();
      int bin = q != null && q.startsWith("bin=") ? Integer.parseInt(q.substring(4)) : 100;
      int[] hist = new int[(int) Math.max(1, Math.ceil(window * 1000 / bin)) + 1];
      for (long a : arrivals) hist[(int) Math.min(hist.length - 1, (a - first) / (bin * 1_000_000L))]++;
      send(ex, 200, String.format(java.util.Locale.ROOT, "{\"served\":%d,\"max_in_flight\":%d,\"window_s\":%.4f,\"arrivals_per_bin\":%s,\"bin_ms\":%d}",
          served.get(), maxInFlight.get(), window, java.util.Arrays.toString(hist), bin));
      return;
    }
    if (path.equals("/reset")) {
      served.set(0);
      maxInFlight.set(0);
      firstNanos.set(Long.MAX_VALUE);
      lastNanos.set(0);
      arrivals.clear();
      send(ex, 200, "{}");
      return;
    }
    if (!path.endsWith("/chat/completions") || !ex.getRequestMethod().equals("POST")) {
      send(ex, 404, "{\"error\":{\"message\":\"no route\",\"type\":\"not_found\"}}");
      return;
    }
    long now = System.nanoTime();
    firstNanos.accumulateAndGet(now, Math::min);
    arrivals.add(now);
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      if (latency > 0) Thread.sleep(latency);
      send(ex, 200, BODIES[ThreadLocalRandom.current().nextInt(BODIES.length)]);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      served.incrementAndGet();
      lastNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) { os.write(b); }
  }
}
