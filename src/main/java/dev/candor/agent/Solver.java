package dev.candor.agent;

import dev.candor.env.Sample;
import dev.candor.model.GenerateConfig;
import dev.candor.model.ModelException;

/** Drives a model through one sample: a single generation, or a tool loop. */
@FunctionalInterface
public interface Solver {
  Transcript solve(Sample sample, Generator model, GenerateConfig config, String reasoningPrefix) throws ModelException;
}
