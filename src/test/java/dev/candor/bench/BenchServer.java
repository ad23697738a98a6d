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

  public static void main(String[] args) throws Exception {
    long latency = Long.parseLong(args[0]);
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> handle(ex, latency));
    server.start();
    System.out.println("READY http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    System.out.flush();
    Thread.currentThread().join();
  }

  private static void handle(HttpExchange ex, long latency) throws IOException {
    String path = ex.getRequestURI().getPath();
    ex.getRequestBody().readAllBytes();
    if (path.equals("/stats")) {
      long first = firstNanos.get(), last = lastNanos.get();
      double window = first == Long.MAX_VALUE ? 0 : (last - first) / 1e9;
      send(ex, 200, String.format(java.util.Locale.ROOT, "{\"served\":%d,\"max_in_flight\":%d,\"window_s\":%.4f}", served.get(), maxInFlight.get(), window));
      return;
    }
    if (path.equals("/reset")) {
      served.set(0);
      maxInFlight.set(0);
      firstNanos.set(Long.MAX_VALUE);
      lastNanos.set(0);
      send(ex, 200, "{}");
      return;
    }
    if (!path.endsWith("/chat/completions") || !ex.getRequestMethod().equals("POST")) {
      send(ex, 404, "{\"error\":{\"message\":\"no route\",\"type\":\"not_found\"}}");
      return;
    }
    firstNanos.accumulateAndGet(System.nanoTime(), Math::min);
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      if (latency > 0) Thread.sleep(latency);
      int n = 2 * ThreadLocalRandom.current().nextInt(50) + (ThreadLocalRandom.current().nextInt(5) == 0 ? 1 : 0);
      send(ex, 200, FakeOpenAiServer.completion().model("bench").content("I pick " + n).usage(40, 6, 0).json());
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
