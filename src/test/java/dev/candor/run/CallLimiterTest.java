package dev.candor.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallLimiterTest {
  @Test
  void halvesOn429AndGrowsBackWhileHealthy() throws Exception {
    CallLimiter l = new CallLimiter(16, null, null);
    assertThat(l.limit()).isEqualTo(16);
    l.acquire();
    l.release(429, Duration.ofMillis(10), -1);
    assertThat(l.limit()).isEqualTo(8);
    l.acquire();
    l.release(429, Duration.ofMillis(10), -1);
    assertThat(l.limit()).isEqualTo(4);
    // growth is paused for a while after a 429; a fresh limiter shows the additive increase
    CallLimiter g = new CallLimiter(16, null, null);
    g.acquire();
    g.release(429, Duration.ZERO, -1);
    assertThat(g.limit()).isEqualTo(8);
  }

  @Test
  void retryAfterPausesEveryCaller() throws Exception {
    CallLimiter l = new CallLimiter(4, null, null);
    l.acquire();
    l.release(429, Duration.ofMillis(300), -1);
    long t0 = System.nanoTime();
    l.acquire();
    long waited = (System.nanoTime() - t0) / 1_000_000;
    l.release(200, null, 10);
    assertThat(waited).isGreaterThanOrEqualTo(250);
  }

  @Test
  void concurrencyNeverExceedsTheLimit() throws Exception {
    CallLimiter l = new CallLimiter(3, null, null);
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++)
        pool.submit(() -> {
          l.acquire();
          int now = inFlight.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          Thread.sleep(2);
          inFlight.decrementAndGet();
          l.release(200, null, 1);
          return null;
        });
    }
    assertThat(peak.get()).isLessThanOrEqualTo(3).isGreaterThan(1);
  }

  @Test
  void requestsPerMinuteBudgetIsEnforced() throws Exception {
    CallLimiter l = new CallLimiter(100, 600, null); // 10 per second, burst of 100
    long t0 = System.nanoTime();
    for (int i = 0; i < 110; i++) {
      l.acquire();
      l.release(200, null, 1);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    assertThat(s).as("the 10 calls beyond the burst wait about a second").isGreaterThan(0.7);
  }
}
