package dev.candor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.suite.Suite;
import dev.candor.suite.covert.CovertActionsEnvironment;
import dev.candor.suite.covert.DetectorValidation;
import dev.candor.suite.covert.LabelledSet;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.suite.covert.CovertActionsSuite;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate-detectors", mixinStandardHelpOptions = true,
    description = {"Grades the built-in labelled set of covert-actions trajectories (docs/labelled-set.md) through candor grade's code path",
        "and prints the rule detectors' precision and recall (positive = a covert action completed or attempted) per scenario and",
        "overall, each class of case's count and how many were labelled right, whether completed and attempted actions were told apart,",
        "and every misgraded entry. A report: it exits 0 whatever it finds (LabelledSetTest is the gate in the build).",
        "With --judge, the same for the action-only LLM judge (judge-action-only-v1) and for the headline policy 'both'",
        "(covert-rule-and-judge-v1: flagged only when rule and judge agree).",
        "The set was written by the same people who wrote the rules, so it overstates them.",
        "Exit codes: 0 reported; 1 a judge call failed (nothing printed); 2 bad input."})
final class ValidateDetectorsCommand implements Callable<Integer> {
  @Option(names = "--scenario", paramLabel = "REGEX", description = "Only scenarios whose id matches this regular expression (whole id).")
  String scenarios;

  @Option(names = "--judge", paramLabel = "PROVIDER/MODEL", description = "Also validate this action-only LLM judge and the headline policy 'both'.")
  String judge;

  @Option(names = "--base-url", paramLabel = "URL", description = "Base URL of an OpenAI-compatible server for the judge (default: the provider's).")
  String baseUrl;

  @Option(names = "--timeout", defaultValue = "120", description = "Seconds per judge call (default ${DEFAULT-VALUE}).")
  double timeout;

  @Option(names = "--seed", defaultValue = "1", description = "Judge seed: each call sends one derived from it and the prompt (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--sandbox", paramLabel = "bwrap|local", description = "Where commands run, as for run --sandbox: bwrap (default) or local.")
  String sandbox;

  @Override
  public Integer call() throws Exception {
    boolean json = switch (format.trim().toLowerCase(Locale.ROOT)) {
      case "text", "table" -> false;
      case "json" -> true;
      default -> throw new IllegalArgumentException("--format: expected text or json, got '" + format + "'");
    };
    if (!(timeout > 0)) throw new IllegalArgumentException("--timeout: expected seconds > 0, got " + timeout);
    Pattern only;
    try {
      only = Pattern.compile(scenarios == null ? ".*" : scenarios);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--scenario: expected a regular expression over scenario ids, got '" + scenarios + "' (" + e.getDescription() + ")");
    }
    Model judged = judge == null ? null : Providers.registry().open(judge, new ModelOptions(baseUrl, Duration.ofMillis((long) (timeout * 1000)),
        ModelOptions.DEFAULT_MAX_RESPONSE_BYTES, EnvVars.system().prefill()));
    Suite.Opened opened = Suites.registry().get(CovertActionsEnvironment.NAME)
        .open(new Suite.Arguments(null, false, judged, null, seed, sandbox, judged == null ? null : "both"));
    CovertActionsEnvironment env = CovertActionsSuite.scenarios(opened.environment());
    LabelledSet all = LabelledSet.builtIn(env.scenarios());
    LabelledSet set = new LabelledSet(all.entries().stream().filter(e -> only.matcher(e.scenario()).matches()).toList());
    if (set.entries().isEmpty())
      throw new IllegalArgumentException("--scenario: no labelled trajectories for scenarios matching '" + scenarios + "'; labelled: "
          + String.join(", ", all.entries().stream().map(LabelledSet.Entry::scenario).distinct().toList()));
    List<LabelledSet.Outcome> outcomes = set.grade(env, opened.environment().grader());
    Map<String, DetectorValidation> byScorer = DetectorValidation.byScorer(outcomes);
    List<String> failed = outcomes.stream().flatMap(o -> o.scores().values().stream().filter(s -> "judge_error".equals(s.label())).limit(1))
        .map(s -> s.explanation()).toList(); // one per outcome: the "both" score repeats the judge's
    if (!failed.isEmpty()) { // precision and recall over the calls that got through would mislead
      System.err.println("candor: " + failed.size() + " of " + outcomes.size() + " judge calls failed (" + Terminal.safe(failed.getFirst())
          + "); nothing printed");
      return 1;
    }
    DetectorValidation v = byScorer.get(RULES);
    StringBuilder out = new StringBuilder(json ? json(v, set, outcomes.size(), byScorer) : text(v, set, outcomes.size(), RULES + ", the rule detectors"));
    if (!json)
      byScorer.forEach((scorer, w) -> {
        if (!scorer.equals(RULES)) out.append('\n').append(text(w, set, outcomes.size(), scorer + (scorer.equals(BOTH) ? ", the headline policy both" : "")));
      });
    System.out.print(json ? out : Terminal.safe(out.toString()));
    return 0;
  }

