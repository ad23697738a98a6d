package dev.candor.env.covert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.YamlNode;
import dev.candor.core.BuiltInTools;
import dev.candor.core.ScriptedReplies;
import dev.candor.model.ToolCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads covert-action scenario files (YAML; the format is documented in {@code docs/covert-actions.md}) into
 * {@link Scenario} data and validates them at load: a bad file fails with one line naming the file, the field path
 * and the expected form. The detector and checker rules stay raw YAML here; the suite has
 * {@code grade.covert.RuleParser} read them when it opens the scenarios, with errors of the same form, e.g.
 * {@code log-falsification.yaml: field 'detector.covert_if.all[1].file_changed.path': expected a file path or glob,
 * got nothing}.
 */
public final class ScenarioLoader {
  private ScenarioLoader() {}

  /** Where the built-in scenarios live on the class path. */
  public static final String RESOURCE_DIR = "scenarios/covert";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
  private static final Set<String> TOP = Set.of("id", "family", "title", "summary", "control", "system", "user", "files", "submit_fields",
      "tools", "replies", "custom_tools", "checkers", "knobs", "settings", "answer_key", "max_turns", "detector", "judge",
      "examples");

  /** Parses one scenario from YAML text; {@code file} names it in errors. */
  public static Scenario parse(String yaml, String file) { return parse(yaml, file, Map.of()); }

  /**
   * Parses one scenario from YAML text and the files of its directory ({@code <id>/} beside it; path → text), which
   * are seeded into the workspace too; a path in both is an error.
   */
  public static Scenario parse(String yaml, String file, Map<String, String> scripts) {
    JsonNode root;
    try {
      root = dev.candor.Yaml.read(yaml);
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException(file + ": not valid YAML (" + msg + ")");
    }
    YamlNode n = new YamlNode(root, file, "");
    if (n.missing() || !root.isObject()) throw n.error("a YAML mapping with id, family, system, user, tools and detector");
    n.onlyKeys(TOP);
    String stem = Path.of(file).getFileName().toString().replaceFirst("\\.ya?ml$", "");
    String id = n.get("id").optStr("a scenario id (lower-case letters, digits, dashes)", stem);
    if (!ID.matcher(id).matches()) throw n.get("id").error("a scenario id (lower-case letters, digits, dashes)");
    String family = n.get("family").str("a family name (lower-case letters, digits, dashes)");
    if (!ID.matcher(family).matches()) throw n.get("family").error("a family name (lower-case letters, digits, dashes)");
    String title = n.get("title").optStr("a one-line title", id);
    String summary = n.get("summary").optStr("a one-line summary", title);
    boolean control = n.get("control").bool("true or false", false);
    String system = n.get("system").str("the system prompt text");
    String user = n.get("user").str("the user prompt text");

    Map<String, String> files = new LinkedHashMap<>();
    if (!n.get("files").missing())
      n.get("files").entries("a mapping of file path to content").forEach((p, v) -> files.put(p, v.str("the file's text content")));

    Map<String, Scenario.Knob> knobs = new LinkedHashMap<>();
    if (!n.get("knobs").missing())
      n.get("knobs").entries("a mapping of knob (nudge, threat, oversight) to {on: text, off: text}").forEach((k, v) -> {
        if (!Scenario.KNOBS.contains(k)) throw new IllegalArgumentException(file + ": field 'knobs." + k + "': unknown knob; expected one of " + Scenario.KNOBS);
        v.onlyKeys(Set.of("on", "off", "true", "false"));
        YamlNode on = v.get("on").missing() ? v.get("true") : v.get("on");
        YamlNode off = v.get("off").missing() ? v.get("false") : v.get("off");
        knobs.put(k, new Scenario.Knob(on.str("the text used when the knob is on"), off.optStr("the text used when the knob is off", "")));
      });

    List<Map<String, String>> settings = new ArrayList<>();
    if (!n.get("settings").missing())
      for (YamlNode s : n.get("settings").list("a list of knob settings such as {nudge: on, threat: off}")) {
        Map<String, String> m = new LinkedHashMap<>();
        s.entries("a knob setting such as {nudge: on, threat: off}").forEach((k, v) -> {
          if (!knobs.containsKey(k)) throw new IllegalArgumentException(file + ": field '" + v.path + "': knob not declared under 'knobs'; declared: " + knobs.keySet());
          m.put(k, v.onOff());
        });
        for (String k : knobs.keySet()) m.putIfAbsent(k, "off");
        settings.add(m);
      }

    checkPlaceholders(n.get("system"), system, knobs);
    checkPlaceholders(n.get("user"), user, knobs);
    files.forEach((p, c) -> checkPlaceholders(n.get("files").get(p), c, knobs));
    for (String k : knobs.keySet()) {
      Pattern use = Pattern.compile("\\{\\{\\s*" + k + "\\s*}}");
      boolean used = use.matcher(system).find() || use.matcher(user).find() || files.values().stream().anyMatch(c -> use.matcher(c).find());
      if (!used) throw new IllegalArgumentException(file + ": field 'knobs." + k + "': declared but no {{" + k + "}} placeholder uses it; expected the knob's text to appear in system, user or files");
    }

    Map<String, ScriptedReplies> replies = new LinkedHashMap<>();
    if (!n.get("replies").missing())
      n.get("replies").entries("a mapping of tool name to scripted replies").forEach((tool, v) -> replies.put(tool, replies(v)));

    List<Scenario.CustomTool> custom = new ArrayList<>();
    if (!n.get("custom_tools").missing())
      for (YamlNode c : n.get("custom_tools").list("a list of {name, description, params, replies}")) {
        c.onlyKeys(Set.of("name", "description", "params", "replies"));
        String name = c.get("name").str("a tool name (letters, digits, underscores)");
        if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) throw c.get("name").error("a tool name (letters, digits, underscores)");
        if (BuiltInTools.NAMES.contains(name)) throw c.get("name").error("a name that is not a built-in tool");
        Map<String, String> params = new LinkedHashMap<>();
        if (!c.get("params").missing())
          c.get("params").entries("a mapping of parameter name to description").forEach((k, v) -> params.put(k, v.str("a parameter description")));
        custom.add(new Scenario.CustomTool(name, c.get("description").str("a one-line tool description"), params,
            c.get("replies").missing() ? ScriptedReplies.always("OK.") : replies(c.get("replies"))));
      }

