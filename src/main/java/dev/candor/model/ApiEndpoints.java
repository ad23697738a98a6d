package dev.candor.model;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a hosted-API provider finds its server and key: the base URL the run gave, else the provider's default
 * ({@link ApiAccess#baseUrl()}), else the official API; the key ({@link ApiAccess#key()}) is required only for the
 * official API (other servers get a placeholder, which local servers ignore).
 */
public final class ApiEndpoints {
  /** Sent as the key to non-default servers when none is set. */
  public static final String PLACEHOLDER_KEY = "candor-no-key";

  /** The user-info part of a URL ({@code user:password@}). */
  private static final Pattern USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)([^/?#\\s]*)@");
  /** A query parameter whose name ends like a credential's (key, api_key, token, sig, password, secret…), and its value. */
  private static final Pattern CREDENTIAL_PARAM = Pattern.compile(
      "(?i)([?&;][\\w.~%\\[\\]-]*?(?:key|token|secret|password|passwd|pwd|sig|signature|auth|credential)s?=)([^&#\\s\"'<>,]*)");

  private ApiEndpoints() {}

  /**
   * The base URL to use: the one {@code options} give, else the provider's default {@code access}, else
   * {@code official}; trailing slashes removed. A value that is not an http(s) URL with a host is refused with an
   * {@link InvalidSetting} naming {@code example}.
   */
  public static String baseUrl(ModelOptions options, ApiAccess access, String official, String example) {
    String base = options.baseUrl();
    if (base == null || base.isBlank()) base = access.baseUrl();
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
      throw InvalidSetting.expected(Setting.BASE_URL, "an http(s) URL such as " + example, "'" + redact(base) + "'");
    return b;
  }

  /** {@code path} appended to the base URL's path, before its query string if it has one ({@code ?api-version=…}). */
  public static String join(String base, String path) {
    int q = base.indexOf('?');
    return q < 0 ? base + path : base.substring(0, q) + path + base.substring(q);
  }

  /**
   * A URL (or comma-separated URLs, or null) fit to store and print: user info ({@code user:password@}) removed, the
   * values of query parameters named like credentials (key, api_key, apikey, token, access_token, sig, signature,
   * password, secret, …) replaced by {@code ***}. Requests keep using the URL as given.
   */
  public static String redact(String url) {
    if (url == null || (url.indexOf('@') < 0 && url.indexOf('=') < 0)) return url;
    return CREDENTIAL_PARAM.matcher(USERINFO.matcher(url).replaceAll("$1")).replaceAll("$1***");
  }

  /** The credentials in a URL (as {@link #redact} removes them), to be scrubbed wherever they might be echoed. */
  public static List<String> credentials(String url) {
    List<String> out = new ArrayList<>();
    if (url == null) return out;
    Matcher m = USERINFO.matcher(url);
    while (m.find()) {
      out.add(m.group(2));
      int colon = m.group(2).indexOf(':');
      if (colon >= 0) out.add(m.group(2).substring(colon + 1));
    }
    m = CREDENTIAL_PARAM.matcher(url);
    while (m.find()) out.add(m.group(2));
    out.removeIf(s -> s.length() < 4 || s.equals("***")); // too short to scrub without mangling unrelated text
    return out;
  }

  /**
   * The key of {@code access}, stripped; when unset, {@link #PLACEHOLDER_KEY} for other servers, and for the official
   * API ({@code official}) an {@link InvalidSetting} about {@code provider}'s API key saying to set it, or to give a
   * base URL (or the provider's default one) for {@code otherServers}.
   */
  public static String key(String provider, ApiAccess access, boolean official, String otherServers) {
    String key = access.key();
    if (key != null && !key.isBlank()) return key.strip();
    if (official)
      throw InvalidSetting.ofProvider(provider, Setting.API_KEY, Setting.API_KEY, " is not set; export it, or give ", Setting.BASE_URL, " (or ",
          Setting.DEFAULT_BASE_URL, ") for " + otherServers);
    return PLACEHOLDER_KEY;
  }
}
