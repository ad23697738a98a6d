package dev.candor.cli;

import dev.candor.model.ModelOptions;
import dev.candor.model.ModelRegistry;
import dev.candor.model.anthropic.AnthropicProvider;
import dev.candor.model.openai.OpenAiProvider;
import dev.candor.organism.OrganismProvider;
import dev.candor.run.Secrets;
import java.time.Duration;
import java.util.Map;

/**
 * Providers, model options and secrets as the command line makes them from an environment ({@link EnvVars}), for
 * tests in any package: an empty environment means no key, no default base URL, no prefill.
 */
public final class CliWiring {
  private CliWiring() {}

  public static OpenAiProvider openAi() { return openAi(Map.of()); }

  public static OpenAiProvider openAi(Map<String, String> env) { return Providers.openAi(EnvVars.of(env)); }

  public static AnthropicProvider anthropic() { return anthropic(Map.of()); }

  public static AnthropicProvider anthropic(Map<String, String> env) { return Providers.anthropic(EnvVars.of(env)); }

  public static OrganismProvider organism(Map<String, String> env) { return Providers.organism(EnvVars.of(env)); }

  public static ModelRegistry registry(Map<String, String> env) { return Providers.registry(EnvVars.of(env)); }

  /** Options for {@code baseUrl} and {@code timeout} with the prefill settings of {@code env}. */
  public static ModelOptions options(String baseUrl, Map<String, String> env, Duration timeout) {
    return new ModelOptions(baseUrl, timeout, ModelOptions.DEFAULT_MAX_RESPONSE_BYTES, EnvVars.of(env).prefill());
  }

  /** The secrets the command line scrubs given {@code env}. */
  public static Secrets secrets(Map<String, String> env) { return EnvVars.of(env).secrets(); }

  /** A failure's one-line message as the command line prints it. */
  public static String message(Throwable e) { return Flags.message(e); }
}
