package dev.candor.cli;

import dev.candor.model.ModelRegistry;
import dev.candor.model.anthropic.AnthropicProvider;
import dev.candor.model.openai.OpenAiProvider;
import dev.candor.model.replay.ReplayProvider;
import dev.candor.organism.OrganismProvider;

/** The composition root for models: every provider Candor ships, by name. */
final class Providers {
  private Providers() {}

  static ModelRegistry registry() {
    return new ModelRegistry()
        .register(new OpenAiProvider())
        .register(new AnthropicProvider())
        .register(new ReplayProvider())
        .register(new OrganismProvider());
  }
}
