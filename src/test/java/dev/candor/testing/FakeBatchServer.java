package dev.candor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Common part of the fake provider batch servers on 127.0.0.1: request recording, routing, and the scripting every
 * batch test needs: how many polls a batch stays running, which items fail, whether the batch expires (and after how
 * many items) or fails as a whole, and the per-item success body (request body JSON → response body).
 */
public abstract class FakeBatchServer implements AutoCloseable {
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received (header names lower-cased; the raw query string, or null). */
  public record Recorded(String method, String path, Map<String, List<String>> headers, String body, String query) {
    /** A query parameter's (decoded) value, or null. */
    public String param(String name) {
      if (query == null) return null;
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        String k = java.net.URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
        if (k.equals(name)) return eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      }
      return null;
    }
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
    server = FakeServer.startLoopback(this::handle, executor, 256);
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
  public int polls(String batchId) { return batchId == null ? 0 : polls.getOrDefault(batchId, 0); }

  @Override public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Answers one request: [status, body]; null for no route. */
  protected abstract Object[] route(String method, String path, byte[] body, Recorded recorded) throws IOException;

  /**
   * One page of a batch list the way both APIs page theirs: newest first ({@code newestFirst} orders the batches),
   * {@code limit} (default 20, 1..1000) items after the batch named by the cursor parameter, with {@code has_more},
   * {@code first_id} and {@code last_id}; OpenAI's also says {@code object: list}.
   */
  protected Object[] listPage(List<ObjectNode> newestFirst, Recorded rec, String cursorParam, boolean openAiShape) {
    int limit;
    try {
      limit = rec.param("limit") == null ? 20 : Integer.parseInt(rec.param("limit"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > (openAiShape ? 100 : 1000))
      return new Object[] {400, "{\"error\":{\"message\":\"limit: out of range\",\"type\":\"invalid_request_error\"}}"};
    int start = 0;
    String cursor = rec.param(cursorParam);
    if (cursor != null) {
      start = -1;
      for (int i = 0; i < newestFirst.size(); i++) if (newestFirst.get(i).path("id").asText().equals(cursor)) start = i + 1;
      if (start < 0) return new Object[] {400, "{\"error\":{\"message\":\"" + cursorParam + ": no such batch\",\"type\":\"invalid_request_error\"}}"};
    }
    List<ObjectNode> page = newestFirst.subList(Math.min(start, newestFirst.size()), Math.min(start + limit, newestFirst.size()));
    ObjectNode out = JSON.createObjectNode();
    if (openAiShape) out.put("object", "list");
    var data = out.putArray("data");
    page.forEach(data::add);
    if (page.isEmpty()) out.putNull("first_id").putNull("last_id");
    else out.put("first_id", page.getFirst().path("id").asText()).put("last_id", page.getLast().path("id").asText());
    out.put("has_more", start + limit < newestFirst.size());
    return new Object[] {200, out.toString()};
  }

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
      Recorded rec = new Recorded(ex.getRequestMethod(), path, headers, new String(body, StandardCharsets.UTF_8), ex.getRequestURI().getRawQuery());
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
