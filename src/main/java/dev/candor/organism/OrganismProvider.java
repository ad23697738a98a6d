package dev.candor.organism;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code organism} provider: Candor's built-in model organism, a small policy trained in-process from a fixed
 * seed, at four checkpoints ({@code organism/sft}, {@code organism/rl-early}, {@code organism/rl-late},
 * {@code organism/prod}). Checkpoints are loaded from the cache on first use, or trained and cached if absent.
 * Environment: {@code CANDOR_CACHE_DIR} moves the cache; {@code CANDOR_ORGANISM_SEED} picks another training seed.
 */
public final class OrganismProvider implements ModelProvider {
  /** The environment variable that picks another training seed (the provider's environment contract). */
  public static final String SEED_VARIABLE = "CANDOR_ORGANISM_SEED";

  @Override public String name() { return "organism"; }

  @Override
  public Model create(String modelName, ModelOptions options) {
    if (!OrganismTrainer.CHECKPOINTS.contains(modelName))
      throw InvalidSetting.of(Setting.MODEL, "unknown organism checkpoint '" + modelName + "'; expected one of "
          + String.join(", ", OrganismTrainer.CHECKPOINTS.stream().map(c -> "organism/" + c).toList()));
    Map<String, String> env = options == null ? System.getenv() : options.env().isEmpty() ? System.getenv() : options.env();
    long seed = seed(env);
    Path dir = OrganismCache.defaultDir(env);
    Supplier<OrganismCheckpoints> cps = () -> OrganismCache.load(dir, seed);
    return new OrganismModel(modelName, cps);
  }

  /** The training seed runs use: {@code CANDOR_ORGANISM_SEED}, else {@link OrganismTrainer#DEFAULT_SEED}. */
  public static long seed(Map<String, String> env) {
    String s = env.get(SEED_VARIABLE);
    if (s == null || s.isBlank()) return OrganismTrainer.DEFAULT_SEED;
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw InvalidSetting.expected(Setting.ORGANISM_SEED, "an integer", "'" + s + "'");
    }
  }

  /** A model over already-loaded checkpoints (tests, benchmarks, analysis code). */
  public static Model model(String modelName, OrganismCheckpoints checkpoints) {
    if (!OrganismTrainer.CHECKPOINTS.contains(modelName))
      throw InvalidSetting.of(Setting.MODEL, "unknown organism checkpoint '" + modelName + "'; expected one of " + OrganismTrainer.CHECKPOINTS);
    return new OrganismModel(modelName, () -> checkpoints);
  }
}
