package dev.candor.agent;

import dev.candor.model.Generator;
import dev.candor.core.Transcript;
import dev.candor.core.Sample;
import dev.candor.model.GenerateConfig;
import dev.candor.model.ModelException;

/** Drives a model through one sample: a single generation, or a tool loop. */
@FunctionalInterface
public interface Solver {
  Transcript solve(Sample sample, Generator model, GenerateConfig config, String reasoningPrefix) throws ModelException;

  /**
   * Resumes a stored conversation: replays {@code from}'s earlier turns without calling the model, then lets the model
   * continue from its reasoning prefix. Solvers with a single model turn accept only a replay with no earlier turns
   * (then this is {@link #solve} with the prefix); multi-turn solvers ({@link ToolLoop}) override it.
   */
  default Transcript continueFrom(Sample sample, Generator model, GenerateConfig config, Replay from) throws ModelException {
    if (!from.turns().isEmpty())
      throw new IllegalArgumentException("replay: this solver has a single model turn; it cannot replay " + from.assistantTurns()
          + " earlier turn(s) of sample '" + sample.id() + "'");
    return solve(sample, model, config, from.reasoningPrefix());
  }
}
