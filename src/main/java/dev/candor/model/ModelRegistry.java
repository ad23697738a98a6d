package dev.candor.model;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.batch.BatchApi;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Providers by name; the composition root (cli) registers them, so this package never reaches into others. */
public final class ModelRegistry {
  private final Map<String, ModelProvider> providers = new LinkedHashMap<>();

  public ModelRegistry register(ModelProvider p) {
    providers.put(p.name(), p);
    return this;
  }

  public Model open(String spec, ModelOptions options) {
    ModelSpec s = ModelSpec.parse(spec);
    return provider(s, spec).create(s.name(), options);
  }

  private ModelProvider provider(ModelSpec s, String spec) {
    ModelProvider p = providers.get(s.provider());
    if (p == null)
      throw InvalidSetting.of(Setting.MODEL, "unknown provider '" + s.provider() + "' in '" + spec + "'; expected one of " + providers.keySet());
    return p;
  }

  /** The batch API of the provider of {@code spec} ({@link ModelProvider#batchApi}); an unknown provider fails as in {@link #open}. */
  public Optional<BatchApi> batchApi(String spec, ModelOptions options) {
    return provider(ModelSpec.parse(spec), spec).batchApi(options);
  }

  /**
   * The checkpoints matching a pattern spec ({@code provider/pattern}) as its provider lists them
   * ({@link ModelProvider#checkpoints}); an unknown provider fails as in {@link #open}.
   */
  public java.util.List<ModelProvider.Checkpoint> checkpoints(String spec, ModelOptions options) {
    ModelSpec s = ModelSpec.parse(spec);
    return provider(s, spec).checkpoints(s.name(), options);
  }

  /** {@link ModelProvider#namesCarrySteps} for the provider of {@code spec}; false for an unknown provider (refused elsewhere). */
  public boolean namesCarrySteps(String spec) {
    ModelSpec s = ModelSpec.parse(spec);
    ModelProvider p = providers.get(s.provider());
    return p != null && p.namesCarrySteps(s.name());
  }

  public java.util.Set<String> providerNames() { return providers.keySet(); }
}
