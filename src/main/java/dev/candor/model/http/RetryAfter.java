package dev.candor.model.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads how long a server asked us to wait: {@code retry-after-ms} (milliseconds, sent by OpenAI) wins over
 * {@code Retry-After}, which is either delay-seconds (integer or decimal) or an HTTP-date (RFC 1123).
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The wait the exchange's response headers ask for, or null if none (or unparseable). */
  public static Duration from(Exchange ex, Instant now) {
    Duration ms = parseMillis(ex.header("retry-after-ms"));
    if (ms != null) return ms;
    return parse(ex.header("retry-after"), now);
  }

  /** Parses a {@code retry-after-ms} value; null if absent or not a non-negative number. */
  public static Duration parseMillis(String value) {
    if (value == null || value.isBlank()) return null;
    try {
      double v = Double.parseDouble(value.trim());
      return v < 0 || Double.isNaN(v) || Double.isInfinite(v) ? null : Duration.ofNanos((long) (v * 1_000_000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Parses a {@code Retry-After} value (seconds or HTTP-date); a date in the past gives zero; null if unparseable. */
  public static Duration parse(String value, Instant now) {
    if (value == null || value.isBlank()) return null;
    String v = value.trim();
    try {
      double s = Double.parseDouble(v);
      return s < 0 || Double.isNaN(s) || Double.isInfinite(s) ? null : Duration.ofMillis(Math.round(s * 1000));
    } catch (NumberFormatException ignored) {
      // not seconds; try a date
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
