package dev.candor.run;

import dev.candor.model.ApiEndpoints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Last line of defence for API keys: any text about to be stored or printed has the secret values the command line
 * gives (the keys in its environment, the credentials in base URLs it was given, and those given with
 * {@link #withUrls}) replaced by {@code ***}. Providers already keep keys out of their messages. {@link #url} is a base
 * URL as stored and shown.
 */
public final class Secrets {
  /** Nothing to scrub. */
  public static final Secrets NONE = new Secrets(List.of());
  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = List.copyOf(values);
  }

  /**
   * Scrubs the secret values {@code keys} (null or shorter than 6 characters: skipped, as they could not be scrubbed
   * without mangling unrelated text) and the credentials in {@code baseUrls} (each a URL, comma-separated URLs, or null).
   */
  public static Secrets of(Collection<String> keys, Collection<String> baseUrls) {
    List<String> v = new ArrayList<>();
    for (String k : keys) if (k != null && k.length() >= 6) v.add(k);
    for (String u : baseUrls) v.addAll(ApiEndpoints.credentials(u));
    return new Secrets(v);
  }

  /** These secrets and the credentials in {@code baseUrls} (a URL, comma-separated URLs, or null). */
  public Secrets withUrls(String baseUrls) {
    List<String> v = new ArrayList<>(values);
    v.addAll(ApiEndpoints.credentials(baseUrls));
    return new Secrets(v);
  }

  /**
   * A base URL (or comma-separated URLs) as stored and printed: user info removed, credential-like query values
   * replaced by {@code ***} ({@link ApiEndpoints#redact}); null stays null.
   */
  public static String url(String baseUrls) {
    return ApiEndpoints.redact(baseUrls);
  }

  public String scrub(String text) {
    if (text == null || values.isEmpty()) return text;
    String out = text;
    for (String v : values) out = out.replace(v, "***");
    return out;
  }
}
