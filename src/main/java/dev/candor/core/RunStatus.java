package dev.candor.core;

import java.util.Locale;

/**
 * Where a run stands. Stored as its {@link #text()} ("running", "complete", …), which {@link #of} reads back, so
 * databases written before this type existed read unchanged.
 */
public enum RunStatus {
  /** Made, not started yet. */
  CREATED,
  /** Being run now, or stopped without a chance to say so (a killed process; resume finishes it). */
  RUNNING,
  /** Every (sample, epoch) has a stored result. */
  COMPLETE,
  /** This shard's part is done; other shards' parts are not. */
  PARTIAL,
  /** Ended with (sample, epoch) pairs left to run. */
  INCOMPLETE,
  /** Stopped by Ctrl-C or SIGTERM. */
  INTERRUPTED,
  /** Stopped by a fatal error, or every trajectory ended in error. */
  FAILED;

  /** The stored form. */
  public String text() { return name().toLowerCase(Locale.ROOT); }

  /** The status whose stored form is {@code text}. */
  public static RunStatus of(String text) {
    for (RunStatus s : values()) if (s.text().equals(text)) return s;
    throw new IllegalArgumentException("run status: expected one of created, running, complete, partial, incomplete, interrupted, failed, got '"
        + text + "'");
  }
}
