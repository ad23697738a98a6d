package dev.candor.model;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach a model: an optional base URL (OpenAI-compatible servers), the environment to read API keys from
 * (never stored or printed), the per-request timeout (a deadline for the whole call) and the longest response body
 * accepted, in bytes.
 */
public record ModelOptions(String baseUrl, Map<String, String> env, Duration timeout, long maxResponseBytes) {
  /** The default {@link #maxResponseBytes}: 64 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L << 20;

  public ModelOptions {
    env = env == null ? Map.of() : Map.copyOf(env);
    timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
    if (maxResponseBytes < 1) throw InvalidSetting.expected(Setting.MAX_RESPONSE_BYTES, "a whole number >= 1", maxResponseBytes);
  }

  /** With the default response size limit. */
  public ModelOptions(String baseUrl, Map<String, String> env, Duration timeout) {
    this(baseUrl, env, timeout, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** The same options for another base URL. */
  public ModelOptions withBaseUrl(String url) {
    return new ModelOptions(url, env, timeout, maxResponseBytes);
  }

  public static ModelOptions fromSystem(String baseUrl) {
    return new ModelOptions(baseUrl, System.getenv(), null);
  }
}
