package dev.candor.cli;

import dev.candor.model.ModelRegistry;
import dev.candor.model.anthropic.AnthropicProvider;
import dev.candor.model.openai.OpenAiProvider;
import dev.candor.model.replay.ReplayProvider;
import dev.candor.organism.OrganismProvider;
import java.util.Map;

/** The composition root for models: every provider Candor ships, by name, given what the environment says. */
final class Providers {
  private Providers() {}

  /** The environment variables of each provider that reads any: its API key and its default base URL. */
  static final Map<String, EnvVars.ProviderVariables> VARIABLES = Map.of(
      "openai", new EnvVars.ProviderVariables("OPENAI_API_KEY", "OPENAI_BASE_URL"),
      "anthropic", new EnvVars.ProviderVariables("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"));

  /** The providers over the process environment. */
  static ModelRegistry registry() { return registry(EnvVars.system()); }

  static ModelRegistry registry(EnvVars env) {
    return new ModelRegistry()
        .register(openAi(env))
        .register(anthropic(env))
        .register(new ReplayProvider())
        .register(organism(env));
  }

  static OpenAiProvider openAi(EnvVars env) {
    return new OpenAiProvider(env.api("openai"), s -> Flags.name(s, "openai"));
  }

  static AnthropicProvider anthropic(EnvVars env) { return new AnthropicProvider(env.api("anthropic")); }

  static OrganismProvider organism(EnvVars env) { return new OrganismProvider(env::organismSeed, env.cacheDir(), OrganismCommand.progress(System.err)); }
}
