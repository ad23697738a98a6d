package dev.candor.model.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Message Batches API: {@code POST /messages/batches} with {@code {requests: [{custom_id, params}]}}
 * (params: a Messages API request body), polled with {@code GET /messages/batches/{id}} until
 * {@code processing_status} is {@code ended}, then the JSONL at {@code results_url} is read: one line
 * {@code {custom_id, result: {type: succeeded|errored|canceled|expired, message | error}}} per request.
 * The key goes only to the API's own origin: a {@code results_url} elsewhere is refused.
 *
 * <p>Message batches carry no metadata, so {@link #lookup} cannot match a submission's token: it lists batches
 * ({@code GET /messages/batches}, newest first, paged with {@code after_id}) and returns every one not being cancelled
 * that was created between shortly before the submission and the end of its request timeout with the same number of
 * requests; the caller adopts only a single match.
 */
public final class AnthropicBatchApi implements BatchApi {
  public static final String VERSION = "2023-06-01";
  private final String base;
  private final BatchHttp http;
  private final Duration timeout;
  /** Clock skew allowed between here and the provider around a submission's time window. */
  static final Duration SKEW = Duration.ofMinutes(2);

  /** @param baseUrl e.g. {@code https://api.anthropic.com/v1}; @param apiKey sent as {@code x-api-key} */
  public AnthropicBatchApi(String baseUrl, String apiKey, Duration timeout) {
    this.base = baseUrl;
    this.timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
    this.http = new BatchHttp("anthropic batch", baseUrl, Map.of("x-api-key", apiKey, "anthropic-version", VERSION), apiKey, timeout);
  }

  @Override public String provider() { return "anthropic"; }
  @Override public int maxItems() { return 100_000; }
  @Override public long maxBytes() { return 250L << 20; } // the API takes 256 MB

  @Override
  public String submit(List<BatchItem> items, String token) throws BatchException {
    ObjectNode root = BatchHttp.JSON.createObjectNode();
    ArrayNode requests = root.putArray("requests");
    for (BatchItem item : items) {
      ObjectNode r = requests.addObject();
      r.put("custom_id", item.customId());
      r.set("params", OpenAiBatchApi.requestNode(item));
    }
    String url = base + "/messages/batches";
    JsonNode b = http.json(http.postJson(url, root.toString()), url);
    String id = BatchHttp.text(b, "id");
    if (id == null) throw new BatchException("anthropic batch: " + url + " returned no batch id", true);
    return id;
  }

  @Override
  public List<String> lookup(String token, int items, Instant sentAt) throws BatchException {
    Instant from = sentAt.minus(SKEW), to = sentAt.plus(timeout).plus(SKEW);
    List<String> out = new ArrayList<>();
    http.newestFirst(base + "/messages/batches", "after_id", b -> {
      String id = BatchHttp.text(b, "id");
      Instant created = instant(BatchHttp.text(b, "created_at"));
      if (created == null || id == null) return true;
      if (created.isBefore(from)) return false;
      JsonNode c = b.path("request_counts");
      long total = c.path("processing").asLong(0) + c.path("succeeded").asLong(0) + c.path("errored").asLong(0)
          + c.path("canceled").asLong(0) + c.path("expired").asLong(0);
      if (!created.isAfter(to) && total == items && BatchHttp.text(b, "cancel_initiated_at") == null) out.add(id);
      return true;
    });
    return out;
  }

  private static Instant instant(String rfc3339) {
    if (rfc3339 == null) return null;
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public BatchStatus status(String batchId) throws BatchException {
    String url = base + "/messages/batches/" + batchId;
    JsonNode b = http.json(http.get(url), url);
    String status = b.path("processing_status").asText("");
    JsonNode c = b.path("request_counts");
    String detail = status + ": " + c.path("succeeded").asLong(0) + " succeeded, " + c.path("errored").asLong(0) + " errored, "
        + c.path("expired").asLong(0) + " expired, " + c.path("canceled").asLong(0) + " canceled, " + c.path("processing").asLong(0) + " processing";
    BatchStatus.State state = switch (status) {
      case "ended" -> BatchStatus.State.ENDED;
      case "in_progress", "canceling" -> BatchStatus.State.RUNNING;
      default -> throw new BatchException("anthropic batch: unknown processing_status '" + status + "' for " + batchId, true);
    };
    return new BatchStatus(batchId, state, status, detail, BatchHttp.text(b, "results_url"), null);
  }

  @Override
  public List<BatchResult> results(BatchStatus ended) throws BatchException {
    String url = ended.outputRef();
    if (url == null) throw new BatchException("anthropic batch: " + ended.id() + " ended without a results_url", true);
    if (!sameOrigin(url, base))
      throw new BatchException("anthropic batch: results_url " + url + " is not on " + base + "; refusing to send the API key there", false);
    List<BatchResult> out = new ArrayList<>();
    for (String line : http.get(url).split("\n")) {
      if (line.isBlank()) continue;
      JsonNode n = http.json(line, url);
      String id = n.path("custom_id").asText(null);
      JsonNode result = n.path("result");
      String type = result.path("type").asText("");
      switch (type) {
        case "succeeded" -> out.add(BatchResult.success(id, result.path("message").toString()));
        case "errored" -> {
          // error is an error response {type: error, error: {type, message}}; tolerate the flat {type, message} too
          JsonNode e = result.path("error").path("error").isObject() ? result.path("error").path("error") : result.path("error");
          out.add(BatchResult.failure(id, "errored: " + e.path("type").asText("error") + ": " + e.path("message").asText(""), -1));
        }
        case "canceled" -> out.add(BatchResult.failure(id, "canceled: the batch was canceled before this request ran", -1));
        case "expired" -> out.add(BatchResult.failure(id, "expired: the batch reached its 24 h limit before this request ran", -1));
        default -> out.add(BatchResult.failure(id, "unknown result type '" + type + "'", -1));
      }
    }
    return out;
  }

  static boolean sameOrigin(String url, String base) {
    try {
      URI a = URI.create(url), b = URI.create(base);
      return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
          && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
