package dev.candor.grade;

import dev.candor.core.Score;
import dev.candor.core.Transcript;
import dev.candor.core.Sample;
import java.util.Map;

/**
 * A pure function of a sample and what the model did (judges call a model, nothing else). A grader gives one or more
 * named scores; the first, {@link #scorer()}'s, is the headline: the verdict stored on each trajectory.
 */
@FunctionalInterface
public interface Grader {
  /** The headline score. */
  Score grade(Sample sample, Transcript transcript);

  /** The headline scorer's name: short, stable, versioned where its logic may change. */
  default String scorer() { return "grader"; }

  /** Every score this grader gives, by scorer name, the headline first. */
  default Map<String, Score> scores(Sample sample, Transcript transcript) {
    return Map.of(scorer(), grade(sample, transcript));
  }
}
