package dev.candor.analysis;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.candor.agent.Replay;
import dev.candor.agent.Solver;
import dev.candor.env.Environment;
import dev.candor.core.Sample;
import dev.candor.grade.Grader;
import dev.candor.model.Message;
import dev.candor.Json;
import java.util.List;
import java.util.Map;

/**
 * An environment whose samples each carry a reasoning prefix (sample metadata {@code intervention.prefix}) and, when
 * the edited turn is not the first, the earlier turns to replay ({@code intervention.history}): the base environment's
 * solver continues from them ({@link Solver#continueFrom}), so the engine needs no special case; grading is the base
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

  /** The stored turns a sample replays before the edited one (empty when the first turn is edited). */
  public static List<Message> historyOf(Sample s) {
    if (!(s.metadata().get(Intervention.META) instanceof Map<?, ?> m) || m.get("history") == null) return List.of();
    try {
      return Json.MAPPER.convertValue(m.get("history"), new TypeReference<List<Message>>() {});
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sample '" + s.id() + "': metadata field 'intervention.history': expected a list of messages, got "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** What a sample's solver continues from: the replayed turns and the prefix. */
  public static Replay replayOf(Sample s) {
    return new Replay(historyOf(s), prefixOf(s));
  }

  @Override public String name() { return base.name(); }
  @Override public List<Sample> samples() { return samples; }
  @Override public Grader grader() { return base.grader(); }

  @Override
  public Solver solver() {
    Solver inner = base.solver();
    return (sample, gen, config, ignored) -> inner.continueFrom(sample, gen, config, replayOf(sample));
  }
}
