package dev.candor.run;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces the model calls of one run: adaptive concurrency plus optional requests-per-minute and tokens-per-minute
 * budgets (token buckets refilled continuously; tokens are charged after each call with the usage the provider
 * reported).
 *
 * <p>Concurrency is AIMD, as TCP paces a connection. Only a load signal ({@link #isLoadSignal}: 429, 503, 529) shrinks
 * the limit, and only once per round of calls: it halves, and load signals from calls sent before that halving (the
 * many calls in flight that fail together) do not halve it again. Errors that say nothing about load (500, 502, a
 * malformed body, a reset or timed-out connection) leave it alone. A Retry-After, on any status, pauses every caller
 * until it has passed. Halvings with fewer successes between them than half the halved limit are one episode. Each
 * success adds a slot: up to the limit the episode began at, a whole slot per success (the limit doubles per round,
 * so a burst of 429s is forgotten within a few rounds), and above it one slot per {@code limit} successes, up to
 * {@code max}. An episode that begins at or above the level the last one recovered to says the load there is lasting:
 * it regrows fast only to half that level, and slowly beyond (TCP Reno's sawtooth), instead of striking the same
 * limit again.
 */
public final class CallLimiter {
  private final int max;
  private final Integer rpm;
  private final Integer tpm;
  private final LongSupplier nanoTime;
  private double limit;
  /** Where fast regrowth stops: the limit the current episode began at (or half of it, when the load is lasting). */
  private double recoverTo = Double.POSITIVE_INFINITY;
  /** Successes since the last halving; half a round of them at the halved limit ends an episode. */
  private long successesSinceDecrease = Long.MAX_VALUE;
  private double halvedTo;
  private int inFlight;
  /** Calls sent so far, and how many had been sent at the last decrease: a call numbered at or below it predates it. */
  private long sent;
  private long sentAtDecrease = -1;
  private long pausedUntilNanos;
  private double requestTokens;
  private double tokenTokens;
  private long lastRefillNanos;

  /** @param max the upper bound ({@code --max-connections}); it starts there and only comes down under load. */
  public CallLimiter(int max, Integer rpm, Integer tpm) {
    this(max, rpm, tpm, System::nanoTime);
  }

  CallLimiter(int max, Integer rpm, Integer tpm, LongSupplier nanoTime) {
    this.max = max;
    this.limit = max;
    this.rpm = rpm;
    this.tpm = tpm;
    this.nanoTime = nanoTime;
    this.lastRefillNanos = nanoTime.getAsLong();
    this.pausedUntilNanos = lastRefillNanos;
    this.requestTokens = rpm == null ? 0 : Math.min(rpm, Math.max(1, rpm / 6.0));
    this.tokenTokens = tpm == null ? 0 : tpm / 6.0;
  }

  /** Whether a failed call's status says the server is loaded: 429 (rate limited), 503 and 529 (overloaded). */
  public static boolean isLoadSignal(int status) {
    return status == 429 || status == 503 || status == 529;
  }

  /** Waits for a slot (and the rate budgets); returns the call's ticket, which the caller hands to {@link #release}. */
  public synchronized long acquire() throws InterruptedException {
    for (long w; (w = waitNanos()) > 0; ) wait(Math.max(1, Math.min(w / 1_000_000, 1000)));
    inFlight++;
    if (rpm != null) requestTokens -= 1;
    return ++sent;
  }

  /** How long a caller must wait before it may send (0: at once); a full limit waits for a {@link #release}. */
  synchronized long waitNanos() {
    refill();
    long now = nanoTime.getAsLong();
    if (now - pausedUntilNanos < 0) return pausedUntilNanos - now;
    if (inFlight >= (int) limit) return 1_000_000_000L;
    if (rpm != null && requestTokens < 1) return (long) Math.ceil((1 - requestTokens) * 60e9 / rpm);
    if (tpm != null && tokenTokens <= 0) return (long) Math.ceil((1 - tokenTokens) * 60e9 / tpm);
    return 0;
  }

  /**
   * Returns a slot with how the call went: its ticket from {@link #acquire}, http status (2xx ok, -1 none),
   * Retry-After (nullable) and tokens used (-1 unknown).
   */
  public synchronized void release(long ticket, int status, Duration retryAfter, long tokens) {
    inFlight--;
    long now = nanoTime.getAsLong();
    if (tpm != null && tokens > 0) tokenTokens -= tokens;
    if (retryAfter != null && retryAfter.toNanos() > 0 && now + retryAfter.toNanos() - pausedUntilNanos > 0)
      pausedUntilNanos = now + retryAfter.toNanos();
    if (isLoadSignal(status)) {
      if (ticket > sentAtDecrease) {
        double halved = Math.max(1, Math.floor(limit / 2));
        if (successesSinceDecrease >= halvedTo / 2) recoverTo = limit < recoverTo ? limit : halved; // a new episode
        limit = halvedTo = halved;
        sentAtDecrease = sent;
        successesSinceDecrease = 0;
      }
    } else if (status >= 200 && status < 300) {
      if (successesSinceDecrease < Long.MAX_VALUE) successesSinceDecrease++;
      limit = Math.min(max, limit < recoverTo ? Math.min(recoverTo, limit + 1) : limit + 1.0 / limit);
    }
    notifyAll();
  }

  /** The current concurrency limit (for progress and tests). */
  public synchronized double limit() { return limit; }

  private void refill() {
    long now = nanoTime.getAsLong();
    double minutes = (now - lastRefillNanos) / 60e9;
    lastRefillNanos = now;
    if (rpm != null) requestTokens = Math.min(Math.max(1, rpm / 6.0), requestTokens + minutes * rpm);
    if (tpm != null) tokenTokens = Math.min(tpm / 6.0, tokenTokens + minutes * tpm);
  }
}
