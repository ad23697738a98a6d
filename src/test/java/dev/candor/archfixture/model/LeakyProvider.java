package dev.candor.archfixture.model;

/** ArchitectureTest's bad fixture: a provider that persists (Model -> Store is a "never"), by an inline qualified name. */
public final class LeakyProvider {
  public String generate() {
    dev.candor.archfixture.store.Db.save("answer");
    return "answer";
  }
}
