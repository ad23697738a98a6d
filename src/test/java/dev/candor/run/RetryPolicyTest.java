package dev.candor.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy p = RetryPolicy.standard(6);

  @Test
  void failuresThatSayNothingAboutLoadRetryAfterAShortWait() {
    for (int status : new int[] {500, 502, 200, -1}) // 200: a malformed body; -1: a reset connection
      for (int i = 0; i < 200; i++) assertThat(p.delayBefore(2, status, null)).isBetween(Duration.ofMillis(25), Duration.ofMillis(50));
    assertThat(p.delayBefore(4, 500, null)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void loadSignalsAndRetryAfterKeepTheLongBackoff() {
    for (int status : new int[] {429, 503, 529})
      for (int i = 0; i < 200; i++) assertThat(p.delayBefore(2, status, null)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(p.delayBefore(2, 500, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.delayBefore(2, 429, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
  }
}
