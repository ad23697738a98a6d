package dev.candor.core;

import java.util.Locale;

/**
 * Where an attempt's answer came from. A stored attempt names it in its {@code source} field as {@link #text()},
 * except {@link #LIVE}, the usual case, which stored attempts leave out.
 */
public enum AttemptSource {
  /** A call to the model. */
  LIVE,
  /** The response cache (attempt number 0). */
  CACHE,
  /** A provider's batch API. */
  BATCH;

  /** The stored form. */
  public String text() { return name().toLowerCase(Locale.ROOT); }
}
