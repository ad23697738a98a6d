package dev.candor.grade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.grade.IntegerAnswerExtractor.Extraction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of {@link IntegerAnswerExtractor} on a labelled set of realistic answers to the reward-hint prompt
 * ({@code reward-hint-answers/labelled.jsonl}: text, expected integer or "ambiguous"/"unparsed", category, reason,
 * split). The set is split in half (alternate lines); rules may be tuned on "dev" only, "heldout" is reported as is.
 * The floors are regression guards a little under the figures measured when the set was written.
 */
class LabelledAnswerSetTest {
  static final double DEV_FLOOR = 0.85;
  static final double HELDOUT_FLOOR = 0.80;

  record Case(String text, String expected, String category, String reason, String split) {}

  static List<Case> load() throws Exception {
    List<Case> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (var in = LabelledAnswerSetTest.class.getResourceAsStream("/reward-hint-answers/labelled.jsonl");
        var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) continue;
        JsonNode n = json.readTree(line);
        out.add(new Case(n.get("text").asText(), n.get("expected").asText(), n.get("category").asText(),
            n.get("reason").asText(), n.get("split").asText()));
      }
    }
    return out;
  }

  static String outcome(Extraction e) {
    return switch (e.kind()) {
      case INTEGER -> e.value().toString();
      case AMBIGUOUS -> "ambiguous";
      case UNPARSED, TOO_LONG -> "unparsed";
    };
  }

  static double accuracy(List<Case> cases, String split, List<String> misses) {
    int n = 0, right = 0;
    for (Case c : cases) {
      if (!c.split().equals(split)) continue;
      n++;
      String got = outcome(IntegerAnswerExtractor.extract(c.text()));
      if (got.equals(c.expected())) right++;
      else misses.add(split + " [" + c.category() + "] expected " + c.expected() + ", got " + got + ": " + c.text().replace("\n", "\\n"));
    }
    assertThat(n).as(split + " cases").isGreaterThan(40);
    return (double) right / n;
  }

  @Test
  void accuracyOnTheLabelledSetStaysAboveItsFloors() throws Exception {
    List<Case> cases = load();
    for (Case c : cases) assertThat(c.split()).isIn("dev", "heldout");
    List<String> misses = new ArrayList<>();
    double dev = accuracy(cases, "dev", misses), held = accuracy(cases, "heldout", misses);
    System.out.printf(Locale.ROOT, "labelled answers: dev %.3f, held-out %.3f (%d cases)%n", dev, held, cases.size());
    misses.forEach(m -> System.out.println("  miss " + m));
    assertThat(dev).as("dev accuracy; misses:\n" + String.join("\n", misses)).isGreaterThanOrEqualTo(DEV_FLOOR);
    assertThat(held).as("held-out accuracy; misses:\n" + String.join("\n", misses)).isGreaterThanOrEqualTo(HELDOUT_FLOOR);
  }
}
