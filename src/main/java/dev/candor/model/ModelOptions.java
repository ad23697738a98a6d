package dev.candor.model;

import java.time.Duration;
import java.util.Map;

/**
 * How to reach a model: an optional base URL (OpenAI-compatible servers), the environment to read API keys from
 * (never stored or printed) and the per-request timeout.
 */
public record ModelOptions(String baseUrl, Map<String, String> env, Duration timeout) {
  public ModelOptions {
    env = env == null ? Map.of() : Map.copyOf(env);
    timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
  }

  public static ModelOptions fromSystem(String baseUrl) {
    return new ModelOptions(baseUrl, System.getenv(), null);
  }
}
