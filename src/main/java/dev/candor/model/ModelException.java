package dev.candor.model;

import java.time.Duration;

/**
 * A failed model call. {@code retryable} says whether trying again may help (429, 5xx, timeouts, malformed bodies);
 * {@code retryAfter} carries a server's Retry-After when it sent one. Messages never contain API keys.
 */
public class ModelException extends Exception {
  private final boolean retryable;
  private final int httpStatus;
  private final Duration retryAfter;
  private final String rawBody;

  public ModelException(String message, boolean retryable, int httpStatus, Duration retryAfter, String rawBody, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
    this.rawBody = rawBody;
  }

  public ModelException(String message, boolean retryable) { this(message, retryable, -1, null, null, null); }

  public boolean retryable() { return retryable; }
  /** HTTP status, or -1 when there was no HTTP response (timeout, connection refused, local error). */
  public int httpStatus() { return httpStatus; }
  /** The server's Retry-After, or null. */
  public Duration retryAfter() { return retryAfter; }
  /** The response body when there was one (may be malformed), or null. */
  public String rawBody() { return rawBody; }
}
