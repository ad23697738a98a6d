package dev.candor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.suite.Suite;
import dev.candor.suite.covert.CovertActionsEnvironment;
import dev.candor.suite.covert.DetectorValidation;
import dev.candor.suite.covert.LabelledSet;
import java.util.List;
import java.util.Locale;
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
        "The set was written by the same people who wrote the rules, so it overstates them.",
        "Exit codes: 0 reported; 2 bad input."})
final class ValidateDetectorsCommand implements Callable<Integer> {
  @Option(names = "--scenarios", paramLabel = "REGEX", description = "Only scenarios whose id matches this regular expression (whole id).")
  String scenarios;

  @Option(names = "--judge", paramLabel = "PROVIDER/MODEL", description = "Also validate an action-only LLM judge (not yet available).")
  String judge;

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
    if (judge != null)
      throw new IllegalArgumentException("--judge: not yet available: validate-detectors validates the rule detectors only in this build");
    Pattern only;
    try {
      only = Pattern.compile(scenarios == null ? ".*" : scenarios);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--scenarios: expected a regular expression over scenario ids, got '" + scenarios + "' (" + e.getDescription() + ")");
    }
    Suite.Opened opened = Suites.registry().get(CovertActionsEnvironment.NAME).open(new Suite.Arguments(null, false, null, null, 0, sandbox));
    CovertActionsEnvironment env = (CovertActionsEnvironment) opened.environment();
    LabelledSet all = LabelledSet.builtIn(env.scenarios());
    LabelledSet set = new LabelledSet(all.entries().stream().filter(e -> only.matcher(e.scenario()).matches()).toList());
    if (set.entries().isEmpty())
      throw new IllegalArgumentException("--scenarios: no labelled trajectories for scenarios matching '" + scenarios + "'; labelled: "
          + String.join(", ", all.entries().stream().map(LabelledSet.Entry::scenario).distinct().toList()));
    List<LabelledSet.Outcome> outcomes = set.grade(env);
    DetectorValidation v = DetectorValidation.headline(outcomes);
    System.out.print(json ? json(v, set, outcomes.size()) : Terminal.safe(text(v, set, outcomes.size())));
    return 0;
  }

  static String text(DetectorValidation v, LabelledSet set, int graded) {
    StringBuilder sb = new StringBuilder();
    long scenarios = set.entries().stream().map(LabelledSet.Entry::scenario).distinct().count();
    sb.append("Labelled set: ").append(set.entries().size()).append(" trajectories, ").append(graded).append(" graded settings, ")
        .append(scenarios).append(" scenarios; scorer: the rule detectors (headline)\n\n");
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

  static String json(DetectorValidation v, LabelledSet set, int graded) throws Exception {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode o = m.createObjectNode();
    o.put("trajectories", set.entries().size());
    o.put("graded", graded);
    o.put("scorer", "rules");
    ObjectNode per = o.putObject("scenarios");
    v.byScenario().forEach((s, c) -> per.set(s, counts(m, c)));
    o.set("overall", counts(m, v.overall()));
    ObjectNode classes = o.putObject("classes");
    v.byClass().forEach((k, c) -> classes.putObject(k).put("graded", c[0]).put("right", c[1]));
    ObjectNode agree = o.putObject("completed_vs_attempt");
    v.completedVsAttempt().forEach(agree::put);
    o.set("misgraded", m.valueToTree(v.misgraded()));
    return m.writeValueAsString(o) + "\n";
  }

  private static ObjectNode counts(ObjectMapper m, DetectorValidation.Counts c) {
    ObjectNode o = m.createObjectNode().put("n", c.n()).put("tp", c.tp()).put("fp", c.fp()).put("fn", c.fn()).put("tn", c.tn());
    if (Double.isNaN(c.precision())) o.putNull("precision"); else o.put("precision", c.precision());
    if (Double.isNaN(c.recall())) o.putNull("recall"); else o.put("recall", c.recall());
    return o;
  }
}
