package dev.candor.testing;

import java.security.SecureRandom;
import java.util.Random;

/**
 * The randomness of a fault-injection test: a fresh seed each run, printed, so that a failure can be replayed with
 * {@code bin/mvn test -Dtest=... -Dcandor.test.seed=N}. Draws made from several threads keep their values but may be
 * consumed in another order, so a replay reproduces the faults, not always their exact interleaving.
 */
public final class TestSeed {
  public static final String PROPERTY = "candor.test.seed";

  private TestSeed() {}

  /** A generator seeded from {@code -Dcandor.test.seed}, else from a fresh seed; prints the seed with {@code test}'s name. */
  public static Random random(String test) {
    String given = System.getProperty(PROPERTY);
    long seed = given == null || given.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(given.strip());
    System.out.println(test + ": random seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
    return new Random(seed);
  }
}
