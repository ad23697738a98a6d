package dev.candor.model.anthropic;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.ApiEndpoints;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import dev.candor.model.batch.AnthropicBatchApi;
import dev.candor.model.batch.BatchApi;
import java.util.Optional;

/**
 * The {@code anthropic} provider: {@code anthropic/MODEL} over the Messages API. The base URL is
 * {@link ModelOptions#baseUrl()}, else env {@code ANTHROPIC_BASE_URL}, else {@value #DEFAULT_BASE_URL}; a base URL
 * without the {@code /v1} suffix (as the Anthropic SDKs take it) gets one. The key is env {@code ANTHROPIC_API_KEY},
 * sent as {@code x-api-key}; optional for non-default base URLs (a placeholder is sent). See {@link AnthropicModel}.
 */
public final class AnthropicProvider implements ModelProvider {
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";
  /** The provider's environment contract: the variables it reads from {@link ModelOptions#env()}, named here only. */
  public static final String KEY_VARIABLE = "ANTHROPIC_API_KEY", BASE_URL_VARIABLE = "ANTHROPIC_BASE_URL";
  static final String PLACEHOLDER_KEY = ApiEndpoints.PLACEHOLDER_KEY;

  @Override public String name() { return "anthropic"; }

  /** Where and how to reach the API: base URL ending in {@code /v1}, the {@code x-api-key} value. */
  public record Endpoint(String baseUrl, String apiKey) {
    @Override public String toString() { return baseUrl; } // never the key
  }

  @Override
  public Model create(String modelName, ModelOptions options) {
    if (modelName == null || modelName.isBlank())
      throw InvalidSetting.expected(Setting.MODEL, "anthropic/MODEL (e.g. anthropic/claude-sonnet-4-5)", "an empty model name");
    Endpoint e = endpoint(options);
    return new AnthropicModel(modelName, e.baseUrl(), e.apiKey(), options.timeout(), options.maxResponseBytes());
  }

  /**
   * The base URL ({@link ModelOptions#baseUrl()}, else env {@code ANTHROPIC_BASE_URL}, else the official API) and key
   * (env {@code ANTHROPIC_API_KEY}; a placeholder for other servers when unset). Used by models and the batch API.
   */
  public static Endpoint endpoint(ModelOptions options) {
    String base = ApiEndpoints.baseUrl(options, BASE_URL_VARIABLE, DEFAULT_BASE_URL, "https://api.anthropic.com/v1");
    if (!base.endsWith("/v1")) base += "/v1";
    return new Endpoint(base, ApiEndpoints.key(options, KEY_VARIABLE, BASE_URL_VARIABLE, base.equals(DEFAULT_BASE_URL), "a compatible server"));
  }

  /** The provider's batch API at the endpoint {@code options} name (its base URL and key). */
  @Override
  public Optional<BatchApi> batchApi(ModelOptions options) {
    Endpoint e = endpoint(options);
    return Optional.of(new AnthropicBatchApi(e.baseUrl(), e.apiKey(), options.timeout()));
  }
}
