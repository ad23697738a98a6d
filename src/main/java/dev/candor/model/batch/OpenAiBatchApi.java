package dev.candor.model.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Batch API (and compatible servers) for {@code /v1/chat/completions}: the requests go up as a JSONL file
 * ({@code POST /files}, purpose {@code batch}; one line {@code {custom_id, method, url, body}} per request), a batch
 * is created over it ({@code POST /batches} with {@code input_file_id}, {@code endpoint}, {@code completion_window
 * 24h}), polled ({@code GET /batches/{id}}: validating, in_progress, finalizing, completed, expired, cancelling,
 * cancelled, failed), and its output and error files are read ({@code GET /files/{id}/content}; one line
 * {@code {custom_id, response: {status_code, body}, error: {code, message}}} per request). An expired or cancelled
 * batch still has files for what ran; the rest come back as {@code batch_expired} / {@code batch_cancelled} errors
 * or not at all.
 *
 * <p>The submission's token goes into the batch's {@code metadata} as {@code candor_token} (and into the uploaded
 * file's name); {@link #lookup} lists batches ({@code GET /batches}, newest first, paged with {@code after}) back to
 * shortly before the submission and matches that metadata exactly.
 */
public final class OpenAiBatchApi implements BatchApi {
  static final String ENDPOINT = "/v1/chat/completions";
  /** The metadata key holding the submission's token. */
  public static final String TOKEN_KEY = "candor_token";
  /** How far before the recorded submission time a lookup still searches (clock skew between here and the provider). */
  static final Duration SKEW = Duration.ofMinutes(10);
  private final String base;
  private final BatchHttp http;

  /** @param baseUrl e.g. {@code https://api.openai.com/v1} (no trailing slash); @param apiKey sent as a bearer token */
  public OpenAiBatchApi(String baseUrl, String apiKey, Duration timeout) {
    this.base = baseUrl;
    this.http = new BatchHttp("openai batch", baseUrl, Map.of("Authorization", "Bearer " + apiKey), apiKey, timeout);
  }

  @Override public String provider() { return "openai"; }
  @Override public int maxItems() { return 50_000; }
  @Override public long maxBytes() { return 190L << 20; } // the API takes 200 MB files; leave room for the line wrappers

  @Override
  public String submit(List<BatchItem> items, String token) throws BatchException {
    StringBuilder jsonl = new StringBuilder();
    for (BatchItem item : items) {
      ObjectNode line = BatchHttp.JSON.createObjectNode();
      line.put("custom_id", item.customId());
      line.put("method", "POST");
      line.put("url", ENDPOINT);
      line.set("body", requestNode(item));
      jsonl.append(line).append('\n');
    }
    String fileUrl = base + "/files";
    JsonNode file = http.json(http.postMultipart(fileUrl, Map.of("purpose", "batch"), "file", "candor-batch-" + token + ".jsonl",
        "application/jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8)), fileUrl);
    String fileId = BatchHttp.text(file, "id");
    if (fileId == null) throw new BatchException("openai batch: upload to " + fileUrl + " returned no file id", true);
    ObjectNode create = BatchHttp.JSON.createObjectNode();
    create.put("input_file_id", fileId);
    create.put("endpoint", ENDPOINT);
    create.put("completion_window", "24h");
    create.putObject("metadata").put("source", "candor").put(TOKEN_KEY, token);
    String batchUrl = base + "/batches";
    JsonNode batch = http.json(http.postJson(batchUrl, create.toString()), batchUrl);
    String id = BatchHttp.text(batch, "id");
    if (id == null) throw new BatchException("openai batch: " + batchUrl + " returned no batch id", true);
    return id;
  }

  @Override
  public List<String> lookup(String token, int items, Instant sentAt) throws BatchException {
    long oldest = sentAt.minus(SKEW).getEpochSecond();
    List<String> out = new ArrayList<>();
    http.newestFirst(base + "/batches", "after", b -> {
      if (b.path("created_at").asLong(Long.MAX_VALUE) < oldest) return false;
      String id = BatchHttp.text(b, "id");
      if (id != null && token.equals(b.path("metadata").path(TOKEN_KEY).asText(null))) out.add(id);
      return true;
    });
    return out;
  }

  @Override
  public BatchStatus status(String batchId) throws BatchException {
    String url = base + "/batches/" + batchId;
    JsonNode b = http.json(http.get(url), url);
    String status = b.path("status").asText("");
    JsonNode counts = b.path("request_counts");
    String detail = status + ": " + counts.path("completed").asLong(0) + " completed, " + counts.path("failed").asLong(0)
        + " failed of " + counts.path("total").asLong(0);
    BatchStatus.State state = switch (status) {
      case "completed", "expired", "cancelled" -> BatchStatus.State.ENDED;
      case "failed" -> BatchStatus.State.FAILED;
      case "validating", "in_progress", "finalizing", "cancelling" -> BatchStatus.State.RUNNING;
      default -> throw new BatchException("openai batch: unknown status '" + status + "' for " + batchId, true);
    };
    if (state == BatchStatus.State.FAILED) {
      List<String> why = new ArrayList<>();
      for (JsonNode e : b.path("errors").path("data")) why.add(e.path("message").asText(e.path("code").asText("error")));
      detail = "failed: " + (why.isEmpty() ? "no reason given" : String.join("; ", why));
    }
    return new BatchStatus(batchId, state, status, detail, BatchHttp.text(b, "output_file_id"), BatchHttp.text(b, "error_file_id"));
  }

  @Override
  public List<BatchResult> results(BatchStatus ended) throws BatchException {
    List<BatchResult> out = new ArrayList<>();
    for (String fileId : new String[] {ended.outputRef(), ended.errorRef()}) {
      if (fileId == null) continue;
      String url = base + "/files/" + fileId + "/content";
      for (String line : http.get(url).split("\n")) {
        if (line.isBlank()) continue;
        out.add(result(http.json(line, url)));
      }
    }
    return out;
  }

  private static BatchResult result(JsonNode line) {
    String id = line.path("custom_id").asText(null);
    JsonNode resp = line.path("response");
    JsonNode err = line.path("error");
    int status = resp.path("status_code").asInt(-1);
    if (resp.isObject() && status >= 200 && status < 300 && resp.path("body").isObject() && !err.isObject())
      return BatchResult.success(id, resp.path("body").toString());
    String message;
    if (err.isObject()) message = err.path("code").asText("error") + ": " + err.path("message").asText("");
    else message = "HTTP " + status + ": " + resp.path("body").path("error").path("message").asText(resp.path("body").toString());
    return BatchResult.failure(id, message.strip(), status);
  }

  /** The request body as a JSON object, without {@code stream} (batches never stream). */
  static ObjectNode requestNode(BatchItem item) throws BatchException {
    try {
      ObjectNode body = (ObjectNode) BatchHttp.JSON.readTree(item.requestBody());
      body.remove("stream");
      body.remove("stream_options");
      return body;
    } catch (java.io.IOException | ClassCastException e) {
      throw new BatchException("batch item " + item.customId() + ": request body is not a JSON object", false);
    }
  }
}
