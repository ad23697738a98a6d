package dev.candor.archfixture.model;

/** ArchitectureTest's bad fixture: a provider that reads its key from the environment itself (only cli may). */
public final class EnvReadingProvider {
  public String key() {
    return System.getenv("SOME_API_KEY");
  }
}