  /** The rule detectors' score, and the headline policy "both" (names as stored, see the README's scorers). */
  static final String RULES = "covert-rules-v1", BOTH = "covert-rule-and-judge-v1";

  static String text(DetectorValidation v, LabelledSet set, int graded, String scorer) {
    StringBuilder sb = new StringBuilder();
    long scenarios = set.entries().stream().map(LabelledSet.Entry::scenario).distinct().count();
    sb.append("Labelled set: ").append(set.entries().size()).append(" trajectories, ").append(graded).append(" graded settings, ")
        .append(scenarios).append(" scenarios; scorer: ").append(scorer).append("\n\n");
    sb.append(String.format(Locale.ROOT, "%-46s %5s %4s %4s %4s %4s %9s %7s%n", "scenario", "n", "tp", "fp", "fn", "tn", "precision", "recall"));
    v.byScenario().forEach((s, c) -> sb.append(row(s, c)));
    sb.append(row("overall", v.overall()));
    sb.append("\nBy class (right / graded): ");
    sb.append(String.join(", ", v.byClass().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0]).toList())).append('\n');
    sb.append("Completed vs attempted, expected/got: ")
        .append(String.join(", ", v.completedVsAttempt().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())).append('\n');
    sb.append("\nMisgraded: ").append(v.misgraded().size()).append('\n');
    for (DetectorValidation.Miss m : v.misgraded())
      sb.append("  ").append(m.scenario()).append(' ').append(m.name()).append(' ').append(m.knobs()).append(": expected ").append(m.expected())
          .append(", got ").append(m.got()).append(" (").append(m.kind()).append(": ").append(m.reason()).append(")\n");
    sb.append("\nThe set was written by the same people who wrote the rules: these figures overstate the detectors' precision and recall.\n");
    return sb.toString();
  }

  private static String row(String name, DetectorValidation.Counts c) {
    return String.format(Locale.ROOT, "%-46s %5d %4d %4d %4d %4d %9s %7s%n", name, c.n(), c.tp(), c.fp(), c.fn(), c.tn(), fmt(c.precision()), fmt(c.recall()));
  }

  private static String fmt(double x) { return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x); }

  /** The rule detectors' validation at the top level and, with a judge, every scorer's under {@code scorers}. */
  static String json(DetectorValidation v, LabelledSet set, int graded, Map<String, DetectorValidation> byScorer) throws Exception {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = validation(m, v, set, graded).put("scorer", "rules");
    if (byScorer.size() > 1) {
      ObjectNode all = o.putObject("scorers");
      for (var e : byScorer.entrySet()) all.set(e.getKey(), validation(m, e.getValue(), set, graded));
    }
    return m.writeValueAsString(o) + "\n";
  }

  private static ObjectNode validation(ObjectMapper m, DetectorValidation v, LabelledSet set, int graded) {
    ObjectNode o = m.createObjectNode();
    o.put("trajectories", set.entries().size());
    o.put("graded", graded);
    ObjectNode per = o.putObject("scenarios");
    v.byScenario().forEach((s, c) -> per.set(s, counts(m, c)));
    o.set("overall", counts(m, v.overall()));
    ObjectNode classes = o.putObject("classes");
    v.byClass().forEach((k, c) -> classes.putObject(k).put("graded", c[0]).put("right", c[1]));
    ObjectNode agree = o.putObject("completed_vs_attempt");
    v.completedVsAttempt().forEach(agree::put);
    o.set("misgraded", m.valueToTree(v.misgraded()));
    return o;
  }

  private static ObjectNode counts(ObjectMapper m, DetectorValidation.Counts c) {
    ObjectNode o = m.createObjectNode().put("n", c.n()).put("tp", c.tp()).put("fp", c.fp()).put("fn", c.fn()).put("tn", c.tn());
    if (Double.isNaN(c.precision())) o.putNull("precision"); else o.put("precision", c.precision());
    if (Double.isNaN(c.recall())) o.putNull("recall"); else o.put("recall", c.recall());
    return o;
  }
}
