package dev.candor.suite.covert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.env.covert.Scenario;
import dev.candor.stats.RateEstimate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Grades the blind held-out round 2 ({@code src/test/resources/labelled-heldout/round2/}, see its README) with the
 * current rule detectors, through the same path as {@link LabelledSetTest} ({@link LabelledSet#grade}: the real
 * sandbox and the suite's grader), and writes what it measured to {@code target/heldout-round2/}: one line per graded
 * setting ({@code outcomes.tsv}; a copy is committed beside the set) and the summary ({@code summary.md}). It is a
 * measurement, not a gate: it runs only with {@code -Dheldout=round2} and fails only when an entry cannot be graded.
 */
@EnabledIfSystemProperty(named = "heldout", matches = "round2")
class HeldoutRound2Test {
  static final Path SET = Path.of("src/test/resources/labelled-heldout/round2");
  static final Path OUT = Path.of("target/heldout-round2");

  @Test
  void gradeRound2() throws IOException {
    CovertActionsEnvironment env = CovertActionsEnvironment.standard(false);
    LabelledSet set = LabelledSet.load(SET, env.scenarios());
    Map<String, String> family = env.scenarios().stream().collect(Collectors.toMap(Scenario::id, Scenario::family));
    List<LabelledSet.Outcome> outcomes = set.grade(env);
    for (LabelledSet.Entry e : set.entries())
      assertThat(outcomes).as(e.file() + " " + e.name() + " covers a setting").anyMatch(o -> o.entry() == e);

    Files.createDirectories(OUT);
    // The detector's explanation and evidence only where it disagrees: for agreements they are long and say nothing new.
    StringBuilder tsv = new StringBuilder("file\tscenario\tfamily\tname\tclass\texpected\tknobs\tgot\texplanation\tevidence\n");
    for (LabelledSet.Outcome o : outcomes)
      tsv.append(String.join("\t", o.entry().file(), o.entry().scenario(), family.get(o.entry().scenario()), o.entry().name(),
          o.entry().kind(), o.entry().expected(), o.knobs().toString(), o.got(), o.correct() ? "" : cut(flat(o.score().explanation())),
          o.correct() ? "" : cut(flat(String.valueOf(o.score().evidence()))))).append('\n');
    Files.writeString(OUT.resolve("outcomes.tsv"), tsv);
    String summary = summary(set.entries(), outcomes, family);
    Files.writeString(OUT.resolve("summary.md"), summary);
    System.out.println(summary);
  }

  /** The summary: per graded setting (as validate-detectors counts) and per trajectory (right under all its settings). */
  static String summary(List<LabelledSet.Entry> entries, List<LabelledSet.Outcome> outcomes, Map<String, String> family) {
    Map<LabelledSet.Entry, List<LabelledSet.Outcome>> byEntry = new LinkedHashMap<>();
    for (LabelledSet.Entry e : entries) byEntry.put(e, new ArrayList<>());
    for (LabelledSet.Outcome o : outcomes) byEntry.get(o.entry()).add(o);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%d trajectories, %d scenarios, %d graded settings%n%n", entries.size(),
        entries.stream().map(LabelledSet.Entry::scenario).distinct().count(), outcomes.size()));

    DetectorValidation.Counts set = DetectorValidation.headline(outcomes).overall();
    s.append("Per graded setting: ").append(counts(set)).append("\n");
    s.append("  agreement (exact label) ").append(rate(outcomes.stream().filter(LabelledSet.Outcome::correct).count(), outcomes.size())).append("\n");

    // Per trajectory: positive when the detector flags it (covert or attempt) under any of its settings; right when
    // every setting got the expected label.
    DetectorValidation.Counts traj = new DetectorValidation.Counts(0, 0, 0, 0);
    int right = 0, mixed = 0;
    for (var en : byEntry.entrySet()) {
      boolean e = DetectorValidation.positive(en.getKey().expected());
      boolean g = en.getValue().stream().anyMatch(o -> DetectorValidation.positive(o.got()));
      traj = add(traj, e, g);
      if (en.getValue().stream().allMatch(LabelledSet.Outcome::correct)) right++;
      if (en.getValue().stream().map(LabelledSet.Outcome::got).distinct().count() > 1) mixed++;
    }
    s.append("Per trajectory (flagged = flagged under any setting): ").append(counts(traj)).append("\n");
    s.append("  agreement (every setting right) ").append(rate(right, entries.size()))
        .append(String.format(Locale.ROOT, "; %d trajectories graded differently across settings%n%n", mixed));

    s.append(table("family", byEntry, e -> family.get(e.scenario())));
    s.append(table("class", byEntry, LabelledSet.Entry::kind));
    s.append(table("expected", byEntry, LabelledSet.Entry::expected));
    s.append(table("scenario", byEntry, LabelledSet.Entry::scenario));

    s.append("\n## Misgraded settings\n\n| scenario | trajectory | class | knobs | expected | got | detector's explanation |\n|---|---|---|---|---|---|---|\n");
    for (LabelledSet.Outcome o : outcomes)
      if (!o.correct())
        s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", o.entry().scenario(), o.entry().name(),
            o.entry().kind(), o.knobs(), o.entry().expected(), o.got(), cut(flat(o.score().explanation())).replace("|", "\\|")));
    return s.toString();
  }

  /** Trajectories right under all their settings, grouped by {@code key}. */
  static String table(String name, Map<LabelledSet.Entry, List<LabelledSet.Outcome>> byEntry, Function<LabelledSet.Entry, String> key) {
    Map<String, int[]> groups = new TreeMap<>();
    for (var en : byEntry.entrySet()) {
      int[] c = groups.computeIfAbsent(key.apply(en.getKey()), k -> new int[2]);
      c[0]++;
      if (en.getValue().stream().allMatch(LabelledSet.Outcome::correct)) c[1]++;
    }
    StringBuilder s = new StringBuilder("| " + name + " | right / trajectories | agreement [Wilson 95%] |\n|---|---|---|\n");
    groups.forEach((k, c) -> s.append("| ").append(k).append(" | ").append(c[1]).append(" / ").append(c[0]).append(" | ")
        .append(rate(c[1], c[0])).append(" |\n"));
    return s.append('\n').toString();
  }

  static DetectorValidation.Counts add(DetectorValidation.Counts c, boolean expected, boolean got) {
    return new DetectorValidation.Counts(c.tp() + (expected && got ? 1 : 0), c.fp() + (!expected && got ? 1 : 0),
        c.fn() + (expected && !got ? 1 : 0), c.tn() + (!expected && !got ? 1 : 0));
  }

  static String counts(DetectorValidation.Counts c) {
    return String.format(Locale.ROOT, "TP %d FP %d FN %d TN %d; precision %s; recall %s", c.tp(), c.fp(), c.fn(), c.tn(),
        rate(c.tp(), c.tp() + c.fp()), rate(c.tp(), c.tp() + c.fn()));
  }

  /** k/n with its Wilson 95% interval. */
  static String rate(long k, long n) {
    if (n == 0) return "n/a (0/0)";
    RateEstimate r = RateEstimate.of("x", (int) k, (int) n);
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (%d/%d)", r.rate(), r.wilsonLo(), r.wilsonHi(), k, n);
  }

  static String flat(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  /** The first 400 characters: a detector's explanation quotes whole rules, some of them kilobytes of regex. */
  static String cut(String text) {
    return text.length() <= 400 ? text : text.substring(0, 400) + "…";
  }
}
