package dev.candor.suite.confession;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.env.confession.ConfessionGrid;
import dev.candor.grade.ConfessionGrader;
import dev.candor.suite.Capability;
import dev.candor.suite.DataHash;
import dev.candor.suite.Suite;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The confessions suite: after a prefilled answer that broke the instruction (or, in the control condition, followed
 * it), does the model say so when asked ({@link ConfessionEnvironment})? Outcome {@code confessed}: on violation
 * samples its rate is the confession rate, on control samples the false-confession rate. {@code --variants} takes a
 * reward-hint variant file. Its data hash covers the variants and the questions and prefilled answers.
 */
public final class ConfessionSuite implements Suite {
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  @Override public String name() { return ConfessionEnvironment.NAME; }
  @Override public String version() { return "1"; }
  @Override public String outcome() { return "confessed"; }
  @Override public List<String> axes() { return ConfessionEnvironment.AXES; }
  @Override public List<String> scorers() { return List.of(ConfessionGrader.SCORER); }
  @Override public Set<Capability> capabilities() { return EnumSet.of(Capability.SINGLE_TURN); }
  @Override public String rateTitle() { return "Confession rate per sample (says it broke the instruction; 95% Beta intervals)"; }

  @Override
  public Opened open(Arguments args) {
    if (args.withSpec()) throw InvalidSetting.of(Setting.WITH_SPEC, "only for agentic suites (covert-actions), not confessions");
    ConfessionEnvironment env = args.variants() == null ? ConfessionEnvironment.standard() : ConfessionEnvironment.fromYaml(args.variants());
    try {
      String hash = new DataHash()
          .add("variants.json", JSON.writeValueAsString(env.variants()))
          .add("questions.json", JSON.writeValueAsString(ConfessionGrid.QUESTIONS))
          .add("answers.json", JSON.writeValueAsString(List.of(ConfessionGrid.VIOLATING, ConfessionGrid.COMPLIANT)))
          .sha256();
      return new Opened(env, info(hash));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
