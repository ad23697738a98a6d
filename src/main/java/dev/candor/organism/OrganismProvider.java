package dev.candor.organism;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@code organism} provider: Candor's built-in model organism, a small policy trained in-process from a fixed
 * seed, at four checkpoints ({@code organism/sft}, {@code organism/rl-early}, {@code organism/rl-late},
 * {@code organism/prod}). Checkpoints are loaded from the cache on first use, or trained and cached if absent. The
 * composition root gives the training seed (asked for only when a model is made, so a bad seed setting fails only
 * runs of the organism) and the per-user cache directory.
 */
public final class OrganismProvider implements ModelProvider {
  private final LongSupplier seed;
  private final Path cacheRoot;

  /** The provider training from {@code seed} and caching checkpoints under {@code cacheRoot} ({@link OrganismCache#dir}). */
  public OrganismProvider(LongSupplier seed, Path cacheRoot) {
    this.seed = seed;
    this.cacheRoot = cacheRoot;
  }

  @Override public String name() { return "organism"; }

  @Override
  public Model create(String modelName, ModelOptions options) {
    if (!OrganismTrainer.CHECKPOINTS.contains(modelName))
      throw InvalidSetting.of(Setting.MODEL, "unknown organism checkpoint '" + modelName + "'; expected one of "
          + String.join(", ", OrganismTrainer.CHECKPOINTS.stream().map(c -> "organism/" + c).toList()));
    long s = seed.getAsLong();
    Path dir = OrganismCache.dir(cacheRoot);
    Supplier<OrganismCheckpoints> cps = () -> OrganismCache.load(dir, s);
    return new OrganismModel(modelName, cps);
  }

  /** A model over already-loaded checkpoints (tests, benchmarks, analysis code). */
  public static Model model(String modelName, OrganismCheckpoints checkpoints) {
    if (!OrganismTrainer.CHECKPOINTS.contains(modelName))
      throw InvalidSetting.of(Setting.MODEL, "unknown organism checkpoint '" + modelName + "'; expected one of " + OrganismTrainer.CHECKPOINTS);
    return new OrganismModel(modelName, () -> checkpoints);
  }
}
