package dev.candor.run;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: exponential backoff with full jitter between half and the whole of
 * {@code base · 2^(attempt-1)}, capped at {@code max}; a server's Retry-After wins when it asks for longer (capped
 * at {@code maxRetryAfter}).
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max, Duration maxRetryAfter) {
  public static RetryPolicy standard(int maxAttempts) {
    return new RetryPolicy(maxAttempts, Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofMinutes(5));
  }

  public Duration delayBefore(int nextAttempt, Duration retryAfter) {
    long exp = base.toMillis() << Math.min(20, Math.max(0, nextAttempt - 2));
    long capped = Math.min(max.toMillis(), exp);
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    if (retryAfter != null) jittered = Math.max(jittered, Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis()));
    return Duration.ofMillis(jittered);
  }
}
