package dev.candor.model.http;

import dev.candor.model.ApiEndpoints;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one HTTP call of a model request looked like on the wire: the URL, the status (-1 if no response arrived),
 * the response headers and body as received, the I/O failure if the call broke, and how long it took. Filled in by
 * {@link CapturingHttpClient} for the call made on the current thread while the exchange is open, so a provider can
 * read what its HTTP library did not surface (non-standard fields, Retry-After, the raw body of an error).
 *
 * <p>Use: {@code try (Exchange ex = Exchange.open(timeout)) { library.chat(...); ... ex.body() ... }}.
 * Request headers (which carry API keys) are never recorded.
 */
public final class Exchange implements AutoCloseable {
  private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

  private final Duration timeout;
  private final Exchange previous;
  private volatile String url;
  private volatile int status = -1;
  private volatile Map<String, List<String>> headers = Map.of();
  private volatile String body;
  private volatile Throwable ioFailure;
  private volatile long latencyMillis = -1;
  private volatile int calls;
  private final boolean dryRun;
  private final String replayBody;
  private volatile String requestBody;

  private Exchange(Duration timeout, boolean dryRun, String replayBody) {
    this.timeout = timeout;
    this.dryRun = dryRun;
    this.replayBody = replayBody;
    this.previous = CURRENT.get();
  }

  /** Starts capturing the HTTP call made on this thread; {@code timeout} (nullable) bounds the whole response. */
  public static Exchange open(Duration timeout) {
    return install(new Exchange(timeout, false, null));
  }

  /**
   * Builds the call without sending it: the HTTP client records the request body ({@link #requestBody()}) and throws
   * {@link NotSent}. This is how a provider's exact wire request is obtained for a batch API.
   */
  public static Exchange dryRun() {
    return install(new Exchange(null, true, null));
  }

  /**
   * Answers the call made on this thread with {@code body} as a 200 response instead of sending it, so a response
   * obtained elsewhere (a batch API's result file) goes through the very parsing a live call's would.
   */
  public static Exchange replay(String body) {
    return install(new Exchange(null, false, body == null ? "" : body));
  }

  private static Exchange install(Exchange ex) {
    CURRENT.set(ex);
    return ex;
  }

  /** Thrown by the HTTP client in a {@link #dryRun()} exchange once the request is recorded. */
  public static final class NotSent extends RuntimeException {
    NotSent() { super("dry run: request built, not sent", null, false, false); }
  }

  static Exchange current() { return CURRENT.get(); }

  @Override public void close() {
    if (previous == null) CURRENT.remove(); else CURRENT.set(previous);
  }

  void started(String url) { this.url = ApiEndpoints.redact(url); this.calls++; }

  void responded(int status, Map<String, List<String>> headers, String body, long latencyMillis) {
    this.status = status;
    this.headers = headers == null ? Map.of() : headers;
    this.body = body;
    this.latencyMillis = latencyMillis;
  }

  void failed(Throwable t, long latencyMillis) {
    this.ioFailure = t;
    this.latencyMillis = latencyMillis;
  }

  boolean isDryRun() { return dryRun; }
  String replayBody() { return replayBody; }
  void recordRequest(String body) { this.requestBody = body; }

  /** In a {@link #dryRun()} exchange, the request body the call would have sent; otherwise null (never recorded). */
  public String requestBody() { return requestBody; }

  /** The per-call timeout this exchange was opened with, or null. */
  public Duration timeout() { return timeout; }
  /** The URL called, without credentials ({@link ApiEndpoints#redact}), or null if no call was made. */
  public String url() { return url; }
  /** HTTP status, or -1 if no response arrived. */
  public int status() { return status; }
  /** Response headers (names as received; look them up with {@link #header(String)}). */
  public Map<String, List<String>> headers() { return headers; }
  /** The first value of a response header, matched case-insensitively, or null. */
  public String header(String name) {
    for (var e : headers.entrySet())
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
    return null;
  }
  /** The response body as received (may be malformed), or null. */
  public String body() { return body; }
  /** The I/O failure (timeout, reset, refused) if the call broke before a full response, or null. */
  public Throwable ioFailure() { return ioFailure; }
  /** Wall time of the HTTP call in milliseconds, or -1. */
  public long latencyMillis() { return latencyMillis; }
  /** How many HTTP calls were made while this exchange was open (1 expected: library retries are off). */
  public int calls() { return calls; }
  /** Whether any HTTP call was attempted. */
  public boolean attempted() { return calls > 0; }
}
