package dev.candor.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallLimiterTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private CallLimiter limiter(int max, Integer rpm) {
    return new CallLimiter(max, rpm, null, clock::get);
  }

  /** Sends n calls at once (each must get a slot without waiting) and returns their tickets. */
  private static List<Long> send(CallLimiter l, int n) throws InterruptedException {
    List<Long> tickets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assertThat(l.waitNanos()).as("call %d of %d waits", i + 1, n).isZero();
      tickets.add(l.acquire());
    }
    return tickets;
  }

  @Test
  void aBurstOf429sHalvesOncePerRoundOfCalls() throws Exception {
    CallLimiter l = limiter(64, null);
    for (long t : send(l, 64)) l.release(t, 429, null, -1);
    assertThat(l.limit()).as("64 calls in flight failing together are one congestion event").isEqualTo(32);
    for (long t : send(l, 32)) l.release(t, 429, null, -1);
    assertThat(l.limit()).as("the next round, sent after the halving, halves it once more").isEqualTo(16);
  }

  @Test
  void recoversToTheFullLimitWithinAFewRoundsAfterABurst() throws Exception {
    CallLimiter l = limiter(64, null);
    for (int round = 0; round < 4; round++) for (long t : send(l, (int) l.limit())) l.release(t, 429, null, -1);
    assertThat(l.limit()).isEqualTo(4);
    int rounds = 0;
    while (l.limit() < 64) {
      for (long t : send(l, (int) l.limit())) l.release(t, 200, null, 10);
      rounds++;
    }
    assertThat(rounds).as("4 -> 64 doubling per round").isEqualTo(4);
  }

  @Test
  void aLoadThatLastsGetsTheSawtoothInsteadOfFastRegrowth() throws Exception {
    CallLimiter l = limiter(64, null);
    for (long t : send(l, 64)) l.release(t, 429, null, -1); // 32; the episode began at 64
    for (long t : send(l, 32)) l.release(t, 200, null, -1);
    assertThat(l.limit()).as("fast back to where the episode began").isEqualTo(64);
    long t = l.acquire();
    l.release(t, 429, null, -1); // load again at the level it recovered to: lasting
    assertThat(l.limit()).isEqualTo(32);
    for (long s : send(l, 32)) l.release(s, 200, null, -1);
    assertThat(l.limit()).as("one slot per round of successes").isCloseTo(33, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void loadOnTheWayBackUpStopsTheFastRegrowthThere() throws Exception {
    CallLimiter l = limiter(64, null);
    for (long t : send(l, 64)) l.release(t, 429, null, -1); // 32
    List<Long> round = send(l, 32);
    for (long t : round.subList(0, 16)) l.release(t, 200, null, -1);
    assertThat(l.limit()).isEqualTo(48);
    l.release(round.get(16), 503, null, -1); // sent after the halving, and half a round succeeded: a new episode at 48
    assertThat(l.limit()).isEqualTo(24);
    for (long t : round.subList(17, 32)) l.release(t, 200, null, -1);
    for (long t : send(l, 9)) l.release(t, 200, null, -1);
    assertThat(l.limit()).isEqualTo(48);
    for (long t : send(l, 48)) l.release(t, 200, null, -1);
    assertThat(l.limit()).isCloseTo(49, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void errorsThatSayNothingAboutLoadNeitherShrinkNorStallGrowth() throws Exception {
    CallLimiter l = limiter(16, null);
    for (long t : send(l, 16)) l.release(t, 500, null, -1);
    for (long t : send(l, 16)) l.release(t, -1, null, -1); // reset / timed out / malformed
    for (long t : send(l, 16)) l.release(t, 502, null, -1);
    assertThat(l.limit()).isEqualTo(16);
    long t429 = l.acquire();
    l.release(t429, 429, null, -1);
    assertThat(l.limit()).isEqualTo(8);
    List<Long> mixed = send(l, 8);
    for (int i = 0; i < 8; i++) l.release(mixed.get(i), i % 2 == 0 ? 500 : 200, null, -1);
    assertThat(l.limit()).as("the 500s leave the successes' growth alone").isEqualTo(12);
  }

  @Test
  void retryAfterPausesEveryCallerUntilItHasPassed() throws Exception {
    CallLimiter l = limiter(4, null);
    long t = l.acquire();
    l.release(t, 429, Duration.ofSeconds(2), -1);
    assertThat(l.waitNanos()).isEqualTo(2_000_000_000L);
    clock.addAndGet(1_500_000_000L);
    assertThat(l.waitNanos()).isEqualTo(500_000_000L);
    clock.addAndGet(500_000_000L);
    assertThat(l.waitNanos()).isZero();
    // a 503 with Retry-After pauses too; a 429 without one shrinks but does not pause
    t = l.acquire();
    l.release(t, 503, Duration.ofMillis(300), -1);
    assertThat(l.waitNanos()).isEqualTo(300_000_000L);
    clock.addAndGet(300_000_000L);
    t = l.acquire();
    l.release(t, 429, null, -1);
    assertThat(l.waitNanos()).isZero();
  }

  @Test
  void aFullLimitMakesCallersWait() throws Exception {
    CallLimiter l = limiter(2, null);
    List<Long> two = send(l, 2);
    assertThat(l.waitNanos()).isPositive();
    l.release(two.get(0), 200, null, -1);
    assertThat(l.waitNanos()).isZero();
  }

  @Test
  void concurrencyNeverExceedsTheLimit() throws Exception {
    CallLimiter l = new CallLimiter(3, null, null);
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++)
        pool.submit(() -> {
          long t = l.acquire();
          int now = inFlight.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          Thread.sleep(2);
          inFlight.decrementAndGet();
          l.release(t, 200, null, 1);
          return null;
        });
    }
    assertThat(peak.get()).isLessThanOrEqualTo(3).isGreaterThan(1);
  }

  @Test
  void requestsPerMinuteBudgetIsEnforced() throws Exception {
    CallLimiter l = limiter(1000, 600); // 10 per second, burst of 100
    for (long t : send(l, 100)) l.release(t, 200, null, 1);
    assertThat(l.waitNanos()).as("the 101st call waits a tenth of a second").isEqualTo(100_000_000L);
    clock.addAndGet(100_000_000L);
    assertThat(l.waitNanos()).isZero();
  }
}
