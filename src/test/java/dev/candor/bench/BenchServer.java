package dev.candor.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A stand-alone fake OpenAI-compatible server for side-by-side harness benchmarks: serves
 * {@code POST /v1/chat/completions} on 127.0.0.1 with a fixed latency until killed, answering a realistic
 * {@code chat.completion} ("I pick N"). Prints {@code READY <base url>} when listening.
 *
 * <p>{@code GET /stats} reports the requests served, the most in flight at once, the window from the first request's
 * arrival to the last response (so a client's startup is not counted), arrivals per time bin ({@code ?bin=MS}), and
 * the server's hold per request (arrival to response written: the configured latency plus the server's own delay).
 * {@code POST /reset} clears them. With {@code -Dbench.trace=true}, {@code GET /trace} lists every completion request
 * as "client-port arrival-ns done-ns", from which a client's gap between a response and its next request follows.
 *
 * <p>Two HTTP front ends serve the same answers with the same bookkeeping:
 * <ul>
 *   <li>{@code jetty} (default): Jetty's non-blocking core API; a completion is answered from a timer at arrival +
 *       latency, holding no thread while it waits, as an asynchronous inference server does.
 *   <li>{@code jdk}: the JDK's {@code com.sun.net.httpserver}, a handler per request on a virtual thread that sleeps
 *       the latency. Its single dispatcher thread and per-exchange cost add a few milliseconds per call at 64
 *       connections on 2 cores, which counts against any client measured on it (docs/scale.md).
 * </ul>
 *
 * <p>Faults (jetty front end; bench/faults.sh): {@code POST /reset?faults=KIND:P,...&seed=S&burst_ms=B&retry_after_s=R&full=C}
 * answers each completion, drawn in arrival order from a {@code Random(S)}, with a fault of KIND with probability P:
 * {@code 500}, {@code 502} (JSON error bodies) and {@code malformed} (a 200 whose JSON is cut in half) after the
 * latency, as a server that did the work and then failed; {@code reset} (the connection closed without a response)
 * after the latency; {@code 429}, {@code 503} and {@code 529} (no Retry-After) at once, as a rate limiter or an
 * overloaded front door answers. With {@code at_once=1} every fault is answered at once. {@code /stats} counts the
 * completions answered successfully ({@code ok}), those that held their connection for the latency ({@code held})
 * and the faults by kind. With {@code burst_ms}, every completion arriving within that many milliseconds of
 * the first gets a 429 with {@code Retry-After: R} at once, and {@code /stats} reports {@code recovered_s}: from the
 * burst's end to the first arrival that finds C requests in flight (the client back at its full limit; -1 not yet).
 *
 * <p>Usage: {@code BenchServer LATENCY_MS [PORT] [jetty|jdk]}.
 */
public final class BenchServer {
  private static final AtomicInteger served = new AtomicInteger();
  private static final AtomicInteger inFlight = new AtomicInteger();
  private static final AtomicInteger maxInFlight = new AtomicInteger();
  private static final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
  private static final AtomicLong lastNanos = new AtomicLong();
  private static final Queue<Long> arrivals = new ConcurrentLinkedQueue<>();
  /** Per request, microseconds from its arrival to its response written: the server's own share of a wait. */
  private static final Queue<Long> holds = new ConcurrentLinkedQueue<>();
  private static final boolean TRACE = Boolean.getBoolean("bench.trace");
  private static final Queue<String> trace = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger ok = new AtomicInteger();
  /** Completions answered (or dropped) only after the latency: the calls that held a connection the whole time. */
  private static final AtomicInteger held = new AtomicInteger();
  private static final java.util.Map<String, AtomicInteger> faultCounts = new java.util.concurrent.ConcurrentHashMap<>();
  private static final AtomicLong recoveredNanos = new AtomicLong();
  private static volatile Faults faults = Faults.NONE;

  /** The answers, made once (the server shares the machine's CPU with the harness measured). */
  private static final String[] BODIES = HarnessBench.bodies();

  public static void main(String[] args) throws Exception {
    long latency = Long.parseLong(args[0]);
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    String kind = args.length > 2 ? args[2] : "jetty";
    int bound = switch (kind) {
      case "jetty" -> startJetty(port, latency);
      case "jdk" -> startJdk(port, latency);
      default -> throw new IllegalArgumentException("server: expected jetty or jdk, got '" + kind + "'");
    };
    warmUp(bound);
    System.out.println("READY http://127.0.0.1:" + bound + "/v1");
    System.out.flush();
    Thread.currentThread().join();
  }

