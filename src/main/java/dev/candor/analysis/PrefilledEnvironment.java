package dev.candor.analysis;

import dev.candor.agent.Solver;
import dev.candor.env.Environment;
import dev.candor.env.Sample;
import dev.candor.grade.Grader;
import java.util.List;
import java.util.Map;

/**
 * An environment whose samples each carry a reasoning prefix (sample metadata {@code intervention.prefix}): the base
 * environment's solver is called with that prefix, so the engine needs no special case; grading is the base
 * environment's. Samples without a prefix are solved as usual.
 */
public final class PrefilledEnvironment implements Environment {
  private final Environment base;
  private final List<Sample> samples;

  public PrefilledEnvironment(Environment base, List<Sample> samples) {
    this.base = base;
    this.samples = List.copyOf(samples);
  }

  /** The prefix a sample carries, or null. */
  public static String prefixOf(Sample s) {
    return s.metadata().get(Intervention.META) instanceof Map<?, ?> m && m.get("prefix") instanceof String p ? p : null;
  }

  @Override public String name() { return base.name(); }
  @Override public List<Sample> samples() { return samples; }
  @Override public Grader grader() { return base.grader(); }

  @Override
  public Solver solver() {
    Solver inner = base.solver();
    return (sample, gen, config, ignored) -> inner.solve(sample, gen, config, prefixOf(sample));
  }
}
