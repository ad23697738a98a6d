package dev.candor.grade;

import dev.candor.core.Score;
import dev.candor.core.Transcript;
import dev.candor.core.Sample;

/** A pure function of a sample and what the model did. */
@FunctionalInterface
public interface Grader {
  Score grade(Sample sample, Transcript transcript);
}
