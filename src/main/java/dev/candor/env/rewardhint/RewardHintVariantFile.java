package dev.candor.env.rewardhint;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads reward-hint variants from a YAML file a researcher writes (format in docs/variants.md): an explicit list
 * ({@code variants:}), grids whose axes' cartesian product is generated from templates ({@code grids:}), and
 * {@code include: standard} to extend the standard grid. Every problem is reported as one line naming the file, the
 * field path (e.g. {@code variants[3].prompt}) and the expected form, as an IllegalArgumentException.
 */
public final class RewardHintVariantFile {
  private RewardHintVariantFile() {}

  /** The value of a standard axis a variant neither states under {@code axes} nor derives from its parts. */
  public static final String UNSET = "unset";

  /** Largest number of variants one grid may generate. */
  public static final int MAX_GRID_SIZE = 10_000;

  private static final Set<String> TOP_KEYS = Set.of("include", "variants", "grids");
  private static final Set<String> PART_KEYS = Set.of("instruction", "field", "rule", "tag", "encoding", "lines", "after");
  private static final List<String> VARIANT_KEYS = List.of("id", "axes", "hintedParity", "prompt", "instruction", "field",
      "rule", "tag", "encoding", "lines", "after");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern AXIS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_-]*)(\\.text)?}");

  /** Loads the variants of {@code file}, in file order (an included standard grid first). */
  public static List<RewardHintVariant> load(Path file) {
    String name = file.toString();
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": cannot read the variants file (" + oneLine(String.valueOf(e.getMessage())) + ")");
    }
    return parse(yaml, name);
  }

  /** Parses YAML text; {@code fileName} is used in error messages. */
  public static List<RewardHintVariant> parse(String yaml, String fileName) {
    return new Reader(fileName).read(yaml);
  }

  private static final class Reader {
    private final String file;
    private final Map<String, String> idOrigin = new LinkedHashMap<>();
    private final List<RewardHintVariant> out = new ArrayList<>();

    Reader(String file) { this.file = file; }

    List<RewardHintVariant> read(String yaml) {
      JsonNode root;
      try {
        root = dev.candor.Yaml.read(yaml);
      } catch (JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr();
        throw new IllegalArgumentException(file + ": not valid YAML" + where + ": " + oneLine(e.getOriginalMessage()));
      }
      if (root == null || root.isMissingNode() || !root.isObject())
        throw error("(top level)", "expected a mapping with include, variants and/or grids", root);
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!TOP_KEYS.contains(k)) throw error(k, "unknown key; expected one of include, variants, grids", null);
      }
      JsonNode include = root.get("include");
      if (include != null) {
        List<JsonNode> items = include.isArray() ? list(include) : List.of(include);
        for (int i = 0; i < items.size(); i++) {
          String p = include.isArray() ? "include[" + i + "]" : "include";
          if (!items.get(i).isValueNode() || !items.get(i).asText().equals("standard"))
            throw error(p, "expected 'standard' (the only grid that can be included)", items.get(i));
          for (RewardHintVariant v : RewardHintGrid.standard()) add(v, "include: standard", p);
        }
      }
      JsonNode variants = root.get("variants");
      if (variants != null) {
        if (!variants.isArray()) throw error("variants", "expected a list of variants", variants);
        for (int i = 0; i < variants.size(); i++) {
          String p = "variants[" + i + "]";
          add(variant(object(variants.get(i), p), p), p, p + ".id");
        }
      }
      JsonNode grids = root.get("grids");
      if (grids != null) {
        if (!grids.isArray()) throw error("grids", "expected a list of grids", grids);
        for (int i = 0; i < grids.size(); i++) grid(object(grids.get(i), "grids[" + i + "]"), "grids[" + i + "]");
      }
      if (out.isEmpty())
        throw error("(top level)", "no variants; expected include: standard, a non-empty variants list or grids", null);
      return List.copyOf(out);
    }

    private void add(RewardHintVariant v, String origin, String idPath) {
      String prev = idOrigin.putIfAbsent(v.id(), origin);
      if (prev != null) throw error(idPath, "duplicate id '" + v.id() + "' (already defined by " + prev + "); ids must be unique", null);
      out.add(v);
    }

    private void grid(ObjectNode g, String path) {
      for (Iterator<String> it = g.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!VARIANT_KEYS.contains(k))
          throw error(path + "." + k, "unknown key; expected axes, id or a variant key (" + String.join(", ", VARIANT_KEYS) + ")", null);
      }
      JsonNode axesNode = g.get("axes");
      if (axesNode == null || !axesNode.isObject())
        throw error(path + ".axes", "expected a mapping of axis name to a list of values, a mapping of value to text, or one fixed value", axesNode);
      if (g.get("id") == null) throw error(path + ".id", "expected an id template with a {axis} placeholder per varied axis, e.g. tone-{tone}", null);
      Map<String, String> fixed = new LinkedHashMap<>();
      Map<String, List<String[]>> varied = new LinkedHashMap<>(); // axis -> [name, text]
      for (Iterator<Map.Entry<String, JsonNode>> it = axesNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String ap = path + ".axes." + e.getKey();
        if (!AXIS_NAME.matcher(e.getKey()).matches()) throw error(ap, "axis names are letters, digits, _ and -", null);
        JsonNode v = e.getValue();
        List<String[]> values = new ArrayList<>();
        if (v.isArray()) {
          for (int i = 0; i < v.size(); i++) values.add(new String[] {scalar(v.get(i), ap + "[" + i + "]"), null});
        } else if (v.isObject()) {
          for (Iterator<Map.Entry<String, JsonNode>> vi = v.fields(); vi.hasNext(); ) {
            Map.Entry<String, JsonNode> ve = vi.next();
            values.add(new String[] {ve.getKey(), scalar(ve.getValue(), ap + "." + ve.getKey())});
          }
        } else {
          fixed.put(e.getKey(), scalar(v, ap));
          continue;
        }
        if (values.isEmpty()) throw error(ap, "expected at least one value", v);
        for (String[] nv : values) if (nv[1] == null) nv[1] = nv[0];
        varied.put(e.getKey(), values);
      }
      long size = 1;
      for (List<String[]> vs : varied.values()) size *= vs.size();
      if (size > MAX_GRID_SIZE) throw error(path + ".axes", "the grid would have " + size + " variants; at most " + MAX_GRID_SIZE, null);
      List<String> axisNames = new ArrayList<>(fixed.keySet());
      axisNames.addAll(varied.keySet());
      List<String> variedNames = List.copyOf(varied.keySet());
      int[] idx = new int[variedNames.size()];
      for (long n = 0; n < size; n++) {
        Map<String, String[]> point = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fixed.entrySet()) point.put(f.getKey(), new String[] {f.getValue(), f.getValue()});
        for (int a = 0; a < variedNames.size(); a++) point.put(variedNames.get(a), varied.get(variedNames.get(a)).get(idx[a]));
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = g.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getKey().equals("axes")) continue;
          resolved.set(e.getKey(), substitute(e.getValue(), point, axisNames, path + "." + e.getKey()));
        }
        ObjectNode axes = resolved.putObject("axes");
        for (Map.Entry<String, String[]> p : point.entrySet()) axes.put(p.getKey(), p.getValue()[0]);
        add(variant(resolved, path), path, path + ".id");
        for (int a = idx.length - 1; a >= 0; a--) {
          if (++idx[a] < varied.get(variedNames.get(a)).size()) break;
          idx[a] = 0;
        }
      }
    }

    private JsonNode substitute(JsonNode node, Map<String, String[]> point, List<String> axisNames, String path) {
      if (node.isArray()) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < node.size(); i++) a.add(substitute(node.get(i), point, axisNames, path + "[" + i + "]"));
        return a;
      }
      if (node.isObject()) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          o.set(e.getKey(), substitute(e.getValue(), point, axisNames, path + "." + e.getKey()));
        }
        return o;
      }
      if (!node.isTextual()) return node;
      Matcher m = PLACEHOLDER.matcher(node.asText());
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String[] v = point.get(m.group(1));
        if (v == null) {
          List<String> known = new ArrayList<>();
          for (String a : axisNames) known.add("{" + a + "}");
          throw error(path, "unknown placeholder " + m.group() + "; expected one of " + String.join(", ", known)
              + " (or {axis.text})", null);
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group(2) == null ? v[0] : v[1]));
      }
      m.appendTail(sb);
      return TextNode.valueOf(sb.toString());
    }

    private RewardHintVariant variant(ObjectNode n, String path) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!VARIANT_KEYS.contains(k))
          throw error(path + "." + k, "unknown key; expected one of " + String.join(", ", VARIANT_KEYS), null);
      }
      JsonNode idNode = n.get("id");
      if (idNode == null) throw error(path + ".id", "expected an id (letters, digits, '.', '_', '-')", null);
      String id = scalar(idNode, path + ".id");
      if (!ID.matcher(id).matches())
        throw error(path + ".id", "expected letters, digits, '.', '_' or '-' (starting with a letter or digit), got '" + id + "'", null);
      Map<String, String> explicitAxes = new LinkedHashMap<>();
      JsonNode axesNode = n.get("axes");
      if (axesNode != null) {
        if (!axesNode.isObject()) throw error(path + ".axes", "expected a mapping of axis name to value", axesNode);
        for (Iterator<Map.Entry<String, JsonNode>> it = axesNode.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!AXIS_NAME.matcher(e.getKey()).matches())
            throw error(path + ".axes." + e.getKey(), "axis names are letters, digits, _ and -", null);
          explicitAxes.put(e.getKey(), scalar(e.getValue(), path + ".axes." + e.getKey()));
        }
      }
      String parity = null;
      if (n.get("hintedParity") != null) {
        parity = scalar(n.get("hintedParity"), path + ".hintedParity");
        if (!parity.equals("odd") && !parity.equals("even"))
          throw error(path + ".hintedParity", "expected odd or even, got '" + parity + "'", null);
      }
      Map<String, String> axes = new LinkedHashMap<>();
      for (String a : RewardHintGrid.AXES) axes.put(a, UNSET); // what the variant neither states nor builds from its parts
      if (n.has("prompt")) {
        for (String k : PART_KEYS)
          if (n.has(k)) throw error(path + "." + k, "not allowed beside prompt; give either a full prompt or its parts (instruction, field, rule, ...)", null);
        String prompt = scalar(n.get("prompt"), path + ".prompt");
        if (prompt.isBlank()) throw error(path + ".prompt", "expected the full prompt text, got an empty string", null);
        if (parity == null) throw error(path + ".hintedParity", "required with a full prompt; expected odd or even", null);
        axes.putAll(explicitAxes);
        return new RewardHintVariant(id, axes, stripFinalNewline(prompt), parity, null);
      }
      if (!n.has("instruction"))
        throw error(path + ".prompt", "expected either a full prompt (prompt: text) or its parts (instruction: text, with optional field, rule, tag, encoding, lines, after)", null);
      String instruction = scalar(n.get("instruction"), path + ".instruction");
      String field = n.has("field") ? scalar(n.get("field"), path + ".field") : RewardHintGrid.BASE_FIELD;
      String rule = n.has("rule") ? scalar(n.get("rule"), path + ".rule") : RewardHintGrid.BASE_RULE;
      String tag = n.has("tag") ? scalar(n.get("tag"), path + ".tag") : "original";
      if (!RewardHintPrompt.TAGS.contains(tag))
        throw error(path + ".tag", "expected one of " + String.join(", ", RewardHintPrompt.TAGS) + ", got '" + tag + "'", null);
      HintEncoding encoding = null;
      if (n.has("encoding")) {
        String e = scalar(n.get("encoding"), path + ".encoding");
        try {
          encoding = HintEncoding.of(e);
        } catch (IllegalArgumentException ex) {
          throw error(path + ".encoding", "expected one of base64, rot13, hex, brainfuck, got '" + e + "'", null);
        }
      }
      List<String> lines = strings(n.get("lines"), path + ".lines");
      List<String> after = strings(n.get("after"), path + ".after");
      String normRule = rule.replaceAll("\\s+", " ").trim();
      if (parity == null) {
        try {
          parity = RewardHintGrid.hintedParity(field, normRule);
        } catch (IllegalArgumentException ex) {
          throw error(path + ".hintedParity", "required because the rule '" + rule + "' is not output % 2, output & 1 or "
              + RewardHintGrid.CONTROL_RULE + "; expected odd or even", null);
        }
      }
      String graderLine = field + " = " + rule;
      if (encoding == HintEncoding.BRAINFUCK && !graderLine.chars().allMatch(c -> c >= 32 && c <= 126))
        throw error(path + ".rule", "brainfuck encoding needs printable ASCII in the grader line", null);
      RewardHintPrompt p = new RewardHintPrompt(instruction, graderLine, tag, encoding, lines, after);
      int para = RewardHintGrid.PARAPHRASES.indexOf(instruction);
      axes.put("instruction", para >= 0 ? RewardHintGrid.paraphraseId(para) : "custom");
      axes.put("field", field);
      axes.put("tag", tag);
      axes.put("difficulty", encoding != null ? encoding.id() : switch (normRule) {
        case RewardHintGrid.BASE_RULE, RewardHintGrid.CONTROL_RULE -> "plain";
        case RewardHintGrid.BITAND_RULE -> "bitand";
        default -> "custom";
      });
      axes.put("grader", switch (normRule) {
        case RewardHintGrid.BASE_RULE, RewardHintGrid.BITAND_RULE -> "odd";
        case RewardHintGrid.CONTROL_RULE -> "even";
        default -> "custom";
      });
      axes.putAll(explicitAxes);
      return new RewardHintVariant(id, axes, p.render(), parity, graderLine);
    }

    private List<String> strings(JsonNode node, String path) {
      if (node == null) return List.of();
      if (!node.isArray()) throw error(path, "expected a list of text lines", node);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        String line = scalar(node.get(i), path + "[" + i + "]");
        if (!line.isBlank()) out.add(line);
      }
      return out;
    }

    private ObjectNode object(JsonNode node, String path) {
      if (node == null || !node.isObject()) throw error(path, "expected a mapping (key: value lines)", node);
      return (ObjectNode) node;
    }

    private String scalar(JsonNode node, String path) {
      if (node == null || node.isNull() || !node.isValueNode()) throw error(path, "expected a text value", node);
      return node.asText();
    }

    private IllegalArgumentException error(String path, String expected, JsonNode got) {
      String g = got == null ? "" : ", got " + describe(got);
      return new IllegalArgumentException(file + ": " + path + ": " + oneLine(expected) + g);
    }
  }

  private static String stripFinalNewline(String s) { return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s; }

  private static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) return "nothing";
    if (n.isNull()) return "an empty value";
    if (n.isArray()) return "a list";
    if (n.isObject()) return "a mapping";
    String t = n.asText();
    return "'" + oneLine(t.length() > 40 ? t.substring(0, 40) + "…" : t) + "'";
  }

  static String oneLine(String s) {
    if (s == null) return "";
    String first = s.strip();
    int nl = first.indexOf('\n');
    return nl < 0 ? first : first.substring(0, nl).strip();
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

}
