package dev.candor.run;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: exponential backoff with full jitter between half and the whole of
 * {@code base · 2^(attempt-2)}, capped at {@code max}; a server's Retry-After wins when it asks for longer (capped
 * at {@code maxRetryAfter}). A failure that says nothing about the server's load (a 500, a malformed body, a reset
 * connection: not {@link CallLimiter#isLoadSignal}, no Retry-After) backs off from the short {@code quickBase}
 * instead: waiting longer would only leave its connection idle.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration quickBase, Duration max, Duration maxRetryAfter) {
  public static RetryPolicy standard(int maxAttempts) {
    return new RetryPolicy(maxAttempts, Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofSeconds(60), Duration.ofMinutes(5));
  }

  /** The wait after a load signal or an unknown failure (the long base). */
  public Duration delayBefore(int nextAttempt, Duration retryAfter) {
    return delay(base, nextAttempt, retryAfter);
  }

  /** The wait after a failure with this HTTP status (-1 none): the short base when it says nothing about load. */
  public Duration delayBefore(int nextAttempt, int status, Duration retryAfter) {
    return delay(CallLimiter.isLoadSignal(status) || retryAfter != null ? base : quickBase, nextAttempt, retryAfter);
  }

  private Duration delay(Duration from, int nextAttempt, Duration retryAfter) {
    long exp = from.toMillis() << Math.min(20, Math.max(0, nextAttempt - 2));
    long capped = Math.min(max.toMillis(), exp);
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    if (retryAfter != null) jittered = Math.max(jittered, Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis()));
    return Duration.ofMillis(jittered);
  }
}
