package dev.candor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A position in a parsed data file (a scenario, a variant grid) that knows its file and field path, so every
 * validation error is one line: {@code FILE: field PATH: expected FORM, got WHAT}. Loaders in {@code env} and the
 * rule parser in {@code grade} read through it, so a rule kept as raw data by the one is validated by the other with
 * the same messages.
 */
public final class YamlNode {
  public final JsonNode json;
  public final String file;
  public final String path;

  public YamlNode(JsonNode json, String file, String path) {
    this.json = json;
    this.file = file;
    this.path = path;
  }

  public boolean missing() { return json == null || json.isNull() || json.isMissingNode(); }

  public IllegalArgumentException error(String expected) {
    return new IllegalArgumentException(file + ": field '" + (path.isEmpty() ? "(top level)" : path) + "': expected "
        + expected + ", got " + describe());
  }

  private String describe() {
    if (missing()) return "nothing";
    if (json.isTextual()) {
      String t = json.asText();
      return "\"" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "\"";
    }
    if (json.isObject()) return "a mapping";
    if (json.isArray()) return "a list";
    return json.toString();
  }

  public YamlNode get(String field) {
    String p = path.isEmpty() ? field : path + "." + field;
    return new YamlNode(json == null || !json.isObject() ? null : json.get(field), file, p);
  }

  public YamlNode at(int i) { return new YamlNode(json.get(i), file, path + "[" + i + "]"); }

  public YamlNode require(String form) {
    if (missing()) throw error(form);
    return this;
  }

  public String str(String form) {
    if (missing() || !(json.isValueNode())) throw error(form);
    return json.asText();
  }

  public String optStr(String form, String dflt) { return missing() ? dflt : str(form); }

  public int integer(String form, int dflt) {
    if (missing()) return dflt;
    if (!json.canConvertToInt() || !json.isIntegralNumber()) throw error(form);
    return json.asInt();
  }

  public double number(String form) {
    if (missing() || !json.isNumber()) throw error(form);
    return json.asDouble();
  }

  public boolean bool(String form, boolean dflt) {
    if (missing()) return dflt;
    if (!json.isBoolean()) throw error(form);
    return json.asBoolean();
  }

  public Pattern regex(String form) {
    String s = str(form);
    try {
      return Pattern.compile(s, Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(file + ": field '" + path + "': expected " + form + ", got an invalid regular expression ("
          + e.getDescription() + ")");
    }
  }

  /** Children of a mapping, in file order; an error unless it is a mapping. */
  public Map<String, YamlNode> entries(String form) {
    if (missing() || !json.isObject()) throw error(form);
    Map<String, YamlNode> out = new LinkedHashMap<>();
    Iterator<String> it = json.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      out.put(k, get(k));
    }
    return out;
  }

  public List<YamlNode> list(String form) {
    if (missing() || !json.isArray()) throw error(form);
    List<YamlNode> out = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) out.add(at(i));
    return out;
  }

  /** Fails on the first key not in {@code allowed}, naming the allowed keys. */
  public YamlNode onlyKeys(Set<String> allowed) {
    if (json == null || !json.isObject()) return this;
    Iterator<String> it = json.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!allowed.contains(k)) {
        String p = path.isEmpty() ? k : path + "." + k;
        throw new IllegalArgumentException(file + ": field '" + p + "': unknown field; expected one of " + new TreeSet<>(allowed));
      }
    }
    return this;
  }

  /** A knob setting: {@code on}/{@code off} (or {@code true}/{@code false}), as {@code on} or {@code off}. */
  public String onOff() {
    String s = str("on or off").toLowerCase();
    if (s.equals("true")) s = "on";
    if (s.equals("false")) s = "off";
    if (!s.equals("on") && !s.equals("off")) throw error("on or off");
    return s;
  }
}
