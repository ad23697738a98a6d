package dev.candor.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.model.ApiEndpoints;
import dev.candor.model.ModelException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns what went wrong in one {@link Exchange} into a one-line {@link ModelException}: HTTP status with the
 * server's error message, Retry-After, the raw body, and whether retrying may help (429, 408, 409, 5xx, timeouts,
 * broken connections, malformed and oversized bodies may; 400, 401, 403, 404, 422 and other client errors may not).
 * Every message and body is passed through {@link #redact} so an API key never leaves in an exception.
 */
public final class HttpFailures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DETAIL = 300;

  private final String spec;
  private final java.util.List<String> secrets;

  /**
   * @param spec the model spec for messages
   * @param secrets the API key and any credentials of the base URL ({@link ApiEndpoints#credentials}),
   *     to scrub from anything reported (null and blank entries ignored)
   */
  public HttpFailures(String spec, String... secrets) {
    this.spec = spec;
    java.util.List<String> s = new java.util.ArrayList<>();
    for (String v : secrets) if (v != null && !v.isBlank()) s.add(v);
    this.secrets = java.util.List.copyOf(s);
  }

  /** Whether an HTTP status is worth retrying. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /** Replaces every occurrence of a secret with {@code [REDACTED]}. */
  public String redact(String s) {
    if (s == null) return s;
    for (String secret : secrets) s = s.replace(secret, "[REDACTED]");
    return s;
  }

  /** Maps a failed call: {@code thrown} is what the HTTP library threw, {@code ex} what went over the wire. */
  public ModelException from(Exchange ex, Throwable thrown) {
    if (ex.status() >= 300 || (ex.status() > 0 && ex.status() < 200)) return httpError(ex, thrown);
    if (ex.ioFailure() != null) return ioError(ex, ex.ioFailure());
    if (ex.status() >= 200) {
      ModelException embedded = embeddedError(ex);
      if (embedded != null) return embedded;
      return malformed(ex, jsonProblem(thrown), null);
    }
    Throwable io = ioCause(thrown);
    if (io != null) return ioError(ex, io);
    // Nothing went over the wire: the request could not be built (bad tool schema, bad option…).
    String why = describe(thrown);
    return new ModelException(oneLine(spec + ": request not sent: " + why), false, -1, null, null, safeCause(thrown));
  }

  /** A 2xx response whose body could not be used (malformed/truncated JSON, missing fields): retryable. */
  public ModelException malformed(Exchange ex, String why, Throwable cause) {
    return new ModelException(oneLine(spec + ": malformed response body from " + ex.url() + ": " + why),
        true, ex.status(), null, redact(ex.body()), safeCause(cause));
  }

  /**
   * Some OpenAI-compatible gateways (OpenRouter) answer 200 with {@code {"error": {...}}} and no result. Returns the
   * mapped exception for such a body, or null if the body is not of that shape.
   */
  public ModelException embeddedError(Exchange ex) {
    JsonNode root = parse(ex.body());
    if (root == null || !root.path("error").isObject() || root.has("choices") || root.has("content")) return null;
    JsonNode err = root.path("error");
    int code = err.path("code").isInt() ? err.path("code").asInt() : -1;
    boolean retryable = code <= 0 || retryableStatus(code);
    String msg = err.path("message").asText("error in a 200 response");
    return new ModelException(oneLine(spec + ": error in HTTP " + ex.status() + " response from " + ex.url()
        + (code > 0 ? " (code " + code + ")" : "") + ": " + msg), retryable, code > 0 ? code : ex.status(),
        RetryAfter.from(ex, Instant.now()), redact(ex.body()), null);
  }

  private ModelException httpError(Exchange ex, Throwable cause) {
    int status = ex.status();
    Duration retryAfter = RetryAfter.from(ex, Instant.now());
    String detail = errorDetail(ex.body());
    String msg = spec + ": HTTP " + status + " from " + ex.url() + (detail.isEmpty() ? "" : ": " + detail);
    // The library's exception repeats the body, which a server might echo a key into: not chained.
    return new ModelException(oneLine(msg), retryableStatus(status), status, retryAfter, redact(ex.body()), null);
  }

  private ModelException ioError(Exchange ex, Throwable io) {
    String where = ex.url() == null ? "" : " " + ex.url();
    String msg;
    if (io instanceof HttpTimeoutException || io instanceof java.net.SocketTimeoutException) {
      Duration t = ex.timeout();
      msg = spec + ": timed out" + (t == null ? "" : " after " + seconds(t)) + " waiting for" + where;
    } else if (io instanceof CapturingHttpClient.ResponseTooLargeException big) {
      msg = spec + ": response body from" + where + " is larger than the response size limit of " + big.limit() + " bytes";
    } else if (io instanceof ConnectException) {
      msg = spec + ": could not connect to" + where + ": " + describe(io);
    } else if (io instanceof InterruptedException) {
      return new ModelException(oneLine(spec + ": interrupted while calling" + where), false, -1, null, null, io);
    } else {
      msg = spec + ": connection failed calling" + where + ": " + describe(io);
    }
    return new ModelException(oneLine(msg), true, -1, null, null, safeCause(io));
  }

  /** The cause to chain, or null if any message in its chain mentions a secret. */
  private Throwable safeCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause())
      if (c.getMessage() != null && !redact(c.getMessage()).equals(c.getMessage())) return null;
    return t;
  }

  /** Why a 2xx body could not be read: the JSON parser's own short message when there is one. */
  private String jsonProblem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause())
      if (c instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
        var loc = j.getLocation();
        return "invalid JSON: " + truncate(j.getOriginalMessage()) + (loc == null ? "" : " at line " + loc.getLineNr() + " column " + loc.getColumnNr());
      }
    return describe(t);
  }

  private static Throwable ioCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause())
      if (c instanceof java.io.IOException || c instanceof InterruptedException) return c;
    return null;
  }

  /** The server's error message from a JSON error body ({@code error.message}, {@code message}), else the body. */
  private String errorDetail(String body) {
    if (body == null || body.isBlank()) return "";
    JsonNode root = parse(body);
    if (root != null) {
      JsonNode err = root.path("error");
      if (err.isObject() && err.hasNonNull("message")) return truncate(err.path("message").asText());
      if (err.isTextual()) return truncate(err.asText());
      if (root.hasNonNull("message")) return truncate(root.path("message").asText());
      if (root.hasNonNull("detail")) return truncate(root.path("detail").toString());
    }
    return truncate(body);
  }

  private String describe(Throwable t) {
    if (t == null) return "unknown error";
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root
        && (root.getMessage() == null || root instanceof RuntimeException && root.getCause() instanceof Exception)) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return truncate(root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m));
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.3fs", ms / 1000.0);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) return null;
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }

  private static String truncate(String s) {
    s = s.strip();
    return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
  }

  /** Collapses whitespace runs (newlines included) to one space and scrubs the secret. */
  public String oneLine(String s) {
    return redact(s).replaceAll("\\s+", " ").strip();
  }
}
