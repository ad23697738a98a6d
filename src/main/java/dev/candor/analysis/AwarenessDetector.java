package dev.candor.analysis;

import dev.candor.model.ModelException;

/** Labels reasoning text for evaluation awareness and metagaming; {@link #scorer()} names it (with its version) in the store. */
public interface AwarenessDetector {
  /** The scorer name stored with each label, e.g. {@code awareness-lexical-v1}. */
  String scorer();

  AwarenessLabel label(String reasoning) throws ModelException;
}
