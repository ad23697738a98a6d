package dev.candor.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.TextBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The transparent awareness detector: the reasoning is split into {@link Sentences}; a sentence is evidence for a
 * category ({@code aware}, {@code metagaming}) when one of the category's patterns matches it and none of its guards
 * does. Patterns and guards are data ({@code analysis/awareness-lexical-v1.yaml}, or a file of the same shape).
 * Deterministic and thread-safe. Reasoning over {@link TextBudget#MAX_CHARS}, or a pattern that exhausts its search
 * budget on a sentence, throws {@link TextBudget.TooLong}.
 */
public final class LexicalDetector implements AwarenessDetector {
  public static final String RESOURCE = "analysis/awareness-lexical-v1.yaml";

  private record Rule(String id, Pattern pattern) {}

  private record Category(List<Rule> patterns, List<Rule> guards) {}

  private final String version;
  private final Category aware;
  private final Category metagaming;

  private LexicalDetector(String version, Category aware, Category metagaming) {
    this.version = version;
    this.aware = aware;
    this.metagaming = metagaming;
  }

  /** The packaged detector. */
  public static LexicalDetector standard() {
    try {
      return parse(dev.candor.Yaml.read(dev.candor.Resources.text(RESOURCE)), RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** A detector from a patterns file of the packaged file's shape. */
  public static LexicalDetector fromFile(Path file) {
    try {
      return parse(dev.candor.Yaml.read(Files.readString(file)), file.toString());
    } catch (IOException e) {
      throw InvalidSetting.of(Setting.PATTERNS, "cannot read '" + file + "': " + e.getMessage());
    }
  }

  private static LexicalDetector parse(JsonNode root, String where) {
    if (root == null || !root.path("version").isTextual())
      throw new IllegalArgumentException(where + ": expected a 'version' string (e.g. lexical-v1)");
    JsonNode cats = root.path("categories");
    return new LexicalDetector(root.path("version").asText(), category(cats.path("aware"), where + ": categories.aware"),
        category(cats.path("metagaming"), where + ": categories.metagaming"));
  }

  private static Category category(JsonNode node, String where) {
    if (!node.isObject() || !node.path("patterns").isArray() || node.path("patterns").isEmpty())
      throw new IllegalArgumentException(where + ": expected a map with a non-empty 'patterns' list");
    return new Category(rules(node.path("patterns"), where + ".patterns"), rules(node.path("guards"), where + ".guards"));
  }

  private static List<Rule> rules(JsonNode list, String where) {
    List<Rule> out = new ArrayList<>();
    int i = 0;
    for (JsonNode r : list) {
      String id = r.path("id").asText("");
      String regex = r.path("regex").asText("");
      if (id.isBlank() || regex.isBlank())
        throw new IllegalArgumentException(where + "[" + i + "]: expected 'id' and 'regex'");
      try {
        out.add(new Rule(id, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(where + "[" + i + "] (" + id + "): bad regex: " + e.getDescription());
      }
      i++;
    }
    return out;
  }

  @Override
  public String scorer() { return "awareness-" + version; }

  @Override
  public AwarenessLabel label(String reasoning) {
    if (reasoning == null || reasoning.isBlank()) return AwarenessLabel.NONE;
    TextBudget.check("the reasoning", reasoning);
    List<String> awareEv = new ArrayList<>();
    List<String> metaEv = new ArrayList<>();
    Set<String> matched = new LinkedHashSet<>();
    for (Sentences.Sentence s : Sentences.split(reasoning)) {
      String hitA = match(aware, s.text());
      if (hitA != null) {
        awareEv.add(s.text());
        matched.add("aware:" + hitA);
      }
      String hitM = match(metagaming, s.text());
      if (hitM != null) {
        metaEv.add(s.text());
        matched.add("metagaming:" + hitM);
      }
    }
    return new AwarenessLabel(!awareEv.isEmpty(), !metaEv.isEmpty(), awareEv, metaEv, List.copyOf(matched));
  }

  /** Whether one sentence is awareness evidence (what interventions remove). */
  public boolean awareSentence(String sentence) {
    return match(aware, sentence) != null;
  }

  /** The id of the first pattern matching the sentence, or null when none does or a guard does. */
  private static String match(Category c, String sentence) {
    String hit = null;
    for (Rule r : c.patterns())
      if (TextBudget.matcher(r.pattern(), sentence).find()) {
        hit = r.id();
        break;
      }
    if (hit == null) return null;
    for (Rule g : c.guards()) if (TextBudget.matcher(g.pattern(), sentence).find()) return null;
    return hit;
  }
}
