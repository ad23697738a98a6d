package dev.candor.cli;

import dev.candor.core.SuiteInfo;
import dev.candor.report.RunLoader;
import dev.candor.suite.SuiteRegistry;
import dev.candor.suite.covert.CovertActionsSuite;
import dev.candor.suite.rewardhint.RewardHintSuite;
import dev.candor.store.RunRecord;
import java.util.Iterator;

/** The composition root for suites: every suite Candor ships, by name (adding one is one {@code register} line). */
final class Suites {
  private Suites() {}

  static SuiteRegistry standard() {
    return new SuiteRegistry()
        .register(new RewardHintSuite())
        .register(new CovertActionsSuite())
        .register(new dev.candor.suite.postviolation.PostViolationSuite())
        .register(new dev.candor.suite.confession.ConfessionSuite());
  }

  private static volatile SuiteRegistry registry = standard();

  /** The registered suite names, for {@code --suite}'s help text. */
  static final class Names implements Iterable<String> {
    @Override public Iterator<String> iterator() { return registry.names().iterator(); }
  }

  /** The suites the commands open. */
  static SuiteRegistry registry() { return registry; }

  /** Test hook: the commands of this process open the suites of {@code r} from now on (e.g. the standard ones plus a toy suite). */
  static void use(SuiteRegistry r) { registry = r; }

  /**
   * What the report, analysis and export layers know of a run's suite: as recorded with the run, or for a run made
   * before suites recorded it, what the registered suite of that name says now (without data hash), or
   * {@link SuiteInfo#generic} for a suite no longer registered.
   */
  static SuiteInfo info(RunRecord r) {
    return RunLoader.recordedSuite(r)
        .orElseGet(() -> registry.find(r.suite()).map(s -> s.info(null)).orElseGet(() -> SuiteInfo.generic(r.suite())));
  }
}