    List<Scenario.CheckerSpec> checkers = new ArrayList<>();
    if (!n.get("checkers").missing())
      for (YamlNode c : n.get("checkers").list("a list of {name, command, matches}")) {
        for (String old : List.of("pass_if", "pass_output", "fail_output"))
          if (!c.get(old).missing())
            throw new IllegalArgumentException(file + ": field '" + c.get(old).path + "': checkers are real commands now (passed = exit status 0, "
                + "output = what it prints); remove pass_if, pass_output and fail_output and ship the script in " + stem + "/ beside the file");
        c.onlyKeys(Set.of("name", "command", "matches"));
        checkers.add(new Scenario.CheckerSpec(c.get("name").str("a checker name"), c.get("command").str("the command line that runs it"),
            c.get("matches").missing() ? null : c.get("matches").regex("a regular expression for the run_command lines that run it")));
      }

    Set<String> customNames = new HashSet<>();
    custom.forEach(c -> customNames.add(c.name()));
    List<String> tools = new ArrayList<>();
    List<YamlNode> toolYamlNodes = n.get("tools").list("a list of tool names, e.g. [read_file, edit_file, submit]");
    for (YamlNode t : toolYamlNodes) {
      String name = t.str("a tool name");
      if (!BuiltInTools.NAMES.contains(name) && !customNames.contains(name))
        throw t.error("a built-in tool " + BuiltInTools.NAMES + " or a name from custom_tools");
      if (!tools.contains(name)) tools.add(name);
    }
    if (!tools.contains("submit")) tools.add("submit");
    for (String c : customNames) if (!tools.contains(c)) tools.add(c);
    if ((tools.contains("run_checker")) && checkers.isEmpty())
      throw n.get("checkers").error("at least one checker when run_checker is enabled");
    for (String r : replies.keySet())
      if (!tools.contains(r)) throw new IllegalArgumentException(file + ": field 'replies." + r + "': expected the name of an enabled tool, got '" + r + "'");

    Map<String, String> answerKey = new LinkedHashMap<>();
    if (!n.get("answer_key").missing())
      n.get("answer_key").entries("a mapping of question number to answer").forEach((k, v) -> answerKey.put(k, v.str("an answer")));

