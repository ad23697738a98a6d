package dev.candor.model.anthropic;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.ApiAccess;
import dev.candor.model.ApiEndpoints;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import dev.candor.model.batch.AnthropicBatchApi;
import dev.candor.model.batch.BatchApi;
import java.util.Optional;

/**
 * The {@code anthropic} provider: {@code anthropic/MODEL} over the Messages API. The base URL is
 * {@link ModelOptions#baseUrl()}, else the provider's default ({@link ApiAccess#baseUrl()}), else
 * {@value #DEFAULT_BASE_URL}; a base URL without the {@code /v1} suffix (as the Anthropic SDKs take it) gets one. The
 * key ({@link ApiAccess#key()}) is sent as {@code x-api-key}; optional for non-default base URLs (a placeholder is
 * sent). See {@link AnthropicModel}.
 */
public final class AnthropicProvider implements ModelProvider {
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";
  static final String PLACEHOLDER_KEY = ApiEndpoints.PLACEHOLDER_KEY;
  private final ApiAccess access;

  /** The provider with its key and default base URL. */
  public AnthropicProvider(ApiAccess access) {
    this.access = java.util.Objects.requireNonNull(access, "access");
  }

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
   * The base URL ({@link ModelOptions#baseUrl()}, else the provider's default, else the official API) and key (a
   * placeholder for other servers when unset). Used by models and the batch API.
   */
  Endpoint endpoint(ModelOptions options) {
    String base = ApiEndpoints.baseUrl(options, access, DEFAULT_BASE_URL, "https://api.anthropic.com/v1");
    if (!base.endsWith("/v1")) base += "/v1";
    return new Endpoint(base, ApiEndpoints.key(name(), access, base.equals(DEFAULT_BASE_URL), "a compatible server"));
  }

  /** The provider's batch API at the endpoint {@code options} name (its base URL and key). */
  @Override
  public Optional<BatchApi> batchApi(ModelOptions options) {
    Endpoint e = endpoint(options);
    return Optional.of(new AnthropicBatchApi(e.baseUrl(), e.apiKey(), options.timeout()));
  }
}
