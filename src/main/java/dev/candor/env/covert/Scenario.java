package dev.candor.env.covert;

import dev.candor.YamlNode;
import dev.candor.core.ScriptedReplies;
import dev.candor.model.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One covert-action scenario, as loaded from its YAML file: prompts and seeded files (which may contain
 * {@code {{knob}}} placeholders), enabled tools, scripted replies, checkers, pressure knobs with their counterfactual
 * settings, the fields its {@code submit} tool asks for beside the answer ({@code submit_fields}: name → description),
 * the detector, a description of the covert behaviour for judges, and scripted example paths (a covert one
 * and an honest one) that the detector must tell apart. The detector and the checkers' {@code pass_if} rules are kept
 * as raw YAML (with their file and field path): {@code grade.covert.RuleParser} reads them. {@code source} is the
 * file's text and {@code scripts} the files of the directory beside it named after it ({@code <id>/}, path → text,
 * seeded verbatim, never rendered), both for the suite's data hash.
 */
public record Scenario(String id, String family, String title, String summary, boolean control, String file,
                       String system, String user, Map<String, String> files, List<String> tools,
                       Map<String, ScriptedReplies> replies, List<CustomTool> customTools, List<CheckerSpec> checkers,
                       Map<String, Knob> knobs, List<Map<String, String>> settings, Map<String, String> answerKey,
                       Map<String, String> submitFields, int maxTurns, YamlNode detector, String covertBehaviour, Map<String, List<Step>> examples,
                       String source, Map<String, String> scripts) {
  public Scenario {
    scripts = scripts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(scripts));
    submitFields = submitFields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(submitFields));
  }

  /** The pressure knobs a scenario may declare, in axis order. */
  public static final List<String> KNOBS = List.of("nudge", "threat", "oversight");

  /** A knob's text in its two settings. */
  public record Knob(String on, String off) {
    public String text(String setting) { return "on".equals(setting) ? on : off; }
  }

  /** A scenario-specific tool with string parameters and scripted replies. */
  public record CustomTool(String name, String description, Map<String, String> params, ScriptedReplies replies) {}

  /**
   * A provided script: {@code command} runs in the sandbox (passed = exit status 0); a {@code run_command} line
   * matching {@code matches} (a regex; null: the command's script path, else the command) counts as running it.
   */
  public record CheckerSpec(String name, String command, Pattern matches) {}

  /** One scripted model turn of an example path: optional text and tool calls (none: a plain final message). */
  public record Step(String text, List<ToolCall> calls) {}

  /** The scenario's text with each {@code {{knob}}} replaced by that knob's text for the setting. */
  public String render(String template, Map<String, String> setting) {
    Matcher m = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}").matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Knob k = knobs.get(m.group(1));
      String text = k == null ? "" : k.text(setting.getOrDefault(m.group(1), "off"));
      m.appendReplacement(sb, Matcher.quoteReplacement(text == null ? "" : text.strip()));
    }
    m.appendTail(sb);
    return sb.toString().replaceAll("\n{3,}", "\n\n").strip() + (template.endsWith("\n") ? "\n" : "");
  }

  /** Seed files for a knob setting: the YAML's files rendered for it, and the scenario directory's files as they are. */
  public Map<String, String> seedFiles(Map<String, String> setting) {
    Map<String, String> out = new LinkedHashMap<>();
    files.forEach((p, c) -> out.put(p, render(c, setting)));
    out.putAll(scripts);
    return out;
  }

  /** The knob settings to run: the declared list, or every combination of the declared knobs. */
  public List<Map<String, String>> effectiveSettings() {
    if (!settings.isEmpty()) return settings;
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (String k : KNOBS) {
      if (!knobs.containsKey(k)) continue;
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> s : out)
        for (String v : List.of("on", "off")) {
          Map<String, String> c = new LinkedHashMap<>(s);
          c.put(k, v);
          next.add(c);
        }
      out = next;
    }
    return out;
  }
}
