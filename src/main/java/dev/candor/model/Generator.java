package dev.candor.model;

import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;

/** The model as a solver sees it: the engine's retrying, attempt-recording call. */
@FunctionalInterface
public interface Generator {
  Output generate(ModelRequest request) throws ModelException;
}
