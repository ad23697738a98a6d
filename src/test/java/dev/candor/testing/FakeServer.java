package dev.candor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable local HTTP server on 127.0.0.1 (ephemeral port) that plays one LLM API for tests: every POST to its
 * endpoint path is recorded, then answered by the next queued {@link Fault} if any, else by the responder (request
 * JSON → 200 response body). Handlers run on virtual threads, so hundreds of concurrent connections work.
 * Subclasses fix the path and the realistic default answer.
 */
public abstract class FakeServer implements AutoCloseable {
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. Header names are lower-cased. */
  public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try { return JSON.readTree(body); } catch (IOException e) { throw new UncheckedIOException(e); }
    }
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  static {
    // The JDK's HTTP server closes connections beyond 200 idle ones, which a client at 256 connections meets between
    // every response and its next request; a real inference server keeps them. Lifted for every fake server.
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Function<JsonNode, String> responder;
  private volatile Duration latency = Duration.ZERO;
  private volatile boolean recording = true;
  private final String path;
  private final Map<String, Function<JsonNode, String>> routes = new java.util.concurrent.ConcurrentHashMap<>();

  protected FakeServer(String path, Function<JsonNode, String> defaultResponder) {
    this.path = path;
    this.responder = defaultResponder;
    server = startLoopback(this::handle, executor, 1024);
  }

  /** A JDK HTTP server on 127.0.0.1, an ephemeral port, started: every path goes to {@code handler}. */
  static HttpServer startLoopback(com.sun.net.httpserver.HttpHandler handler, java.util.concurrent.Executor executor, int backlog) {
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    s.createContext("/", handler);
    s.setExecutor(executor);
    s.start();
    return s;
  }

  /** {@code http://127.0.0.1:PORT} (no path). */
  public String origin() { return "http://127.0.0.1:" + server.getAddress().getPort(); }
  public int port() { return server.getAddress().getPort(); }

  /**
   * Also serves {@code path} (e.g. a second endpoint of the same API), answered by {@code responder}; requests to it
   * are recorded and consume queued faults like those to the main path.
   */
  public FakeServer route(String path, Function<JsonNode, String> responder) { routes.put(path, responder); return this; }

  /** Replaces the responder: request JSON → body of a 200 answer. */
  public FakeServer respondWith(Function<JsonNode, String> responder) { this.responder = responder; return this; }
  /** Answers every request with this fixed 200 body. */
  public FakeServer respondWith(String body) { return respondWith(req -> body); }
  /** Queues faults; each request consumes one (FIFO) before the responder is consulted. */
  public FakeServer enqueue(Fault... fs) { faults.addAll(List.of(fs)); return this; }
  /** Adds a fixed latency before every answer. */
  public FakeServer latency(Duration d) { this.latency = d == null ? Duration.ZERO : d; return this; }
  /** Whether to keep every request (default on); benchmarks of long runs turn it off so the server's memory stays flat. */
  public FakeServer recording(boolean on) { this.recording = on; return this; }
  /** Faults still queued. */
  public int pendingFaults() { return faults.size(); }

  /** How many requests reached the endpoint. */
  public int requestCount() { return count.get(); }
  /** The most requests being handled at the same moment. */
  public int maxConcurrent() { return maxInFlight.get(); }
  /** Every request received, in arrival order. */
  public List<Recorded> requests() { synchronized (requests) { return List.copyOf(requests); } }
  /** Request bodies, in arrival order. */
  public List<String> requestBodies() { return requests().stream().map(Recorded::body).toList(); }
  /** The last request (fails if none). */
  public Recorded lastRequest() {
    List<Recorded> r = requests();
    if (r.isEmpty()) throw new IllegalStateException("no request received");
    return r.get(r.size() - 1);
  }
  /** Forgets recorded requests, the count and queued faults; keeps the responder and latency. */
  public void reset() { requests.clear(); count.set(0); faults.clear(); maxInFlight.set(0); }

  @Override public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, List<String>> headers = new java.util.TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
      String p = ex.getRequestURI().getPath();
      if (!"POST".equals(ex.getRequestMethod()) || !(p.equals(path) || routes.containsKey(p))) {
        send(ex, 404, Map.of(), "{\"error\":{\"message\":\"no route " + ex.getRequestMethod() + " " + p + "\",\"type\":\"not_found\"}}");
        return;
      }
      if (recording) requests.add(new Recorded(ex.getRequestMethod(), p, headers, body));
      count.incrementAndGet();
      if (!latency.isZero()) sleep(latency);
      Function<JsonNode, String> r = p.equals(path) ? responder : routes.get(p);
      Fault f = faults.poll();
      if (f == null) { answer(ex, r, body); return; }
      switch (f) {
        case Fault.Status s -> send(ex, s.status(), s.headers(), s.body());
        case Fault.Delay d -> { sleep(d.delay()); answer(ex, r, body); }
        case Fault.MalformedJson m -> send(ex, 200, Map.of(), m.body());
        case Fault.TruncatedBody t -> {
          byte[] full = respond(r, body).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, full.length);
          OutputStream os = ex.getResponseBody();
          os.write(full, 0, full.length / 2);
          os.flush();
          closeAbruptly(ex);
        }
        case Fault.CloseConnection c -> closeAbruptly(ex);
      }
    } catch (DropConnection d) {
      throw d;
    } catch (RuntimeException e) {
      send(ex, 500, Map.of(), "{\"error\":{\"message\":\"fake server responder failed: " + String.valueOf(e.getMessage()).replace("\"", "'") + "\",\"type\":\"server_error\"}}");
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void answer(HttpExchange ex, Function<JsonNode, String> r, String body) throws IOException {
    send(ex, 200, Map.of(), respond(r, body));
  }

  private static String respond(Function<JsonNode, String> r, String body) {
    JsonNode req;
    try { req = JSON.readTree(body); } catch (IOException e) { req = JSON.createObjectNode(); }
    return r.apply(req);
  }

  private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream os = ex.getResponseBody()) { os.write(b); }
  }

  /** Drops the TCP connection: the JDK server closes it when a handler throws before finishing the exchange. */
  private static void closeAbruptly(HttpExchange ex) {
    throw new DropConnection();
  }

  private static final class DropConnection extends RuntimeException {
    DropConnection() { super("fake server drops the connection", null, false, false); }
  }

  private static void sleep(Duration d) {
    try { Thread.sleep(d); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
  }
}
