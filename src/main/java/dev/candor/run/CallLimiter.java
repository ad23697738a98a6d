package dev.candor.run;

import java.time.Duration;

/**
 * Paces the model calls of one run: adaptive concurrency (additive increase while calls succeed, halved on 429 with
 * every caller paused until the server's Retry-After has passed, growth paused for a while after a 5xx), plus
 * optional requests-per-minute and tokens-per-minute budgets (token buckets refilled continuously; tokens are
 * charged after each call with the usage the provider reported).
 */
public final class CallLimiter {
  private final int max;
  private final Integer rpm;
  private final Integer tpm;
  private double limit;
  private int inFlight;
  private long pausedUntilNanos;
  private long noGrowthUntilNanos;
  private double requestTokens;
  private double tokenTokens;
  private long lastRefillNanos = System.nanoTime();

  /** @param max the upper bound ({@code --max-connections}); it starts there and only comes down under pressure. */
  public CallLimiter(int max, Integer rpm, Integer tpm) {
    this.max = max;
    this.limit = max;
    this.rpm = rpm;
    this.tpm = tpm;
    this.requestTokens = rpm == null ? 0 : Math.min(rpm, Math.max(1, rpm / 6.0));
    this.tokenTokens = tpm == null ? 0 : tpm / 6.0;
  }

  public static CallLimiter unlimited(int max) { return new CallLimiter(max, null, null); }

  /** Waits for a slot (and the rate budgets); callers must {@link #release} it. */
  public synchronized void acquire() throws InterruptedException {
    while (true) {
      refill();
      long now = System.nanoTime();
      long waitNanos = 0;
      if (now < pausedUntilNanos) waitNanos = pausedUntilNanos - now;
      else if (inFlight >= Math.max(1, (int) limit)) waitNanos = 50_000_000L;
      else if (rpm != null && requestTokens < 1) waitNanos = (long) ((1 - requestTokens) * 60e9 / rpm);
      else if (tpm != null && tokenTokens <= 0) waitNanos = (long) ((1 - tokenTokens) * 60e9 / tpm);
      if (waitNanos <= 0) break;
      long ms = Math.max(1, Math.min(waitNanos / 1_000_000, 1000));
      wait(ms);
    }
    inFlight++;
    if (rpm != null) requestTokens -= 1;
  }

  /** Returns a slot with how the call went: http status (200 ok, -1 none), Retry-After, tokens used (-1 unknown). */
  public synchronized void release(int status, Duration retryAfter, long tokens) {
    inFlight--;
    long now = System.nanoTime();
    if (tpm != null && tokens > 0) tokenTokens -= tokens;
    if (status == 429) {
      limit = Math.max(1, limit / 2);
      long pause = retryAfter != null ? retryAfter.toNanos() : 1_000_000_000L;
      pausedUntilNanos = Math.max(pausedUntilNanos, now + pause);
      noGrowthUntilNanos = Math.max(noGrowthUntilNanos, now + pause + 5_000_000_000L);
    } else if (status >= 500 || status == -1) {
      noGrowthUntilNanos = Math.max(noGrowthUntilNanos, now + 10_000_000_000L);
    } else if (status >= 200 && status < 300 && now >= noGrowthUntilNanos && limit < max) {
      limit = Math.min(max, limit + 1.0 / Math.max(1, limit));
    }
    notifyAll();
  }

  /** The current concurrency limit (for progress and tests). */
  public synchronized double limit() { return limit; }

  private void refill() {
    long now = System.nanoTime();
    double minutes = (now - lastRefillNanos) / 60e9;
    lastRefillNanos = now;
    if (rpm != null) requestTokens = Math.min(Math.max(1, rpm / 6.0), requestTokens + minutes * rpm);
    if (tpm != null) tokenTokens = Math.min(tpm / 6.0, tokenTokens + minutes * tpm);
  }
}
