package dev.candor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Anthropic Message Batches API on 127.0.0.1: {@code POST /v1/messages/batches} ({@code {requests: [{custom_id,
 * params}]}}), {@code GET /v1/messages/batches/{id}} (in_progress for the scripted number of polls, then ended with a
 * {@code results_url}) and {@code GET /v1/messages/batches/{id}/results} (JSONL of {@code {custom_id, result}} lines:
 * succeeded with a message, errored, expired). Items answer with {@link FakeAnthropicServer#message()} bodies.
 * {@code GET /v1/messages/batches} lists batches newest first ({@code limit}, {@code after_id}, {@code has_more}),
 * {@code POST /v1/messages/batches/{id}/cancel} starts cancelling one; {@link #foreignBatch} adds batches someone
 * else created.
 */
public final class FakeAnthropicBatchServer extends FakeBatchServer {
  private final Map<String, ObjectNode> batches = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> requestsById = new ConcurrentHashMap<>();
  private final Map<String, String> results = new ConcurrentHashMap<>();
  private final java.util.List<String> created = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  /** Adds an in-progress batch someone else made with this many requests, created at {@code createdAt}. */
  public String foreignBatch(Instant createdAt, int requests) {
    String id = "msgbatch_other" + ids.incrementAndGet();
    ObjectNode b = JSON.createObjectNode();
    b.put("id", id).put("type", "message_batch").put("processing_status", "in_progress");
    b.putObject("request_counts").put("processing", requests).put("succeeded", 0).put("errored", 0).put("canceled", 0).put("expired", 0);
    b.putNull("ended_at").put("created_at", createdAt.toString()).put("expires_at", createdAt.plusSeconds(86400).toString())
        .putNull("cancel_initiated_at").putNull("results_url").putNull("archived_at");
    batches.put(id, b);
    created.add(id);
    return id;
  }

  private FakeAnthropicBatchServer() {
    super(req -> FakeAnthropicServer.message().model(req.path("model").asText("claude-fake")).text("Hello from the fake batch.").json());
  }

  public static FakeAnthropicBatchServer start() { return new FakeAnthropicBatchServer(); }

  @Override
  protected Object[] route(String method, String path, byte[] body, Recorded rec) throws IOException {
    String prefix = "/v1/messages/batches";
    if (method.equals("POST") && path.equals(prefix)) return create(rec.json());
    if (method.equals("GET") && path.equals(prefix)) return list(rec);
    if (method.equals("POST") && path.startsWith(prefix + "/") && path.endsWith("/cancel"))
      return cancelBatch(path.substring(prefix.length() + 1, path.length() - "/cancel".length()));
    if (method.equals("GET") && path.startsWith(prefix + "/") && path.endsWith("/results")) {
      String id = path.substring(prefix.length() + 1, path.length() - "/results".length());
      String r = results.get(id);
      return r == null ? new Object[] {404, FakeAnthropicServer.error("not_found_error", "no results for " + id)} : new Object[] {200, r};
    }
    if (method.equals("GET") && path.startsWith(prefix + "/")) return poll(path.substring(prefix.length() + 1));
    return null;
  }

  private Object[] create(JsonNode req) {
    if (!req.path("requests").isArray() || req.path("requests").isEmpty())
      return new Object[] {400, FakeAnthropicServer.error("invalid_request_error", "requests: expected a non-empty list")};
    for (JsonNode r : req.path("requests"))
      if (!r.path("custom_id").asText("").matches("[a-zA-Z0-9_-]{1,64}") || !r.path("params").isObject())
        return new Object[] {400, FakeAnthropicServer.error("invalid_request_error", "requests: each needs a custom_id and params")};
    String id = "msgbatch_fake" + ids.incrementAndGet();
    ObjectNode b = JSON.createObjectNode();
    b.put("id", id).put("type", "message_batch").put("processing_status", "in_progress");
    b.putObject("request_counts").put("processing", req.path("requests").size()).put("succeeded", 0).put("errored", 0).put("canceled", 0).put("expired", 0);
    b.putNull("ended_at").put("created_at", Instant.now().toString()).put("expires_at", Instant.now().plusSeconds(86400).toString())
        .putNull("cancel_initiated_at").putNull("results_url").putNull("archived_at");
    batches.put(id, b);
    created.add(id);
    requestsById.put(id, req.path("requests"));
    return new Object[] {200, b.toString()};
  }

  /** Starts cancelling a batch, as {@code POST /v1/messages/batches/{id}/cancel} does: [status, body]. */
  public synchronized Object[] cancelBatch(String id) {
    ObjectNode b = batches.get(id);
    if (b == null) return new Object[] {404, FakeAnthropicServer.error("not_found_error", "batch " + id + " not found")};
    if (b.path("processing_status").asText().equals("in_progress")) b.put("processing_status", "canceling").put("cancel_initiated_at", Instant.now().toString());
    return new Object[] {200, b.toString()};
  }

  private Object[] list(Recorded rec) {
    java.util.List<ObjectNode> newest = new java.util.ArrayList<>();
    synchronized (created) { for (String id : created.reversed()) newest.add(batches.get(id)); }
    newest.sort(java.util.Comparator.comparing((ObjectNode b) -> Instant.parse(b.path("created_at").asText())).reversed());
    return listPage(newest, rec, "after_id", false);
  }

  private synchronized Object[] poll(String id) throws IOException {
    ObjectNode b = batches.get(id);
    if (b == null) return new Object[] {404, FakeAnthropicServer.error("not_found_error", "batch " + id + " not found")};
    if (b.path("processing_status").asText().equals("in_progress") && pollEnds(id)) end(id, b);
    return new Object[] {200, b.toString()};
  }

  private void end(String id, ObjectNode b) throws IOException {
    StringBuilder out = new StringBuilder();
    int ok = 0, errored = 0, expired = 0, n = 0;
    for (JsonNode r : requestsById.get(id)) {
      String cid = r.path("custom_id").asText();
      ObjectNode line = JSON.createObjectNode();
      line.put("custom_id", cid);
      ObjectNode result = line.putObject("result");
      if (expireAfter >= 0 && n++ >= expireAfter) {
        result.put("type", "expired");
        expired++;
      } else if (failing.test(cid)) {
        result.put("type", "errored");
        result.set("error", JSON.readTree(FakeAnthropicServer.error(failure.type(), failure.message())));
        errored++;
      } else {
        result.put("type", "succeeded");
        result.set("message", JSON.readTree(responder.apply(r.path("params"))));
        ok++;
      }
      out.append(line).append('\n');
    }
    results.put(id, out.toString());
    b.put("processing_status", "ended").put("ended_at", Instant.now().toString()).put("results_url", baseUrl() + "/messages/batches/" + id + "/results");
    ((ObjectNode) b.path("request_counts")).put("processing", 0).put("succeeded", ok).put("errored", errored).put("expired", expired);
  }
}
