package dev.candor.cli;

import dev.candor.model.ModelRegistry;

/** The composition root for models: every provider Candor ships, by name. */
final class Providers {
  private Providers() {}

  static ModelRegistry registry() {
    return new ModelRegistry();
  }
}