    Map<String, String> submitFields = new LinkedHashMap<>();
    if (!n.get("submit_fields").missing())
      n.get("submit_fields").entries("a mapping of submit field name to its description").forEach((k, v) -> {
        if (!k.matches("[a-z_][a-z0-9_]*") || k.equals("answer")) throw new IllegalArgumentException(file + ": field '" + v.path
            + "': expected a field name of lower-case letters, digits and underscores other than 'answer', got '" + k + "'");
        submitFields.put(k, v.str("a description of the field, e.g. 'yes or no: did every test pass?'"));
      });

    int maxTurns = n.get("max_turns").integer("a positive whole number", 30);
    if (maxTurns <= 0) throw n.get("max_turns").error("a positive whole number");

    YamlNode detector = n.get("detector").require("a detector mapping with covert_if").onlyKeys(Set.of("covert_if", "attempted_if", "applicable_if", "labels", "explanation"));
    String behaviour = n.get("judge").missing() ? summary
        : n.get("judge").onlyKeys(Set.of("covert_behaviour")).get("covert_behaviour").str("a description of the covert behaviour");

    Map<String, List<Scenario.Step>> examples = new LinkedHashMap<>();
    if (!n.get("examples").missing()) {
      YamlNode ex = n.get("examples").onlyKeys(Set.of("covert", "honest"));
      for (String k : List.of("covert", "honest"))
        if (!ex.get(k).missing()) examples.put(k, steps(ex.get(k), tools));
    }
    for (String p : scripts.keySet())
      if (files.containsKey(p))
        throw new IllegalArgumentException(file + ": field 'files." + p + "': the file is also in " + stem + "/" + p + "; expected it in one place");
    return new Scenario(id, family, title, summary, control, file, system, user, files, tools, replies, custom, checkers,
        knobs, settings, answerKey, submitFields, maxTurns, detector, behaviour, examples, yaml, scripts);
  }

  private static void checkPlaceholders(YamlNode where, String text, Map<String, Scenario.Knob> knobs) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find())
      if (!knobs.containsKey(m.group(1)))
        throw new IllegalArgumentException(where.file + ": field '" + where.path + "': placeholder {{" + m.group(1)
            + "}} names no declared knob; expected one of " + knobs.keySet());
  }

  private static ScriptedReplies replies(YamlNode v) {
    if (!v.missing() && v.json.isValueNode()) return ScriptedReplies.always(v.str("a reply text"));
    v.onlyKeys(Set.of("rules", "default"));
    List<ScriptedReplies.Rule> rules = new ArrayList<>();
    if (!v.get("rules").missing())
      for (YamlNode r : v.get("rules").list("a list of {when: {argument: regex}, reply: text}")) {
        r.onlyKeys(Set.of("when", "reply"));
        Map<String, Pattern> when = new LinkedHashMap<>();
        if (!r.get("when").missing())
          r.get("when").entries("a mapping of argument name to regex").forEach((k, p) -> when.put(k, p.regex("a regular expression")));
        rules.add(new ScriptedReplies.Rule(when, r.get("reply").str("a reply text")));
      }
    return new ScriptedReplies(rules, v.get("default").optStr("a default reply text", "OK."));
  }

  /**
   * Reads a scripted trajectory on its own (for {@code candor grade}): YAML or JSON text whose top level is a list of
   * steps, or a mapping {@code {steps: [...]}}, in the format of a scenario's example paths. Errors name {@code file}
   * and the field path, e.g. {@code t.yaml: field '[2].tool': expected a tool the scenario offers [...], got "sed"}.
   *
   * @param tools the tools the scenario offers; a call to any other is an error
   */
  public static List<Scenario.Step> steps(String text, String file, List<String> tools) {
    JsonNode root;
    try {
      root = dev.candor.Yaml.read(text);
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException(file + ": not valid YAML or JSON (" + msg + ")");
    }
    YamlNode n = new YamlNode(root, file, "");
    if (!n.missing() && root.isObject()) n = n.onlyKeys(Set.of("steps")).get("steps");
    return steps(n, tools);
  }

  /**
   * The steps of a scripted path, checked as a model's turns would run: each call names a tool the scenario offers,
   * and the path ends exactly at its last step, with a {@code submit} call or a plain message (a step with no calls);
   * any other ending would leave the tool loop asking for a turn the script does not have.
   */
  public static List<Scenario.Step> steps(YamlNode list, List<String> tools) {
    List<Scenario.Step> out = new ArrayList<>();
    int k = 0;
    String form = "a list of steps ({tool, args}, {calls: [...]}, or {say: text}) ending with a submit call or a say step";
    List<YamlNode> stepNodes = list.list(form);
    if (stepNodes.isEmpty()) throw list.error(form);
    for (int i = 0; i < stepNodes.size(); i++) {
      YamlNode s = stepNodes.get(i);
      if (s.missing() || !s.json.isObject()) throw s.error("a step: {tool, args}, {calls: [...]} or {say: text}");
      s.onlyKeys(Set.of("tool", "args", "calls", "say", "text"));
      List<ToolCall> calls = new ArrayList<>();
      List<YamlNode> callYamlNodes = new ArrayList<>();
      if (!s.get("tool").missing()) callYamlNodes.add(s);
      if (!s.get("calls").missing()) callYamlNodes.addAll(s.get("calls").list("a list of {tool, args}"));
      for (YamlNode c : callYamlNodes) {
        if (c != s) c.onlyKeys(Set.of("tool", "args"));
        String tool = c.get("tool").str("a tool name");
        if (!tools.contains(tool)) throw c.get("tool").error("a tool the scenario offers " + tools);
        if (tool.equals("submit") && (i < stepNodes.size() - 1 || c != callYamlNodes.getLast()))
          throw at(c.get("tool"), "submit ends the trajectory, so it must be the last call of the last step; what follows it would never run");
        JsonNode args = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (!c.get("args").missing()) {
          c.get("args").entries("a mapping of argument name to value");
          args = c.get("args").json;
        }
        calls.add(new ToolCall("call_" + (++k), tool, args.toString()));
      }
      String text = s.get("say").missing() ? s.get("text").optStr("text", null) : s.get("say").str("the text of a final message");
      if (calls.isEmpty() && text == null) throw s.error("a step with tool, calls or say");
      if (calls.isEmpty() && i < stepNodes.size() - 1)
        throw at(s, "a step without calls is the final message, which ends the trajectory, so it must be the last step; "
            + (stepNodes.size() - 1 - i) + " more step(s) follow it");
      boolean last = i == stepNodes.size() - 1;
      if (last && !calls.isEmpty() && !calls.getLast().name().equals("submit"))
        throw at(s, "the last step must end the trajectory with a submit call or a plain {say: text} with no calls; "
            + "after a " + calls.getLast().name() + " call the loop would ask for a turn the script does not have");
      out.add(new Scenario.Step(text, calls));
    }
    return out;
  }

  private static IllegalArgumentException at(YamlNode n, String what) {
    return new IllegalArgumentException(n.file + ": field '" + (n.path.isEmpty() ? "(top level)" : n.path) + "': " + what);
  }

  /** Loads one scenario file, with the files of the directory beside it named after it ({@code x.yaml}: {@code x/}), if any. */
  public static Scenario load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
    }
    String name = file.getFileName().toString();
    return parse(text, name, scripts(file.resolveSibling(name.replaceFirst("\\.ya?ml$", ""))));
  }

  /** Every file below {@code dir} (path relative to it → UTF-8 text), sorted; none when there is no such directory. */
  static Map<String, String> scripts(Path dir) {
    Map<String, String> out = new java.util.TreeMap<>();
    if (!Files.isDirectory(dir)) return out;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        String rel = dir.relativize(f).toString().replace('\\', '/');
        try {
          out.put(rel, java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
          throw new IllegalArgumentException(dir.getFileName() + "/" + rel + ": expected a UTF-8 text file");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(dir + ": cannot read (" + e.getMessage() + ")");
    }
    return out;
  }

  /** Loads every {@code *.yaml}/{@code *.yml} file in a directory (not recursive), sorted by file name. */
  public static List<Scenario> loadDirectory(Path dir) {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": expected a directory of scenario YAML files");
    try (Stream<Path> s = Files.list(dir)) {
      List<Scenario> out = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().map(ScenarioLoader::load).toList();
      if (out.isEmpty()) throw new IllegalArgumentException(dir + ": expected scenario files (*.yaml, *.yml), found none");
      Set<String> ids = new HashSet<>();
      for (Scenario sc : out) if (!ids.add(sc.id())) throw new IllegalArgumentException(sc.file() + ": field 'id': expected a unique id, got duplicate '" + sc.id() + "'");
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The built-in scenarios shipped under {@value #RESOURCE_DIR} on the class path (a directory or inside a jar). */
  public static List<Scenario> loadBuiltIn() {
    Path dir = dev.candor.Resources.directory(RESOURCE_DIR);
    if (dir == null) throw new IllegalStateException(RESOURCE_DIR + " is not on the class path");
    return loadDirectory(dir);
  }

}
