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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Common part of the fake provider batch servers on 127.0.0.1: request recording, routing, and the scripting every
 * batch test needs: how many polls a batch stays running, which items fail, whether the batch expires (and after how
 * many items) or fails as a whole, and the per-item success body (request body JSON → response body).
 */
public abstract class FakeBatchServer implements AutoCloseable {
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received (header names lower-cased). */
  public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }
    public JsonNode json() {
      try { return JSON.readTree(body); } catch (IOException e) { throw new UncheckedIOException(e); }
    }
  }

  /** A scripted per-item failure. */
  public record ItemFailure(int status, String type, String message) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Recorded> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  protected final Map<String, Integer> polls = new ConcurrentHashMap<>();
  protected final AtomicInteger ids = new AtomicInteger();
  protected volatile int runningPolls = 2;
  protected volatile Function<JsonNode, String> responder;
  protected volatile Predicate<String> failing = id -> false;
  protected volatile ItemFailure failure = new ItemFailure(400, "invalid_request_error", "scripted failure");
  protected volatile int expireAfter = -1;
  protected volatile String failBatch;

  protected FakeBatchServer(Function<JsonNode, String> defaultResponder) {
    this.responder = defaultResponder;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String origin() { return "http://127.0.0.1:" + server.getAddress().getPort(); }
  /** {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() { return origin() + "/v1"; }

  /** Polls answered "still running" before a batch ends (default 2). */
  public FakeBatchServer runningPolls(int n) { runningPolls = n; return this; }
  /** The success body of an item, from its request body. */
  public FakeBatchServer respondWith(Function<JsonNode, String> r) { responder = r; return this; }
  /** Items whose custom id matches fail with this status, error type and message. */
  public FakeBatchServer failItems(Predicate<String> which, int status, String type, String message) {
    failing = which;
    failure = new ItemFailure(status, type, message);
    return this;
  }
  /** The batch expires after this many items ran; the rest expire. */
  public FakeBatchServer expireAfter(int items) { expireAfter = items; return this; }
  /** The whole batch fails (OpenAI: status failed with this message in errors). */
  public FakeBatchServer failBatch(String message) { failBatch = message; return this; }

  public List<Recorded> requests() { synchronized (requests) { return List.copyOf(requests); } }
  public List<Recorded> requests(String method, String pathPrefix) {
    return requests().stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
  }
  /** Status polls of one batch so far. */
  public int polls(String batchId) { return polls.getOrDefault(batchId, 0); }

  @Override public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Answers one request: [status, body]; null for no route. */
  protected abstract Object[] route(String method, String path, byte[] body, Recorded recorded) throws IOException;

  /** Counts a poll of the batch and says whether it has now ended. */
  protected boolean pollEnds(String batchId) {
    return polls.merge(batchId, 1, Integer::sum) > runningPolls;
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new java.util.TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
      String path = ex.getRequestURI().getPath();
      Recorded rec = new Recorded(ex.getRequestMethod(), path, headers, new String(body, StandardCharsets.UTF_8));
      requests.add(rec);
      Object[] answer = route(ex.getRequestMethod(), path, body, rec);
      if (answer == null) answer = new Object[] {404, "{\"error\":{\"message\":\"no route " + ex.getRequestMethod() + " " + path + "\",\"type\":\"not_found_error\"}}"};
      send(ex, (Integer) answer[0], (String) answer[1]);
    } catch (RuntimeException e) {
      send(ex, 500, "{\"error\":{\"message\":\"fake batch server failed: " + String.valueOf(e.getMessage()).replace("\"", "'") + "\",\"type\":\"api_error\"}}");
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", body.startsWith("{\"custom_id\"") || body.isEmpty() ? "application/binary" : "application/json");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream os = ex.getResponseBody()) { os.write(b); }
  }
}
