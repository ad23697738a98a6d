package dev.candor.env;

import dev.candor.env.covert.CovertActionsEnvironment;
import dev.candor.env.rewardhint.RewardHintEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named suites a run can open. Each entry maps a name to a factory taking an optional variants source (null means
 * the suite's standard set: a variant YAML file for reward-hints, a folder of scenario YAML files for
 * covert-actions) and whether the anti-scheming spec goes in the system prompt. Adding a suite is one {@code put} line.
 */
public final class Suites {
  private Suites() {}

  @FunctionalInterface
  private interface Factory {
    Environment open(Path source, boolean withSpec);
  }

  private static final Map<String, Factory> SUITES = new LinkedHashMap<>();

  static {
    SUITES.put(RewardHintEnvironment.NAME, (file, withSpec) -> {
      if (withSpec) throw new IllegalArgumentException("--with-spec: only for agentic suites (covert-actions), not reward-hints");
      return file == null ? RewardHintEnvironment.standard() : RewardHintEnvironment.fromYaml(file);
    });
    SUITES.put(CovertActionsEnvironment.NAME, (dir, withSpec) -> {
      if (dir == null) return CovertActionsEnvironment.standard(withSpec);
      if (!Files.isDirectory(dir))
        throw new IllegalArgumentException("--variants: for covert-actions, expected a folder of scenario YAML files, got '" + dir + "'");
      return CovertActionsEnvironment.fromDirectory(dir, withSpec);
    });
  }

  /** Opens suite {@code name}; {@code variantsFile} (nullable) replaces its standard variants. */
  public static Environment open(String name, Path variantsFile) {
    return open(name, variantsFile, false);
  }

  /** Opens suite {@code name} with its variants source (nullable) and, for agentic suites, the spec in the system prompt. */
  public static Environment open(String name, Path source, boolean withSpec) {
    Factory f = SUITES.get(name);
    if (f == null)
      throw new IllegalArgumentException("--suite: unknown suite '" + name + "'; known suites: " + String.join(", ", SUITES.keySet()));
    return f.open(source, withSpec);
  }

  /** The known suite names, in registration order. */
  public static java.util.Set<String> names() { return java.util.Collections.unmodifiableSet(SUITES.keySet()); }
}
