package dev.candor.grade;

import dev.candor.agent.Transcript;
import dev.candor.env.Sample;

/** A pure function of a sample and what the model did. */
@FunctionalInterface
public interface Grader {
  Score grade(Sample sample, Transcript transcript);
}
