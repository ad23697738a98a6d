package dev.candor.model;

/**
 * What the composition root gives a hosted-API provider: its API key and the base URL it uses when a run names none
 * (either may be null: no key, the official API). The key is never printed ({@link #toString}).
 */
public record ApiAccess(String key, String baseUrl) {
  /** No key and no default base URL. */
  public static final ApiAccess NONE = new ApiAccess(null, null);

  @Override
  public String toString() { return "ApiAccess[baseUrl=" + ApiEndpoints.redact(baseUrl) + (key == null ? "" : ", key=***") + "]"; }
}
