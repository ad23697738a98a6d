package dev.candor.env;

import dev.candor.env.rewardhint.RewardHintEnvironment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The named suites a run can open. Each entry maps a name to a factory taking an optional variants file (null means
 * the suite's standard set). Adding a suite is one {@code SUITES.put} line.
 */
public final class Suites {
  private Suites() {}

  private static final Map<String, Function<Path, Environment>> SUITES = new LinkedHashMap<>();

  static {
    SUITES.put(RewardHintEnvironment.NAME,
        file -> file == null ? RewardHintEnvironment.standard() : RewardHintEnvironment.fromYaml(file));
  }

  /** Opens suite {@code name}; {@code variantsFile} (nullable) replaces its standard variants. */
  public static Environment open(String name, Path variantsFile) {
    Function<Path, Environment> f = SUITES.get(name);
    if (f == null)
      throw new IllegalArgumentException("unknown suite '" + name + "'; known suites: " + String.join(", ", SUITES.keySet()));
    return f.apply(variantsFile);
  }

  /**
   * Opens suite {@code name} with the anti-scheming spec in the system prompt when {@code withSpec} is set
   * (suites without agentic scenarios reject the flag).
   */
  public static Environment open(String name, Path variantsFile, boolean withSpec) {
    if (withSpec && name.equals(RewardHintEnvironment.NAME))
      throw new IllegalArgumentException("--with-spec: only for agentic suites; '" + name + "' has none");
    return open(name, variantsFile);
  }

  /** The known suite names, in registration order. */
  public static java.util.Set<String> names() { return java.util.Collections.unmodifiableSet(SUITES.keySet()); }
}
