package dev.candor.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @Test void seconds() {
    assertThat(RetryAfter.parse("30", NOW)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.parse("1.5", NOW)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test void httpDate() {
    assertThat(RetryAfter.parse("Sun, 01 Jun 2025 12:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
    assertThat(RetryAfter.parse("Sun, 01 Jun 2025 11:00:00 GMT", NOW)).as("past date").isEqualTo(Duration.ZERO);
  }

  @Test void garbageAndNegativeAreIgnored() {
    assertThat(RetryAfter.parse("soon", NOW)).isNull();
    assertThat(RetryAfter.parse("-3", NOW)).isNull();
    assertThat(RetryAfter.parse(null, NOW)).isNull();
    assertThat(RetryAfter.parse("", NOW)).isNull();
    assertThat(RetryAfter.parseMillis("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(RetryAfter.parseMillis("12.5")).isEqualTo(Duration.ofNanos(12_500_000));
    assertThat(RetryAfter.parseMillis("x")).isNull();
  }

  @Test void statusClassification() {
    for (int s : new int[] {408, 409, 429, 500, 502, 503, 504, 529}) assertThat(HttpFailures.retryableStatus(s)).as("%d", s).isTrue();
    for (int s : new int[] {400, 401, 403, 404, 413, 422}) assertThat(HttpFailures.retryableStatus(s)).as("%d", s).isFalse();
  }
}
