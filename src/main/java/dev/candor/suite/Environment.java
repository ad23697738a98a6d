package dev.candor.suite;

import dev.candor.core.Sample;
import dev.candor.agent.Solver;
import dev.candor.grade.Grader;
import dev.candor.core.Transcript;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Generator;
import dev.candor.model.ModelException;
import java.util.List;

/** A family of samples that share one way of being solved and one grading logic. */
public interface Environment {
  String name();

  List<Sample> samples();

  Solver solver();

  Grader grader();

  /** The name of this environment's headline scorer (the score its rates count unless another is asked for). */
  default String headline() { return grader().scorer(); }

  /** What every scorer of this environment says of a finished attempt, by scorer name, headline first. */
  default java.util.Map<String, dev.candor.core.Score> scores(Sample sample, Transcript transcript) {
    return grader().scores(sample, transcript);
  }

  /** Solves one sample with this environment's solver (what the run engine calls: it needs no agent types). */
  default Transcript solve(Sample sample, Generator model, GenerateConfig config, String reasoningPrefix) throws ModelException {
    return solver().solve(sample, model, config, reasoningPrefix);
  }
}
