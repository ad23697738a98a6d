package dev.candor.suite;

import dev.candor.core.Sample;
import dev.candor.agent.Solver;
import dev.candor.grade.Grader;
import java.util.List;

/** A family of samples that share one way of being solved and one grading logic. */
public interface Environment {
  String name();

  List<Sample> samples();

  Solver solver();

  Grader grader();
}
