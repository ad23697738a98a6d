package dev.candor.model;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.util.LinkedHashMap;
import java.util.Map;

/** Providers by name; the composition root (cli) registers them, so this package never reaches into others. */
public final class ModelRegistry {
  private final Map<String, ModelProvider> providers = new LinkedHashMap<>();

  public ModelRegistry register(ModelProvider p) {
    providers.put(p.name(), p);
    return this;
  }

  public Model open(String spec, ModelOptions options) {
    ModelSpec s = ModelSpec.parse(spec);
    ModelProvider p = providers.get(s.provider());
    if (p == null)
      throw InvalidSetting.of(Setting.MODEL, "unknown provider '" + s.provider() + "' in '" + spec + "'; expected one of " + providers.keySet());
    return p.create(s.name(), options);
  }

  public java.util.Set<String> providerNames() { return providers.keySet(); }
}
