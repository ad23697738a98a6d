package dev.candor.env;

import java.nio.file.Path;

/** Placeholder until the suite registry lands (replaced by the env branch). */
public final class Suites {
  private Suites() {}

  public static Environment open(String name, Path variantsFile) {
    throw new IllegalArgumentException("--suite: unknown suite '" + name + "'");
  }

  public static Environment open(String name, Path variantsFile, boolean withSpec) {
    return open(name, variantsFile);
  }
}
