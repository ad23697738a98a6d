package dev.candor.stats;

import org.apache.commons.statistics.inference.BinomialTest;

/**
 * McNemar's exact test for paired binary outcomes (the same trajectory before and after an intervention):
 * {@code b} pairs went 1 → 0, {@code c} went 0 → 1; under no effect each discordant pair is a fair coin, so the
 * two-sided p-value is the exact binomial test of b successes in b + c trials at 1/2. With no discordant pair, p = 1.
 */
public record McNemar(int b, int c, double p) {
  public static McNemar exact(int b, int c) {
    if (b < 0 || c < 0) throw new IllegalArgumentException("McNemar: discordant counts must be >= 0, got b=" + b + ", c=" + c);
    double p = b + c == 0 ? 1.0 : BinomialTest.withDefaults().test(b + c, b, 0.5).getPValue();
    return new McNemar(b, c, p);
  }
}
