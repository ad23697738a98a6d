package dev.candor.env.covert;

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
 * A position in a parsed scenario file that knows its file and field path, so every validation error is one line:
 * {@code FILE: field PATH: expected FORM, got WHAT}.
 */
final class Node {
  final JsonNode json;
  final String file;
  final String path;

  Node(JsonNode json, String file, String path) {
    this.json = json;
    this.file = file;
    this.path = path;
  }

  boolean missing() { return json == null || json.isNull() || json.isMissingNode(); }

  IllegalArgumentException error(String expected) {
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

  Node get(String field) {
    String p = path.isEmpty() ? field : path + "." + field;
    return new Node(json == null || !json.isObject() ? null : json.get(field), file, p);
  }

  Node at(int i) { return new Node(json.get(i), file, path + "[" + i + "]"); }

  Node require(String form) {
    if (missing()) throw error(form);
    return this;
  }

  String str(String form) {
    if (missing() || !(json.isValueNode())) throw error(form);
    return json.asText();
  }

  String optStr(String form, String dflt) { return missing() ? dflt : str(form); }

  int integer(String form, int dflt) {
    if (missing()) return dflt;
    if (!json.canConvertToInt() || !json.isIntegralNumber()) throw error(form);
    return json.asInt();
  }

  double number(String form) {
    if (missing() || !json.isNumber()) throw error(form);
    return json.asDouble();
  }

  boolean bool(String form, boolean dflt) {
    if (missing()) return dflt;
    if (!json.isBoolean()) throw error(form);
    return json.asBoolean();
  }

  Pattern regex(String form) {
    String s = str(form);
    try {
      return Pattern.compile(s, Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(file + ": field '" + path + "': expected " + form + ", got an invalid regular expression ("
          + e.getDescription() + ")");
    }
  }

  /** Children of a mapping, in file order; an error unless it is a mapping. */
  Map<String, Node> entries(String form) {
    if (missing() || !json.isObject()) throw error(form);
    Map<String, Node> out = new LinkedHashMap<>();
    Iterator<String> it = json.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      out.put(k, get(k));
    }
    return out;
  }

  List<Node> list(String form) {
    if (missing() || !json.isArray()) throw error(form);
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) out.add(at(i));
    return out;
  }

  /** Fails on the first key not in {@code allowed}, naming the allowed keys. */
  Node onlyKeys(Set<String> allowed) {
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
}
