package dev.candor.suite;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Suites by name; the composition root (cli) registers them, so no command needs to know which suites exist. */
public final class SuiteRegistry {
  private final Map<String, Suite> suites = new LinkedHashMap<>();

  public SuiteRegistry register(Suite s) {
    suites.put(s.name(), s);
    return this;
  }

  /** The suite called {@code name}; a one-line error naming the known suites otherwise. */
  public Suite get(String name) {
    Suite s = suites.get(name);
    if (s == null)
      throw InvalidSetting.of(Setting.SUITE, "unknown suite '" + name + "'; known suites: " + String.join(", ", suites.keySet()));
    return s;
  }

  /** The suite called {@code name}, if registered. */
  public Optional<Suite> find(String name) { return Optional.ofNullable(suites.get(name)); }

  /** The known suite names, in registration order. */
  public Set<String> names() { return Collections.unmodifiableSet(suites.keySet()); }

  /** The names of the suites with a capability, in registration order. */
  public List<String> namesWith(Capability c) {
    return suites.values().stream().filter(s -> s.capabilities().contains(c)).map(Suite::name).toList();
  }
}
