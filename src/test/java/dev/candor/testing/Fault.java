package dev.candor.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A misbehaviour a fake server performs for one request instead of (or before) its normal answer. Queue them with
 * {@link FakeServer#enqueue(Fault...)}; each request consumes the next one, in order.
 */
public sealed interface Fault {
  /** Answer with this status, headers and body. */
  record Status(int status, Map<String, String> headers, String body) implements Fault {}
  /** Wait, then answer normally (use with a short client timeout to provoke a timeout). */
  record Delay(Duration delay) implements Fault {}
  /** Answer 200 with a complete HTTP response whose body is not valid JSON. */
  record MalformedJson(String body) implements Fault {}
  /** Declare the normal answer's full Content-Length, send only part of it, then drop the connection. */
  record TruncatedBody() implements Fault {}
  /** Close the connection without sending any response. */
  record CloseConnection() implements Fault {}

  /** Any status with a JSON error body {@code {"error":{"message":...,"type":...}}} in OpenAI's shape. */
  static Fault status(int status, String message) {
    return new Status(status, Map.of(), openAiError(message, "error"));
  }
  static Fault status(int status, Map<String, String> headers, String body) { return new Status(status, headers, body); }
  /** 429 with {@code Retry-After: seconds}. */
  static Fault rateLimited(int retryAfterSeconds) {
    return new Status(429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), openAiError("rate limited", "rate_limit_exceeded"));
  }
  /** 429 with a {@code Retry-After} header carrying the given raw value (an HTTP-date, say) and optional retry-after-ms. */
  static Fault rateLimited(String retryAfter, String retryAfterMs) {
    Map<String, String> h = new LinkedHashMap<>();
    if (retryAfter != null) h.put("Retry-After", retryAfter);
    if (retryAfterMs != null) h.put("retry-after-ms", retryAfterMs);
    return new Status(429, h, openAiError("rate limited", "rate_limit_exceeded"));
  }
  static Fault serverError() { return status(500, "internal server error"); }
  static Fault unavailable() { return status(503, "service unavailable"); }
  static Fault delay(Duration d) { return new Delay(d); }
  static Fault malformedJson() { return new MalformedJson("{\"id\": \"chatcmpl-broken\", \"choices\": [ {\"message\": "); }
  static Fault truncatedBody() { return new TruncatedBody(); }
  static Fault closeConnection() { return new CloseConnection(); }

  private static String openAiError(String message, String type) {
    return "{\"error\":{\"message\":\"" + message.replace("\"", "\\\"") + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":null}}";
  }
}
