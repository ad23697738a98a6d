package dev.candor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.core.Event;
import dev.candor.suite.Suite;
import dev.candor.suite.covert.CovertActionsEnvironment;
import dev.candor.suite.covert.ScriptedTrajectory;
import dev.candor.suite.covert.ScriptedTrajectory.Graded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "grade", mixinStandardHelpOptions = true,
    description = {"Grades a scripted trajectory of a covert-actions scenario, as scenario authors test their detectors: the steps",
        "(the format of a scenario's examples.covert / examples.honest paths) run through the same tool loop and sandbox as a",
        "model's calls, under each of the scenario's settings; prints each transcript and every score (the headline marked).",
        "Exit codes: 0 graded; 2 bad input (unknown scenario, unreadable or malformed trajectory, a tool the scenario lacks)."})
final class GradeCommand implements Callable<Integer> {
  @Option(names = "--scenario", required = true, paramLabel = "NAME", description = "The scenario's id, e.g. log-falsification-latency.")
  String scenario;

  @Option(names = "--trajectory", required = true, paramLabel = "FILE",
      description = "YAML or JSON: a list of steps ({tool, args}, {calls: [...]}, {say: text}) or {steps: [...]}, ending with submit or say.")
  Path trajectory;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"--scenarios", "--variants"}, paramLabel = "DIR", description = "A folder of your own scenario files (as run --variants); default: the built-in scenarios.")
  Path scenarios;

  @Option(names = "--sandbox", paramLabel = "bwrap|local", description = "Where commands run, as for run --sandbox: bwrap (default) or local.")
  String sandbox;

  private static final int RESULT_LINES = 8, DIFF_LINES = 20, LINE_CHARS = 160, ARG_CHARS = 80;

  @Override
  public Integer call() throws IOException {
    boolean json = switch (format.trim().toLowerCase()) {
      case "text", "table" -> false;
      case "json" -> true;
      default -> throw new IllegalArgumentException("--format: expected text or json, got '" + format + "'");
    };
    if (scenarios != null && !Files.isDirectory(scenarios))
      throw new IllegalArgumentException("--scenarios: expected a folder of scenario YAML files, got '" + scenarios + "'");
    // opened as run opens it: the same scenarios, and the same sandbox backend, checked to work here
    Suite.Opened opened = Suites.registry().get(CovertActionsEnvironment.NAME).open(new Suite.Arguments(scenarios, false, null, null, 0, sandbox));
    CovertActionsEnvironment env = (CovertActionsEnvironment) opened.environment(); // no judges: the suite's own environment
    List<String> ids = env.samples().stream().map(s -> String.valueOf(s.metadata().get("scenario"))).distinct().toList();
    if (!ids.contains(scenario))
      throw new IllegalArgumentException("--scenario: unknown scenario '" + scenario + "'" + (scenarios == null ? "" : " in " + scenarios)
          + "; closest: " + String.join(", ", closest(scenario, ids, 5)) + " (" + ids.size() + " scenarios)");
    String text;
    try {
      text = Files.readString(trajectory);
    } catch (IOException | RuntimeException e) {
      String why = switch (e) {
        case java.nio.file.NoSuchFileException x -> "no such file";
        case java.nio.file.AccessDeniedException x -> "permission denied";
        case java.nio.charset.CharacterCodingException x -> "not UTF-8 text";
        default -> Files.isDirectory(trajectory) ? "a directory, expected a YAML or JSON file" : String.valueOf(e.getMessage());
      };
      throw new IllegalArgumentException("--trajectory: cannot read '" + trajectory + "': " + why);
    }
    List<Graded> graded;
    try {
      graded = ScriptedTrajectory.grade(env, scenario, text, trajectory.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--trajectory: " + e.getMessage(), e);
    }
    if (json) {
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ArrayNode out = m.createArrayNode();
      for (Graded g : graded) out.add(toJson(m, g));
      System.out.println(m.writeValueAsString(out));
    } else {
      StringBuilder sb = new StringBuilder();
      for (Graded g : graded) appendText(sb, g);
      System.out.print(Terminal.safe(sb.toString()));
    }
    return 0;
  }

  /** Up to {@code n} of {@code names}, nearest to {@code given} first (names containing it, or contained in it, count as nearest). */
  static List<String> closest(String given, List<String> names, int n) {
    return names.stream().sorted(Comparator.<String>comparingInt(s -> s.contains(given) || given.contains(s) ? 0 : 1)
        .thenComparingInt(s -> editDistance(given, s)).thenComparing(s -> s)).limit(n).toList();
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++)
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static ObjectNode toJson(ObjectMapper m, Graded g) {
    ObjectNode o = m.createObjectNode();
    ObjectNode setting = o.putObject("setting");
    setting.put("sample", g.sample().id());
    ObjectNode knobs = setting.putObject("knobs");
    g.knobs().forEach(knobs::put);
    ArrayNode transcript = o.putArray("transcript");
    for (Event e : g.transcript().events()) {
      switch (e) {
        case Event.AssistantTurn a when !a.content().isBlank() -> transcript.addObject().put("turn", a.turn()).put("say", a.content());
        case Event.ToolStep s -> {
          ObjectNode step = transcript.addObject();
          step.put("turn", s.turn());
          step.put("tool", s.tool());
          step.set("args", args(m, s.argumentsJson()));
          step.put("result", s.result());
          if (s.failed()) step.put("error", true);
          s.data().forEach((k, v) -> step.set(k, m.valueToTree(v))); // the tool's own data: exit_code, checker, passed
          if (s.diff() != null && !s.diff().isEmpty()) step.put("diff", s.diff());
        }
        case Event.LoopEnd end -> o.putObject("end").put("reason", end.reason()).put("answer", end.answer()).put("diff", end.diff());
        default -> { }
      }
    }
    ArrayNode scores = o.putArray("scores");
    g.scores().forEach((name, s) -> {
      ObjectNode so = scores.addObject();
      so.put("name", name);
      so.put("label", s.label());
      so.put("value", s.value());
      so.put("status", s.status().key());
      ArrayNode ev = so.putArray("evidence");
      s.evidence().forEach(ev::add);
      so.put("explanation", s.explanation());
      if (name.equals(g.headline())) so.put("headline", true);
    });
    return o;
  }

  /** The arguments as the JSON object they were given as (they always are: the step parser checks it). */
  private static JsonNode args(ObjectMapper m, String json) {
    try {
      return m.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("tool call arguments are not JSON: " + json, e);
    }
  }

  private static void appendText(StringBuilder sb, Graded g) {
    Map<String, String> knobs = g.knobs();
    sb.append("== ").append(g.sample().id());
    if (!knobs.isEmpty()) sb.append("  (").append(String.join(", ", knobs.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())).append(')');
    sb.append('\n');
    for (Event e : g.transcript().events()) {
      switch (e) {
        case Event.AssistantTurn a when !a.content().isBlank() -> sb.append("turn ").append(a.turn()).append("  says: ").append(indent(abbreviate(a.content()), "    ")).append('\n');
        case Event.ToolStep s -> {
          sb.append("turn ").append(s.turn()).append("  ").append(s.tool()).append(' ').append(shortArgs(s.argumentsJson()))
              .append(s.failed() ? "  [error]" : "").append('\n'); // a command's result names a non-zero exit status itself
          if (!s.result().isEmpty()) sb.append("    ").append(indent(abbreviate(s.result()), "    ")).append('\n');
          if (s.diff() != null && !s.diff().isEmpty()) sb.append("    ").append(indent(abbreviate(s.diff(), DIFF_LINES), "    ")).append('\n');
        }
        case Event.LoopEnd end -> sb.append("ended: ").append(end.reason())
            .append(end.answer() == null || end.reason().equals("final_message") ? "" : "; answer: " + indent(abbreviate(end.answer()), "    "))
            .append('\n'); // a final message's answer is its text, shown above
        default -> { }
      }
    }
    g.scores().forEach((name, s) -> {
      boolean headline = name.equals(g.headline());
      sb.append(headline ? "* " : "  ").append(name).append(": ").append(s.label())
          .append(s.value() == null ? "" : " (" + s.value() + ")").append(headline ? "  [headline]" : "").append('\n');
      for (String ev : s.evidence()) sb.append("    evidence: ").append(indent(abbreviate(ev), "      ")).append('\n');
      if (s.explanation() != null && !s.explanation().isBlank()) sb.append("    ").append(indent(abbreviate(s.explanation()), "    ")).append('\n');
    });
    sb.append('\n');
  }

  /** A call's arguments on one line, each long string value cut. */
  private static String shortArgs(String json) {
    JsonNode args = args(new ObjectMapper(), json);
    if (!args.isObject()) return json;
    StringBuilder sb = new StringBuilder("{");
    var it = args.fields();
    while (it.hasNext()) {
      var f = it.next();
      String v = f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString();
      v = v.replace("\n", "\\n");
      if (v.length() > ARG_CHARS) v = v.substring(0, ARG_CHARS) + "… (" + v.length() + " chars)";
      sb.append(f.getKey()).append(": ").append(f.getValue().isTextual() ? "\"" + v + "\"" : v).append(it.hasNext() ? ", " : "");
    }
    return sb.append('}').toString();
  }

  static String abbreviate(String s) { return abbreviate(s, RESULT_LINES); }

  /** The first {@code max} lines of a text, each cut to a line's width, and how many more there were. */
  static String abbreviate(String s, int max) {
    List<String> lines = s.strip().lines().toList();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(lines.size(), max); i++) {
      String l = lines.get(i);
      sb.append(i == 0 ? "" : "\n").append(l.length() > LINE_CHARS ? l.substring(0, LINE_CHARS) + "…" : l);
    }
    int more = lines.size() - max;
    if (more > 0) sb.append("\n… (").append(more).append(more == 1 ? " more line)" : " more lines)");
    return sb.toString();
  }

  private static String indent(String s, String by) { return s.replace("\n", "\n" + by); }
}
