package dev.candor.model;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.time.Duration;

/**
 * How to reach a model on one open: an optional base URL (OpenAI-compatible servers; null: the provider's default),
 * the per-request timeout (a deadline for the whole call), the longest response body accepted, in bytes, and how a
 * server that needs telling continues a reasoning prefix. Keys and default base URLs are the providers' own
 * ({@link ApiAccess}, given when they are registered).
 */
public record ModelOptions(String baseUrl, Duration timeout, long maxResponseBytes, PrefillSettings prefill) {
  /** The default {@link #maxResponseBytes}: 64 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L << 20;

  /**
   * Reasoning prefill on an OpenAI-compatible server, as the user gave it (each null when unset): the mode
   * ({@code continue_final_message} or {@code completions}), the template that follows the conversation, and the
   * path of the model's chat template (for {@code completions}). The provider checks them.
   */
  public record PrefillSettings(String mode, String template, String chatTemplate) {
    /** Nothing set: no prefill. */
    public static final PrefillSettings NONE = new PrefillSettings(null, null, null);
  }

  public ModelOptions {
    timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
    prefill = prefill == null ? PrefillSettings.NONE : prefill;
    if (maxResponseBytes < 1) throw InvalidSetting.expected(Setting.MAX_RESPONSE_BYTES, "a whole number >= 1", maxResponseBytes);
  }

  /** With the default response size limit and no prefill. */
  public ModelOptions(String baseUrl, Duration timeout) {
    this(baseUrl, timeout, DEFAULT_MAX_RESPONSE_BYTES, PrefillSettings.NONE);
  }

  /** The same options for another base URL. */
  public ModelOptions withBaseUrl(String url) {
    return new ModelOptions(url, timeout, maxResponseBytes, prefill);
  }
}
