package dev.candor.model.http;

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

  private Exchange(Duration timeout) {
    this.timeout = timeout;
    this.previous = CURRENT.get();
  }

  /** Starts capturing the HTTP call made on this thread; {@code timeout} (nullable) bounds the whole response. */
  public static Exchange open(Duration timeout) {
    Exchange ex = new Exchange(timeout);
    CURRENT.set(ex);
    return ex;
  }

  static Exchange current() { return CURRENT.get(); }

  @Override public void close() {
    if (previous == null) CURRENT.remove(); else CURRENT.set(previous);
  }

  void started(String url) { this.url = url; this.calls++; }

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

  /** The per-call timeout this exchange was opened with, or null. */
  public Duration timeout() { return timeout; }
  /** The URL called, or null if no call was made. */
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
