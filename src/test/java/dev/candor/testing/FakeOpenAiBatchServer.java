package dev.candor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake OpenAI Batch API on 127.0.0.1: {@code POST /v1/files} (multipart, purpose {@code batch}, a JSONL file of
 * {@code {custom_id, method, url, body}} lines), {@code POST /v1/batches}, {@code GET /v1/batches/{id}} (validating,
 * then in_progress for the scripted number of polls, then completed / expired / failed) and
 * {@code GET /v1/files/{id}/content} (output and error files of {@code {id, custom_id, response, error}} lines).
 * Items answer with {@link FakeOpenAiServer#completion()} bodies unless scripted otherwise. {@code GET /v1/batches}
 * lists batches newest first ({@code limit}, {@code after}, {@code has_more}); {@link #foreignBatch} adds batches
 * someone else created.
 */
public final class FakeOpenAiBatchServer extends FakeBatchServer {
  private final Map<String, String> files = new ConcurrentHashMap<>();
  private final Map<String, String> fileNames = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> batches = new ConcurrentHashMap<>();
  private final List<String> uploads = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());

  private FakeOpenAiBatchServer() {
    super(req -> FakeOpenAiServer.completion().model(req.path("model").asText("fake-model")).content("Hello from the fake batch.").json());
  }

  public static FakeOpenAiBatchServer start() { return new FakeOpenAiBatchServer(); }

  /** Adds a batch someone else made (no Candor metadata), created {@code createdAt} (seconds), still in progress. */
  public String foreignBatch(long createdAt, int requests) {
    String id = "batch_other" + ids.incrementAndGet();
    ObjectNode b = JSON.createObjectNode();
    b.put("id", id).put("object", "batch").put("endpoint", "/v1/chat/completions").putNull("errors").put("input_file_id", "file-other")
        .put("completion_window", "24h").put("status", "in_progress").putNull("output_file_id").putNull("error_file_id").put("created_at", createdAt);
    b.putObject("request_counts").put("total", requests).put("completed", 0).put("failed", 0);
    b.putObject("metadata").put("source", "someone else");
    batches.put(id, b);
    created.add(id);
    return id;
  }

  /** The uploaded file's name of the n-th upload (1-based). */
  public String uploadedName(int n) { return fileNames.get(uploads.get(n - 1)); }

  /** The lines of the n-th uploaded input file (1-based). */
  public List<JsonNode> uploadedLines(int n) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : files.get(uploads.get(n - 1)).split("\n")) if (!l.isBlank()) out.add(JSON.readTree(l));
    return out;
  }

  @Override
  protected Object[] route(String method, String path, byte[] body, Recorded rec) throws IOException {
    if (method.equals("POST") && path.equals("/v1/files")) return upload(rec);
    if (method.equals("POST") && path.equals("/v1/batches")) return create(rec.json());
    if (method.equals("GET") && path.equals("/v1/batches")) return list(rec);
    if (method.equals("GET") && path.startsWith("/v1/batches/")) return poll(path.substring("/v1/batches/".length()));
    if (method.equals("GET") && path.startsWith("/v1/files/") && path.endsWith("/content")) {
      String id = path.substring("/v1/files/".length(), path.length() - "/content".length());
      String content = files.get(id);
      return content == null ? new Object[] {404, "{\"error\":{\"message\":\"No such File object: " + id + "\",\"type\":\"invalid_request_error\"}}"} : new Object[] {200, content};
    }
    return null;
  }

  private Object[] upload(Recorded rec) {
    String ct = rec.header("content-type");
    if (ct == null || !ct.startsWith("multipart/form-data; boundary="))
      return new Object[] {400, "{\"error\":{\"message\":\"expected multipart/form-data\",\"type\":\"invalid_request_error\"}}"};
    String boundary = ct.substring(ct.indexOf("boundary=") + 9);
    String purpose = null, file = null, filename = null;
    for (String part : rec.body().split("--" + java.util.regex.Pattern.quote(boundary))) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0) continue;
      String head = part.substring(0, split);
      String content = part.substring(split + 4);
      if (content.endsWith("\r\n")) content = content.substring(0, content.length() - 2);
      if (head.contains("name=\"purpose\"")) purpose = content;
      if (head.contains("name=\"file\"")) {
        file = content;
        int f = head.indexOf("filename=\"");
        filename = f < 0 ? null : head.substring(f + 10, head.indexOf('"', f + 10));
      }
    }
    if (!"batch".equals(purpose) || file == null)
      return new Object[] {400, "{\"error\":{\"message\":\"purpose must be batch and a file is required\",\"type\":\"invalid_request_error\"}}"};
    String id = "file-in-" + ids.incrementAndGet();
    files.put(id, file);
    fileNames.put(id, filename);
    uploads.add(id);
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id).put("object", "file").put("bytes", file.getBytes(StandardCharsets.UTF_8).length)
        .put("created_at", System.currentTimeMillis() / 1000).put("filename", filename).put("purpose", "batch");
    return new Object[] {200, o.toString()};
  }

  private Object[] create(JsonNode req) {
    String input = req.path("input_file_id").asText("");
    if (!files.containsKey(input) || !req.path("endpoint").asText().equals("/v1/chat/completions") || !req.path("completion_window").asText().equals("24h"))
      return new Object[] {400, "{\"error\":{\"message\":\"bad batch request\",\"type\":\"invalid_request_error\"}}"};
    JsonNode meta = req.path("metadata");
    if (!meta.isMissingNode() && !meta.isNull()) {
      boolean ok = meta.isObject() && meta.size() <= 16;
      for (var e : meta.properties()) ok &= e.getKey().length() <= 64 && e.getValue().isTextual() && e.getValue().asText().length() <= 512;
      if (!ok) return new Object[] {400, "{\"error\":{\"message\":\"metadata: at most 16 string pairs (keys up to 64, values up to 512 characters)\",\"type\":\"invalid_request_error\"}}"};
    }
    String id = "batch_fake" + ids.incrementAndGet();
    ObjectNode b = JSON.createObjectNode();
    b.put("id", id).put("object", "batch").put("endpoint", "/v1/chat/completions").putNull("errors").put("input_file_id", input)
        .put("completion_window", "24h").put("status", "validating").putNull("output_file_id").putNull("error_file_id")
        .put("created_at", System.currentTimeMillis() / 1000);
    int total = (int) files.get(input).lines().filter(l -> !l.isBlank()).count();
    b.putObject("request_counts").put("total", total).put("completed", 0).put("failed", 0);
    b.set("metadata", req.path("metadata").isObject() ? req.path("metadata") : JSON.nullNode());
    batches.put(id, b);
    created.add(id);
    return new Object[] {200, b.toString()};
  }

  private Object[] list(Recorded rec) {
    List<ObjectNode> all = new ArrayList<>();
    synchronized (created) { for (String id : created) all.add(batches.get(id)); }
    // Newest first: by created_at, then the later-made first.
    List<ObjectNode> newest = new ArrayList<>(all.reversed());
    newest.sort(java.util.Comparator.comparingLong((ObjectNode b) -> b.path("created_at").asLong()).reversed());
    return listPage(newest, rec, "after", true);
  }

  private synchronized Object[] poll(String id) throws IOException {
    ObjectNode b = batches.get(id);
    if (b == null) return new Object[] {404, "{\"error\":{\"message\":\"No batch found with id '" + id + "'.\",\"type\":\"invalid_request_error\"}}"};
    String st = b.path("status").asText();
    if (st.equals("validating") || st.equals("in_progress")) {
      if (!pollEnds(id)) {
        if (polls(id) > 1) b.put("status", "in_progress");
      } else {
        end(id, b);
      }
    }
    return new Object[] {200, b.toString()};
  }

  private void end(String id, ObjectNode b) throws IOException {
    if (failBatch != null) {
      b.put("status", "failed");
      ObjectNode errs = b.putObject("errors");
      errs.put("object", "list");
      errs.putArray("data").addObject().put("code", "invalid_request").put("message", failBatch).putNull("param").put("line", 1);
      return;
    }
    StringBuilder out = new StringBuilder(), err = new StringBuilder();
    int done = 0, failed = 0, n = 0;
    for (String line : files.get(b.path("input_file_id").asText()).split("\n")) {
      if (line.isBlank()) continue;
      JsonNode in = JSON.readTree(line);
      String cid = in.path("custom_id").asText();
      ObjectNode o = JSON.createObjectNode();
      o.put("id", "batch_req_" + ids.incrementAndGet()).put("custom_id", cid);
      if (expireAfter >= 0 && n++ >= expireAfter) {
        o.putNull("response");
        o.putObject("error").put("code", "batch_expired").put("message", "This request could not be executed before the completion window expired.");
        err.append(o).append('\n');
        failed++;
      } else if (failing.test(cid)) {
        ObjectNode r = o.putObject("response");
        r.put("status_code", failure.status()).put("request_id", "req_" + ids.incrementAndGet());
        r.putObject("body").putObject("error").put("message", failure.message()).put("type", failure.type()).putNull("param").putNull("code");
        o.putNull("error");
        err.append(o).append('\n');
        failed++;
      } else {
        ObjectNode r = o.putObject("response");
        r.put("status_code", 200).put("request_id", "req_" + ids.incrementAndGet());
        r.set("body", JSON.readTree(responder.apply(in.path("body"))));
        o.putNull("error");
        out.append(o).append('\n');
        done++;
      }
    }
    b.put("status", expireAfter >= 0 ? "expired" : "completed");
    if (!out.isEmpty()) { String f = "file-out-" + ids.incrementAndGet(); files.put(f, out.toString()); b.put("output_file_id", f); }
    if (!err.isEmpty()) { String f = "file-err-" + ids.incrementAndGet(); files.put(f, err.toString()); b.put("error_file_id", f); }
    ((ObjectNode) b.path("request_counts")).put("completed", done).put("failed", failed);
  }
}
