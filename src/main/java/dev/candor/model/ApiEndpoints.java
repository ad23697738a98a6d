package dev.candor.model;

import java.net.URI;

/**
 * How a hosted-API provider finds its server and key: the base URL from {@code --base-url}, else the provider's
 * environment variable, else the official API; the key from the environment, required only for the official API
 * (other servers get a placeholder, which local servers ignore).
 */
public final class ApiEndpoints {
  /** Sent as the key to non-default servers when none is set. */
  public static final String PLACEHOLDER_KEY = "candor-no-key";

  private ApiEndpoints() {}

  /**
   * The base URL to use: {@code given}, else env {@code urlVariable}, else {@code official}; trailing slashes
   * removed. A value that is not an http(s) URL with a host is refused naming {@code --base-url} and {@code example}.
   */
  public static String baseUrl(ModelOptions options, String urlVariable, String official, String example) {
    String base = options.baseUrl();
    if (base == null || base.isBlank()) base = options.env().get(urlVariable);
    if (base == null || base.isBlank()) base = official;
    String b = base.strip();
    while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
    URI u;
    try {
      u = URI.create(b);
    } catch (IllegalArgumentException e) {
      u = null;
    }
    if (u == null || u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null)
      throw new IllegalArgumentException("--base-url: expected an http(s) URL such as " + example + ", got '" + base + "'");
    return b;
  }

  /**
   * The key in env {@code keyVariable}, stripped; when unset, {@link #PLACEHOLDER_KEY} for other servers, and for the
   * official API ({@code official}) a one-line error saying what to export ({@code hint} says what else to do).
   */
  public static String key(ModelOptions options, String keyVariable, boolean official, String hint) {
    String key = options.env().get(keyVariable);
    if (key != null && !key.isBlank()) return key.strip();
    if (official) throw new IllegalArgumentException(keyVariable + " is not set; export it, or " + hint);
    return PLACEHOLDER_KEY;
  }
}
