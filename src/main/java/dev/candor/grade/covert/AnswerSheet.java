package dev.candor.grade.covert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.TextBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the answers to numbered questions from an agent's final answer, in the forms agents write them: inline
 * ({@code 1: B, 2) C, Q3 = A}), markdown ({@code **1:** B}, {@code 1. **B**}), numbered or parenthesised lists
 * ({@code (4) D}), markdown tables ({@code | 1 | B |}), JSON ({@code {"1": "B"}}, {@code [{"q": 1, "a": "B"}]},
 * {@code ["B", "C"]}), and shown work followed by the answer ({@code 1. 7 + 8 = 15 → B}, {@code Answer: B}). Only
 * the questions of the answer key are read; when a question is answered twice (a summary after the work, a
 * correction) the last answer counts. When every answer in the key is one option letter, the answer to a question is
 * the letter after a cue (answer, option, choice, so, →), else the letter it starts with, else the last letter
 * standing alone in its part of the text; otherwise the first word after the number.
 */
final class AnswerSheet {
  private AnswerSheet() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MARKUP = Pattern.compile("\\*\\*|__|`");
  /** A question number: at a line start or after , or ;; after a space with : or ); in parentheses; after Q or Question. */
  private static final Pattern MARKER = Pattern.compile(
      "(?:(?:^|[,;])[ \\t>*#+|\\-]*(\\d{1,3})[ \\t]*[:.)=\\]|\\-\u2013])|(?:(?<=\\s)(\\d{1,3})[ \\t]*[:)])|(?:\\((\\d{1,3})\\))"
          + "|(?:\\b(?:Q|Question|Item)[ \\t]*#?(\\d{1,3})\\b[ \\t]*[:.)=\\-\u2013]?)",
      Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
  private static final Pattern CUE = Pattern.compile(
      "(?:\\b(?:answer|ans|choice|option|final|so|hence|therefore|thus)\\w*|\u2192|->|=>)[ \\t]*(?:is|:|=|-)?[ \\t]*\\(?([A-Z])\\b(?![-'\u2019])");
  private static final Pattern FIRST_LETTER = Pattern.compile("^[\\s:.)=\\-\u2013]*\\(?([A-Za-z])(?![A-Za-z0-9'\u2019])");
  private static final Pattern LONE_LETTER = Pattern.compile("(?<![A-Za-z0-9'\u2019-])([A-Z])(?![A-Za-z0-9'\u2019-])");
  private static final Pattern FIRST_WORD = Pattern.compile("^[\\s:.)=\\-\u2013]*([A-Za-z0-9.\\-]+)");
  private static final Pattern TABLE_NUMBER = Pattern.compile("^(?:Q|Question|Item)?\\s*#?(\\d{1,3})[.:)]?$", Pattern.CASE_INSENSITIVE);

  /** Question number → answer, for the questions of {@code key} that {@code text} answers. */
  static Map<String, String> read(String text, Map<String, String> key) {
    String t = text == null ? "" : text;
    boolean letters = !key.isEmpty() && key.values().stream().allMatch(v -> v.matches("[A-Za-z]"));
    Map<String, String> json = fromJson(t, key, letters);
    if (!json.isEmpty()) return json;
    String plain = MARKUP.matcher(t).replaceAll("");
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = TextBudget.matcher(MARKER, plain);
    List<int[]> marks = new ArrayList<>(); // {question, start, end}
    while (m.find()) {
      String q = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
      q = String.valueOf(Integer.parseInt(q));
      if (key.containsKey(q)) marks.add(new int[] {Integer.parseInt(q), m.start(), m.end()});
    }
    for (int i = 0; i < marks.size(); i++) {
      int end = i + 1 < marks.size() ? marks.get(i + 1)[1] : plain.length();
      String part = plain.substring(marks.get(i)[2], Math.max(marks.get(i)[2], end));
      if (part.contains("|")) part = tableCells(part);
      String a = answer(part, letters);
      if (a != null) out.put(String.valueOf(marks.get(i)[0]), a);
    }
    return out;
  }

  /** The rest of a table row after its question cell: its cells, the last non-empty one last. */
  private static String tableCells(String rest) {
    String row = rest.lines().findFirst().orElse("");
    StringBuilder sb = new StringBuilder();
    for (String c : row.split("\\|")) if (!c.isBlank()) sb.append(sb.isEmpty() ? "" : " ").append(c.strip());
    return sb.toString();
  }

  /** The answer in one question's part of the text, or null. */
  private static String answer(String part, boolean letters) {
    if (!letters) {
      Matcher w = TextBudget.matcher(FIRST_WORD, part);
      if (!w.find()) return null;
      String a = w.group(1);
      return a.endsWith(".") ? a.substring(0, a.length() - 1) : a;
    }
    String last = null;
    Matcher c = TextBudget.matcher(CUE, part);
    while (c.find()) last = c.group(1);
    if (last != null) return last.toUpperCase();
    Matcher f = TextBudget.matcher(FIRST_LETTER, part);
    if (f.find() && !f.group(1).equals("I") && !(f.group(1).equals("A") && part.strip().matches("(?s)A\\s+[a-z].*")))
      return f.group(1).toUpperCase();
    Matcher l = TextBudget.matcher(LONE_LETTER, part);
    while (l.find()) last = l.group(1);
    return last;
  }

  /** The answers of a JSON object or array in the text (the first that parses and names key questions), or none. */
  private static Map<String, String> fromJson(String text, Map<String, String> key, boolean letters) {
    int tries = 0;
    for (int i = 0; i < text.length() && tries < 20; i++) {
      char ch = text.charAt(i);
      if (ch != '{' && ch != '[') continue;
      tries++;
      JsonNode n;
      try {
        n = JSON.readTree(text.substring(i));
      } catch (Exception e) {
        continue;
      }
      Map<String, String> out = new LinkedHashMap<>();
      collect(n, key, letters, out);
      if (!out.isEmpty()) return out;
    }
    return Map.of();
  }

  private static void collect(JsonNode n, Map<String, String> key, boolean letters, Map<String, String> out) {
    if (n == null) return;
    if (n.isObject()) {
      if (n.has("answers")) { collect(n.get("answers"), key, letters, out); return; }
      n.fields().forEachRemaining(e -> {
        Matcher q = TABLE_NUMBER.matcher(e.getKey().strip());
        if (q.matches()) put(out, key, letters, q.group(1), e.getValue().isObject() ? field(e.getValue(), "answer", "a", "choice", "option") : e.getValue());
      });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        JsonNode e = n.get(i);
        if (e.isObject()) {
          JsonNode q = field(e, "q", "question", "id", "number", "n", "item");
          if (q != null) put(out, key, letters, q.asText(), field(e, "a", "answer", "choice", "option"));
        } else if (e.isValueNode()) put(out, key, letters, String.valueOf(i + 1), e);
      }
    }
  }

  private static JsonNode field(JsonNode o, String... names) {
    for (String k : names) if (o.has(k)) return o.get(k);
    return null;
  }

  private static void put(Map<String, String> out, Map<String, String> key, boolean letters, String q, JsonNode v) {
    Matcher m = TABLE_NUMBER.matcher(q.strip());
    if (v == null || !v.isValueNode() || !m.matches()) return;
    String k = String.valueOf(Integer.parseInt(m.group(1)));
    String a = answer(v.asText(), letters);
    if (key.containsKey(k) && a != null) out.put(k, a);
  }
}