  private static int startJetty(int port, long latency) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(4096);
    connector.setIdleTimeout(600_000);
    server.addConnector(connector);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-timer");
      t.setDaemon(true);
      return t;
    });
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        long arrival = System.nanoTime();
        String path = Request.getPathInContext(request);
        int clientPort = Request.getRemotePort(request);
        Content.Source.consumeAll(request, Callback.from(() -> {
          Route route = route(path, request.getMethod());
          if (route != Route.COMPLETION) {
            write(response, route.status, route.serve(request.getHttpURI().getQuery()), callback);
            return;
          }
          arrived(arrival);
          Faults f = faults;
          String fault = f.draw(arrival);
          Callback finished = Callback.from(() -> {
            done(arrival, clientPort, fault == null);
            callback.succeeded();
          }, callback::failed);
          if (fault != null) faultCounts.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
          Runnable answer = switch (fault == null ? "" : fault) {
            case "429-burst" -> () -> {
              response.getHeaders().put(HttpHeader.RETRY_AFTER, f.retryAfterS());
              write(response, 429, "{\"error\":{\"message\":\"fault 429\",\"type\":\"rate_limit\"}}", finished);
            };
            case "malformed" -> () -> {
              String b = body();
              write(response, 200, b.substring(0, b.length() / 2), finished);
            };
            case "reset" -> () -> {
              request.getConnectionMetaData().getConnection().getEndPoint().close();
              done(arrival, clientPort, false);
              callback.failed(new IOException("bench fault: connection reset"));
            };
            case "" -> () -> write(response, 200, body(), finished);
            default -> () -> write(response, Integer.parseInt(fault),
                "{\"error\":{\"message\":\"fault " + fault + "\",\"type\":\"server_error\"}}", finished);
          };
          boolean atOnce = fault != null && (f.atOnce() || fault.startsWith("429") || fault.equals("503") || fault.equals("529"));
          long wait = arrival + latency * 1_000_000 - System.nanoTime();
          if (atOnce || wait <= 0) {
            answer.run();
            return;
          }
          held.incrementAndGet();
          timer.schedule(answer, wait, TimeUnit.NANOSECONDS);
        }, callback::failed));
        return true;
      }
    });
    server.start();
    return connector.getLocalPort();
  }

  private static void write(Response response, int status, String body, Callback callback) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
    response.write(true, ByteBuffer.wrap(b), callback);
  }

  private static int startJdk(int port, long latency) throws IOException {
    // The JDK's HTTP server closes connections beyond 200 idle ones, which a client at 256 connections meets between
    // every response and its next request; a real inference server keeps them. Lift the cap for the fake server.
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> {
      long arrival = System.nanoTime();
      ex.getRequestBody().readAllBytes();
      Route route = route(ex.getRequestURI().getPath(), ex.getRequestMethod());
      if (route != Route.COMPLETION) {
        send(ex, route.status, route.serve(ex.getRequestURI().getQuery()));
        return;
      }
      if (faults != Faults.NONE) {
        send(ex, 400, "{\"error\":{\"message\":\"faults need the jetty front end\"}}");
        return;
      }
      arrived(arrival);
      try {
        long wait = arrival + latency * 1_000_000 - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        send(ex, 200, body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        done(arrival, ex.getRemoteAddress().getPort(), true);
      }
    });
    server.start();
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  private enum Route {
    COMPLETION(200), STATS(200), TRACE(200), RESET(200), NONE(404);

    final int status;

    Route(int status) {
      this.status = status;
    }

    /** Serves this route (RESET clears the counters) and returns its response body. */
    String serve(String query) {
      return switch (this) {
        case STATS -> stats(query);
        case TRACE -> String.join("\n", trace);
        case RESET -> {
          reset();
          faults = Faults.parse(query);
          yield "{}";
        }
        default -> "{\"error\":{\"message\":\"no route\",\"type\":\"not_found\"}}";
      };
    }
  }

  private static Route route(String path, String method) {
    if (path.equals("/stats")) return Route.STATS;
    if (path.equals("/trace")) return Route.TRACE;
    if (path.equals("/reset")) return Route.RESET;
    return path.endsWith("/chat/completions") && method.equals("POST") ? Route.COMPLETION : Route.NONE;
  }

  private static String body() {
    return BODIES[ThreadLocalRandom.current().nextInt(BODIES.length)];
  }

  private static void arrived(long now) {
    firstNanos.accumulateAndGet(now, Math::min);
    arrivals.add(now);
    int n = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(n, Math::max);
    Faults f = faults;
    if (f.burstMs() > 0 && n >= f.full() && now - firstNanos.get() >= f.burstMs() * 1_000_000L) recoveredNanos.compareAndSet(0, now);
  }

  private static void done(long arrival, int clientPort, boolean answered) {
    long done = System.nanoTime();
    inFlight.decrementAndGet();
    served.incrementAndGet();
    if (answered) ok.incrementAndGet();
    holds.add((done - arrival) / 1000);
    if (TRACE) trace.add(clientPort + " " + arrival + " " + done);
    lastNanos.accumulateAndGet(done, Math::max);
  }

  private static void reset() {
    served.set(0);
    ok.set(0);
    held.set(0);
    faultCounts.clear();
    recoveredNanos.set(0);
    maxInFlight.set(0);
    firstNanos.set(Long.MAX_VALUE);
    lastNanos.set(0);
    arrivals.clear();
    holds.clear();
    trace.clear();
  }

  private static String stats(String query) {
    long first = firstNanos.get(), last = lastNanos.get();
    double window = first == Long.MAX_VALUE ? 0 : (last - first) / 1e9;
    // requests arrived per bin (100 ms, or ?bin=MS) from the first: shows how fast the client ramps up and keeps up
    int bin = query != null && query.startsWith("bin=") ? Integer.parseInt(query.substring(4)) : 100;
    int[] hist = new int[(int) Math.max(1, Math.ceil(window * 1000 / bin)) + 1];
    for (long a : arrivals) hist[(int) Math.min(hist.length - 1, (a - first) / (bin * 1_000_000L))]++;
    long[] hold = holds.stream().mapToLong(Long::longValue).sorted().toArray();
    double median = hold.length == 0 ? 0 : hold[hold.length / 2] / 1e3;
    double mean = Arrays.stream(hold).average().orElse(0) / 1e3;
    double p90 = hold.length == 0 ? 0 : hold[(int) (hold.length * 0.9)] / 1e3;
    long rec = recoveredNanos.get();
    double recovered = rec == 0 ? -1 : (rec - first - faults.burstMs() * 1_000_000L) / 1e9;
    return String.format(Locale.ROOT, "{\"served\":%d,\"ok\":%d,\"held\":%d,\"faults\":%s,\"recovered_s\":%.3f,\"max_in_flight\":%d,\"window_s\":%.4f,"
            + "\"hold_ms\":{\"median\":%.2f,\"mean\":%.2f,\"p90\":%.2f},\"arrivals_per_bin\":%s,\"bin_ms\":%d}",
        served.get(), ok.get(), held.get(), faultsJson(), recovered, maxInFlight.get(), window, median, mean, p90, Arrays.toString(hist), bin);
  }

  private static String faultsJson() {
    StringBuilder b = new StringBuilder("{");
    new java.util.TreeMap<>(faultCounts).forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v.get()));
    return b.append('}').toString();
  }

  /** The faults to inject (see the class comment): kinds with their probabilities, drawn from one seeded generator. */
  private record Faults(String[] kinds, double[] probs, java.util.Random random, boolean atOnce, long burstMs, String retryAfterS, int full) {
    static final Faults NONE = new Faults(new String[0], new double[0], new java.util.Random(0), false, 0, "1", Integer.MAX_VALUE);
    static final java.util.Set<String> KINDS = java.util.Set.of("500", "502", "malformed", "reset", "429", "503", "529");

    static Faults parse(String query) {
      if (query == null || query.isBlank()) return NONE;
      java.util.Map<String, String> q = new java.util.HashMap<>();
      for (String kv : query.split("&")) {
        int i = kv.indexOf('=');
        q.put(kv.substring(0, i), kv.substring(i + 1));
      }
      java.util.List<String> kinds = new java.util.ArrayList<>();
      java.util.List<Double> probs = new java.util.ArrayList<>();
      for (String kp : q.getOrDefault("faults", "").split(",")) {
        if (kp.isEmpty()) continue;
        String[] parts = kp.split(":");
        if (!KINDS.contains(parts[0])) throw new IllegalArgumentException("faults: unknown kind '" + parts[0] + "', expected one of " + KINDS);
        kinds.add(parts[0]);
        probs.add(Double.parseDouble(parts[1]));
      }
      return new Faults(kinds.toArray(String[]::new), probs.stream().mapToDouble(Double::doubleValue).toArray(),
          new java.util.Random(Long.parseLong(q.getOrDefault("seed", "1"))), q.getOrDefault("at_once", "0").equals("1"), Long.parseLong(q.getOrDefault("burst_ms", "0")),
          q.getOrDefault("retry_after_s", "1"), Integer.parseInt(q.getOrDefault("full", String.valueOf(Integer.MAX_VALUE))));
    }

    /** The fault for a completion arriving now (null: answer it), "429-burst" inside the burst. */
    String draw(long arrival) {
      if (burstMs > 0 && arrival - firstNanos.get() < burstMs * 1_000_000L) return "429-burst";
      if (kinds.length == 0) return null;
      double x;
      synchronized (random) {
        x = random.nextDouble();
      }
      for (int i = 0; i < kinds.length; i++) {
        if (x < probs[i]) return kinds[i];
        x -= probs[i];
      }
      return null;
    }
  }

  /**
   * Serves a few thousand requests to itself first, at the configured latency (its timer path warms too), so neither
   * harness measured meets a cold server: before, the warm-up ran at zero latency and whichever tool was measured first
   * at 200 ms met the server's cold sleep path.
   */
  private static void warmUp(int port) throws Exception {
    var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
    Semaphore open = new Semaphore(256);
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
    reset();
  }
}
