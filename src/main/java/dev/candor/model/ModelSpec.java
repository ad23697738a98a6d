package dev.candor.model;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;

/** A parsed model spec {@code provider/name}; the name may itself contain slashes (e.g. openai/meta-llama/Llama-3). */
public record ModelSpec(String provider, String name) {
  public static ModelSpec parse(String spec) {
    if (spec == null || spec.isBlank()) throw InvalidSetting.expected(Setting.MODEL, "PROVIDER/MODEL", "an empty value");
    int i = spec.indexOf('/');
    if (i <= 0 || i == spec.length() - 1)
      throw InvalidSetting.expected(Setting.MODEL, "PROVIDER/MODEL (e.g. openai/gpt-4o-mini, anthropic/claude-sonnet-4-5, organism/rl-late)", "'" + spec + "'");
    return new ModelSpec(spec.substring(0, i), spec.substring(i + 1));
  }

  @Override public String toString() { return provider + "/" + name; }
}
