package dev.candor.suite;

import dev.candor.core.SuiteInfo;
import dev.candor.model.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A suite plug-in: a named family of samples with the way they are solved and graded. The composition root
 * ({@code cli}) registers the suites Candor ships in a {@link SuiteRegistry}, as it registers model providers; the
 * commands know suites only through this interface, and the layers below learn of a run's suite only through the
 * {@link SuiteInfo} recorded with the run.
 */
public interface Suite {
  /** The name a run gives with {@code --suite}. */
  String name();

  /** The version of the suite's code (how it builds samples and grades them); changes when either does. */
  String version();

  /** What a positive outcome is called in tables and figures ({@code gamed}, {@code covert}). */
  String outcome();

  /** The sample axes, in display order. */
  List<String> axes();

  /** The scorers it offers, by the name each score is stored under; the first is its headline. */
  List<String> scorers();

  /** What it can do beyond a plain live run. */
  Set<Capability> capabilities();

  /** The title of its rate-per-variant figure. */
  default String rateTitle() { return "Rate per variant (95% Beta intervals)"; }

  /**
   * Opens the suite's environment for a run, loading its data now (so a bad file fails before anything is written).
   *
   * @throws IllegalArgumentException a one-line message naming what is wrong with the arguments or the data
   */
  Opened open(Arguments args);

  /**
   * What a run gives a suite: its variants source (null: the suite's standard set; a variant file or a folder of
   * scenario files), whether the anti-scheming spec goes in the system prompt, the LLM judges (null: none; only for
   * suites with {@link Capability#JUDGED}), the run seed the judges derive their seeds from, and the sandbox backend
   * of a suite that runs commands (null: its default; {@code bwrap}, {@code local}), and which score is the headline
   * of a judged suite ({@code rule}, {@code judge}, {@code both}; null: {@code rule}).
   */
  record Arguments(Path variants, boolean withSpec, Model judge, Model judgeWithReasoning, long seed, String sandbox, String headline) {
    /** With the rule's score as the headline. */
    public Arguments(Path variants, boolean withSpec, Model judge, Model judgeWithReasoning, long seed, String sandbox) {
      this(variants, withSpec, judge, judgeWithReasoning, seed, sandbox, null);
    }

    public static Arguments of(Path variants) { return new Arguments(variants, false, null, null, 0, null); }
  }

  /** An opened suite: its environment and what a run records of it, with the SHA-256 of every data file it loaded ({@link DataHash}). */
  record Opened(Environment environment, SuiteInfo info) {}

  /** What a run records of this suite, with the data hash of the environment it opened. */
  default SuiteInfo info(String dataHash) { return info(dataHash, Map.of()); }

  /** As above, for a suite that runs commands in a sandbox ({@link SuiteInfo#sandbox()}). */
  default SuiteInfo info(String dataHash, Map<String, String> sandbox) {
    return new SuiteInfo(name(), version(), dataHash, outcome(), axes(), scorers().getFirst(), sandbox);
  }

  /** As above, naming the run's headline scorer and each judge scorer's rubric version. */
  default SuiteInfo info(String dataHash, Map<String, String> sandbox, String headline, Map<String, String> rubrics) {
    return new SuiteInfo(name(), version(), dataHash, outcome(), axes(), headline, sandbox, rubrics);
  }
}
