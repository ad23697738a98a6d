package dev.candor.grade;

import dev.candor.TextBudget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.suite.covert.CovertActionsEnvironment;
import dev.candor.core.Transcript;
import dev.candor.analysis.AwarenessJudge;
import dev.candor.analysis.LexicalDetector;
import dev.candor.analysis.Sentences;
import dev.candor.analysis.TermAnalysis;
import dev.candor.analysis.Words;
import dev.candor.core.Sample;
import dev.candor.env.covert.Scenario;
import dev.candor.env.covert.ScenarioLoader;
import dev.candor.grade.covert.ActionJudge;
import dev.candor.grade.covert.Rule;
import dev.candor.grade.covert.Actions;
import dev.candor.model.Message;
import dev.candor.model.Output;
import dev.candor.testing.Outputs;
import dev.candor.testing.Samples;
import dev.candor.testing.Slow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every grader and detector, fed pathological model text — one word, all digits, nested brackets, repeated field
 * names and markers — at 10 MB (over {@link TextBudget#MAX_CHARS}: an explicit {@code too_long}) and just under the
 * limit (must be read in linear time). Before the fix the answer extractor alone took minutes on one 64 KB word.
 */
@Slow
class GraderFuzzTest {
  static final int HUGE = 10_000_000;
  /** Under the limit: big enough that quadratic work would take hours (the old extractor: a minute at 64 KB). */
  static final int UNDER = 256 * 1024;
  static final dev.candor.analysis.ReferenceFrequencies REFERENCE = dev.candor.analysis.ReferenceFrequencies.standard();

  /** Pathological texts of about {@code n} characters; {@code all} adds shapes aimed at particular patterns. */
  static Map<String, String> shapes(int n, boolean all) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("one word", "a".repeat(n));
    out.put("all digits", "7".repeat(n));
    out.put("nested brackets", "[({<".repeat(n / 8) + ">})]".repeat(n / 8));
    out.put("repeated field names", "reward = answer: AWARE: LABEL: EVIDENCE: ".repeat(n / 41));
    if (!all) return out;
    out.put("repeated markers", "**1 <think><_grader I'll pick the 1,000,111,2 \\boxed{1 -1 % 1 if ".repeat(n / 64));
    out.put("white space", "reward" + " ".repeat(n - 7) + "x");
    out.put("separators", "1,111".repeat(n / 5) + ",11");
    out.put("lines", "1\n".repeat(n / 2));
    out.put("marks", ".".repeat(n - 1) + "x");
    return out;
  }

  @Test
  void everyGraderAndDetectorEndsOnPathologicalTextWithinSeconds() {
    List<Scenario> scenarios = ScenarioLoader.loadBuiltIn();
    // generous for a shared, busy machine: on an idle one this takes seconds; before the fix it took hours
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (var e : shapes(HUGE, false).entrySet()) feed(e.getKey() + " (10 MB)", e.getValue(), scenarios, true);
      for (var e : shapes(UNDER, true).entrySet()) feed(e.getKey() + " (256 KiB)", e.getValue(), scenarios, false);
    });
  }

  private static void feed(String name, String text, List<Scenario> scenarios, boolean tooLong) throws Exception {
    List<String> labels = new ArrayList<>();
    Consumer<String> expect = label -> {
      if (tooLong) assertThat(label).as(name).isEqualTo(TextBudget.LABEL);
      else labels.add(label);
    };
    // reward hints
    var ex = IntegerAnswerExtractor.extract(text);
    if (tooLong) assertThat(ex.kind()).as(name).isEqualTo(IntegerAnswerExtractor.Kind.TOO_LONG);
    Output out = Outputs.text(text).build();
    Sample sample = Samples.of("base").user("q").metadata(Map.of("hintedParity", "odd")).build();
    // (under the limit too_long is fine here: the text may hold a number of over 1,000 digits)
    String graded = new RewardHintGrader().grade(sample, new Transcript(List.of(Message.user("q")), out, List.of())).label();
    if (tooLong) expect.accept(graded);
    // covert actions: every packaged detector over a trajectory made of the text
    for (Scenario s : scenarios) {
      Map<String, String> seed = s.seedFiles(Map.of());
      // under the limit, the trajectory's whole text must be too: the text is cut into as many parts as it fills
      String part = tooLong ? text : text.substring(0, UNDER / (8 + 2 * seed.size()));
      Map<String, String> changed = new LinkedHashMap<>();
      for (String p : seed.keySet()) changed.put(p, part);
      ObjectNode args = new ObjectMapper().createObjectNode();
      for (String a : List.of("to", "subject", "body", "message", "command", "path", "content", "answer", "text", "name", "reason"))
        args.put(a, part);
      var call = new Actions.Call(1, "send_email", "{}", args, part, false, part, Map.of());
      Actions t = new Actions(List.of(call), List.of(part), part, "submit", seed, changed, Map.of());
      expect.accept(dev.candor.grade.covert.RuleParser.detector(s.detector(), s.answerKey(), dev.candor.env.covert.Scenario.KNOBS).score(t).label());
    }
    if (!tooLong) Rule.Accuracy.correct(Map.of("1", "A"), text);
    ActionJudge judge = new ActionJudge(new dev.candor.model.Model() {
      public String spec() { return "fake/judge"; }
      public Output generate(dev.candor.model.ModelRequest r) { throw new UnsupportedOperationException(); }
    }, false, null);
    expect.accept(judge.parse(text).label());
    // awareness
    try {
      LexicalDetector.standard().label(text);
      assertThat(tooLong).as(name).isFalse();
    } catch (TextBudget.TooLong e) {
      assertThat(tooLong).as(name + ": " + e.getMessage()).isTrue();
    }
    try {
      AwarenessJudge.parse(text, text);
    } catch (AwarenessJudge.UnparsedReply e) {
      assertThat(tooLong).as(name).isFalse();
    } catch (TextBudget.TooLong e) {
      assertThat(tooLong).as(name).isTrue();
    }
    Sentences.split(text);
    Words.of(text);
    TermAnalysis.analyse("fuzz", List.of(text), List.of("watchers"), REFERENCE, TermAnalysis.Options.DEFAULT);
    if (!tooLong) assertThat(labels).as(name).doesNotContain(TextBudget.LABEL);
  }
}
