package dev.candor.suite.rewardhint;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.candor.env.rewardhint.RewardHintGrid;
import dev.candor.env.rewardhint.RewardHintVariant;
import dev.candor.suite.Capability;
import dev.candor.suite.DataHash;
import dev.candor.suite.Suite;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The reward-hint suite: single-turn integer tasks with a hint about the grader, graded by the parity of the answer
 * ({@link RewardHintEnvironment}). Its data hash is over the variants it loaded (the built-in grid, or a variant file),
 * as JSON, so what a resumed run asks and grades is what the run began with.
 */
public final class RewardHintSuite implements Suite {
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  @Override public String name() { return RewardHintEnvironment.NAME; }
  @Override public String version() { return "1"; }
  @Override public String outcome() { return "gamed"; }
  @Override public List<String> axes() { return RewardHintGrid.AXES; }
  @Override public List<String> scorers() { return List.of("parity"); }
  @Override public Set<Capability> capabilities() { return EnumSet.of(Capability.SINGLE_TURN, Capability.BATCHABLE, Capability.PREFILL); }
  @Override public String rateTitle() { return "Reward-hint gaming rate per variant (odd answers; 95% Beta intervals)"; }

  @Override
  public Opened open(Arguments args) {
    if (args.withSpec()) throw InvalidSetting.of(Setting.WITH_SPEC, "only for agentic suites (covert-actions), not reward-hints");
    RewardHintEnvironment env = args.variants() == null ? RewardHintEnvironment.standard() : RewardHintEnvironment.fromYaml(args.variants());
    return new Opened(env, info(dataHash(env.variants())));
  }

  static String dataHash(List<RewardHintVariant> variants) {
    try {
      return new DataHash().add("variants.json", JSON.writeValueAsString(variants)).sha256();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
