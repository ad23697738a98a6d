package dev.candor.model.anthropic;

import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import java.net.URI;

/**
 * The {@code anthropic} provider: {@code anthropic/MODEL} over the Messages API. The base URL is
 * {@link ModelOptions#baseUrl()}, else env {@code ANTHROPIC_BASE_URL}, else {@value #DEFAULT_BASE_URL}; a base URL
 * without the {@code /v1} suffix (as the Anthropic SDKs take it) gets one. The key is env {@code ANTHROPIC_API_KEY},
 * sent as {@code x-api-key}; optional for non-default base URLs (a placeholder is sent). See {@link AnthropicModel}.
 */
public final class AnthropicProvider implements ModelProvider {
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";
  static final String PLACEHOLDER_KEY = "candor-no-key";

  @Override public String name() { return "anthropic"; }

  /** Where and how to reach the API: base URL ending in {@code /v1}, the {@code x-api-key} value. */
  public record Endpoint(String baseUrl, String apiKey) {
    @Override public String toString() { return baseUrl; } // never the key
  }

  @Override
  public Model create(String modelName, ModelOptions options) {
    if (modelName == null || modelName.isBlank())
      throw new IllegalArgumentException("--model: expected anthropic/MODEL (e.g. anthropic/claude-sonnet-4-5), got an empty model name");
    Endpoint e = endpoint(options);
    return new AnthropicModel(modelName, e.baseUrl(), e.apiKey(), options.timeout());
  }

  /**
   * The base URL ({@link ModelOptions#baseUrl()}, else env {@code ANTHROPIC_BASE_URL}, else the official API) and key
   * (env {@code ANTHROPIC_API_KEY}; a placeholder for other servers when unset). Used by models and the batch API.
   */
  public static Endpoint endpoint(ModelOptions options) {
    String base = options.baseUrl();
    if (base == null || base.isBlank()) base = options.env().get("ANTHROPIC_BASE_URL");
    if (base == null || base.isBlank()) base = DEFAULT_BASE_URL;
    base = normalize(base);
    boolean official = base.equals(DEFAULT_BASE_URL);
    String key = options.env().get("ANTHROPIC_API_KEY");
    if (key == null || key.isBlank()) {
      if (official)
        throw new IllegalArgumentException("ANTHROPIC_API_KEY is not set; export it, or give --base-url (or ANTHROPIC_BASE_URL) for a compatible server");
      key = PLACEHOLDER_KEY;
    }
    return new Endpoint(base, key.strip());
  }

  static String normalize(String base) {
    String b = base.strip();
    while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
    URI u;
    try {
      u = URI.create(b);
    } catch (IllegalArgumentException e) {
      throw bad(base);
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) throw bad(base);
    return b.endsWith("/v1") ? b : b + "/v1";
  }

  private static IllegalArgumentException bad(String base) {
    return new IllegalArgumentException("--base-url: expected an http(s) URL such as https://api.anthropic.com/v1, got '" + base + "'");
  }
}
