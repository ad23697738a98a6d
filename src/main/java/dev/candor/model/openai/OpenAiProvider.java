package dev.candor.model.openai;

import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import java.net.URI;

/**
 * The {@code openai} provider: {@code openai/MODEL} over the Chat Completions API, for OpenAI itself and every
 * OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp, OpenRouter). The base URL is
 * {@link ModelOptions#baseUrl()}, else env {@code OPENAI_BASE_URL}, else {@value #DEFAULT_BASE_URL}; the key is env
 * {@code OPENAI_API_KEY}, optional for non-default base URLs (a placeholder is sent). See {@link OpenAiModel} for
 * what is captured and how. Env {@code CANDOR_PREFILL=continue_final_message} (with optional
 * {@code CANDOR_PREFILL_TEMPLATE}, default {@code <think>\n{prefix}}) enables reasoning prefill on servers that
 * continue a final assistant message (vLLM). Env {@code CANDOR_PREFILL=continue_final_message} (with optional
 * {@code CANDOR_PREFILL_TEMPLATE}, default {@code <think>\n{prefix}}) enables reasoning prefill on servers that
 * continue a final assistant message (vLLM).
 */
public final class OpenAiProvider implements ModelProvider {
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** Sent as the bearer token to non-default servers when no key is set (local servers ignore it). */
  static final String PLACEHOLDER_KEY = "candor-no-key";

  @Override public String name() { return "openai"; }

  /** Where and how to reach the API: base URL (no trailing slash), bearer key, whether it is api.openai.com. */
  public record Endpoint(String baseUrl, String apiKey, boolean official) {
    @Override public String toString() { return baseUrl; } // never the key
  }

  @Override
  public Model create(String modelName, ModelOptions options) {
    if (modelName == null || modelName.isBlank())
      throw new IllegalArgumentException("--model: expected openai/MODEL (e.g. openai/gpt-4o-mini), got an empty model name");
    Endpoint e = endpoint(options);
    String mode = options.env().get("CANDOR_PREFILL");
    OpenAiModel.Prefill prefill = mode == null || mode.isBlank() ? null
        : new OpenAiModel.Prefill(mode.strip(), options.env().get("CANDOR_PREFILL_TEMPLATE"));
    return new OpenAiModel(modelName, e.baseUrl(), e.apiKey(), e.official(), options.timeout(), prefill);
  }

  /**
   * The base URL ({@link ModelOptions#baseUrl()}, else env {@code OPENAI_BASE_URL}, else the official API) and key
   * (env {@code OPENAI_API_KEY}; a placeholder for other servers when unset). Used by models and the batch API.
   */
  public static Endpoint endpoint(ModelOptions options) {
    String base = firstNonBlank(options.baseUrl(), options.env().get("OPENAI_BASE_URL"), DEFAULT_BASE_URL);
    base = checkBaseUrl(base);
    boolean official = base.equals(DEFAULT_BASE_URL);
    String key = options.env().get("OPENAI_API_KEY");
    if (key == null || key.isBlank()) {
      if (official)
        throw new IllegalArgumentException("OPENAI_API_KEY is not set; export it, or give --base-url (or OPENAI_BASE_URL) for a local OpenAI-compatible server");
      key = PLACEHOLDER_KEY;
    }
    return new Endpoint(base, key.strip(), official);
  }

  static String checkBaseUrl(String base) {
    String b = base.strip();
    while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
    URI u;
    try {
      u = URI.create(b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--base-url: expected an http(s) URL such as http://127.0.0.1:8000/v1, got '" + base + "'");
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null)
      throw new IllegalArgumentException("--base-url: expected an http(s) URL such as http://127.0.0.1:8000/v1, got '" + base + "'");
    return b;
  }

  private static String firstNonBlank(String... xs) {
    for (String x : xs) if (x != null && !x.isBlank()) return x;
    return null;
  }
}
