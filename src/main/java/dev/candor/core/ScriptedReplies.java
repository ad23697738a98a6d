package dev.candor.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canned answers for a simulated party (a subagent, a game opponent, an approver): the first rule whose argument
 * patterns all match (found anywhere in the argument's text, case-insensitively) gives the reply, otherwise the
 * default. A reply may quote arguments as {@code {name}}.
 */
public record ScriptedReplies(List<Rule> rules, String defaultReply) {
  public ScriptedReplies {
    rules = List.copyOf(rules);
  }

  /** One canned answer and the argument patterns that select it. */
  public record Rule(Map<String, Pattern> when, String reply) {
    public Rule {
      when = Map.copyOf(when);
    }
  }

  public static ScriptedReplies always(String reply) { return new ScriptedReplies(List.of(), reply); }

  public String reply(JsonNode args) {
    for (Rule r : rules) {
      boolean ok = true;
      for (var e : r.when().entrySet()) {
        JsonNode v = args.get(e.getKey());
        String text = v == null || v.isNull() ? "" : v.isTextual() ? v.asText() : v.toString();
        if (!e.getValue().matcher(text).find()) { ok = false; break; }
      }
      if (ok) return fill(r.reply(), args);
    }
    return fill(defaultReply, args);
  }

  private static String fill(String template, JsonNode args) {
    Matcher m = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      JsonNode v = args.get(m.group(1));
      String s = v == null ? m.group(0) : v.isTextual() ? v.asText() : v.toString();
      m.appendReplacement(sb, Matcher.quoteReplacement(s));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
