package dev.candor.model.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.model.ApiEndpoints;
import dev.candor.model.http.HttpFailures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The few HTTP calls a batch API makes (JSON POST, multipart upload, GET), with auth headers added here and never
 * reported; failures become one-line {@link BatchException}s with the server's error message and the key scrubbed.
 */
final class BatchHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Map<String, String> authHeaders;
  private final HttpFailures scrub;
  private final HttpClient http;
  private final Duration timeout;

  BatchHttp(String name, String baseUrl, Map<String, String> authHeaders, String secret, Duration timeout) {
    this.name = name;
    this.authHeaders = Map.copyOf(authHeaders);
    List<String> secrets = new java.util.ArrayList<>(ApiEndpoints.credentials(baseUrl));
    secrets.add(secret);
    this.scrub = new HttpFailures(name, secrets.toArray(String[]::new));
    this.timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
    var b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL);
    if (baseUrl.startsWith("http://")) b.version(HttpClient.Version.HTTP_1_1);
    this.http = b.build();
  }

  String postJson(String url, String body) throws BatchException {
    return send(request(url).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), url);
  }

  /** A multipart/form-data POST with text fields and one file part. */
  String postMultipart(String url, Map<String, String> fields, String fileField, String fileName, String contentType, byte[] file) throws BatchException {
    String boundary = "candor-" + Long.toHexString(System.nanoTime()) + Long.toHexString(Double.doubleToLongBits(Math.random()));
    var out = new java.io.ByteArrayOutputStream(file.length + 512);
    for (var f : fields.entrySet())
      write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n");
    write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
    out.writeBytes(file);
    write(out, "\r\n--" + boundary + "--\r\n");
    return send(request(url).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())), url);
  }

  String get(String url) throws BatchException {
    return send(request(url).GET(), url);
  }

  /**
   * Walks a provider's list of batches at {@code listUrl}, newest first, a page of 100 at a time (the next page named
   * by {@code cursorParam}: the page's {@code last_id}, else its last batch's id), handing each batch to
   * {@code visit} until it returns false (the rest are older than wanted) or the list ends.
   */
  void newestFirst(String listUrl, String cursorParam, java.util.function.Predicate<JsonNode> visit) throws BatchException {
    String after = null;
    while (true) {
      String url = listUrl + "?limit=100" + (after == null ? "" : "&" + cursorParam + "=" + java.net.URLEncoder.encode(after, StandardCharsets.UTF_8));
      JsonNode page = json(get(url), url);
      String last = null;
      for (JsonNode b : page.path("data")) {
        last = text(b, "id");
        if (!visit.test(b)) return;
      }
      String next = text(page, "last_id") != null ? text(page, "last_id") : last;
      if (!page.path("has_more").asBoolean(false) || next == null || next.equals(after)) return;
      after = next;
    }
  }

  /** A field's text, or null when it is missing, not a string, or blank. */
  static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }

  JsonNode json(String body, String url) throws BatchException {
    try {
      return JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BatchException(name + ": malformed JSON from " + ApiEndpoints.redact(url) + ": " + e.getOriginalMessage(), true);
    } catch (IOException e) {
      throw new BatchException(name + ": cannot read the answer from " + ApiEndpoints.redact(url) + ": " + e.getMessage(), true);
    }
  }

  private HttpRequest.Builder request(String url) {
    var b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    authHeaders.forEach(b::header);
    return b;
  }

  private String send(HttpRequest.Builder b, String url) throws BatchException {
    HttpResponse<String> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BatchException(scrub.oneLine(name + ": connection failed calling " + ApiEndpoints.redact(url) + ": " + e), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatchException(name + ": interrupted calling " + ApiEndpoints.redact(url), false);
    }
    int status = resp.statusCode();
    if (status >= 200 && status < 300) return resp.body();
    throw new BatchException(scrub.oneLine(name + ": HTTP " + status + " from " + ApiEndpoints.redact(url) + detail(resp.body())), HttpFailures.retryableStatus(status));
  }

  /** The server's error message ({@code error.message}, {@code message}) or the start of the body. */
  private static String detail(String body) {
    if (body == null || body.isBlank()) return "";
    try {
      JsonNode n = JSON.readTree(body);
      JsonNode m = n.path("error").path("message");
      if (m.isTextual()) return ": " + m.asText();
      if (n.path("message").isTextual()) return ": " + n.path("message").asText();
    } catch (IOException ignored) {
      // not JSON
    }
    String s = body.strip();
    return ": " + (s.length() > 200 ? s.substring(0, 200) + "…" : s);
  }

  private static void write(java.io.ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
