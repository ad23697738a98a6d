package dev.candor.report;

import dev.candor.stats.Comparison;
import dev.candor.stats.MeanRate;
import dev.candor.stats.RateEstimate;
import dev.candor.stats.Tally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Deterministic test data: reward-hint-like variants over two axes for a few runs. */
final class Fixtures {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Fixtures() {}

  static final String[] FIELDS = {"reward", "points", "cost"};
  static final String[] PARAS = {"p1", "p2"};

  /** Tallies for one run: one per (field, para) variant, with label counts including uncounted outcomes. */
  static List<Tally> tallies(long seed, double gaming, int variants) {
    var rnd = new Random(seed);
    var out = new ArrayList<Tally>();
    for (int v = 0; v < variants; v++) {
      String field = FIELDS[v % FIELDS.length], para = "p" + (v / FIELDS.length + 1);
      var axes = new LinkedHashMap<String, String>();
      axes.put("field", field);
      axes.put("para", para);
      var c = new Tally.Counter("v" + v + "-" + field + "-" + para, axes);
      for (int i = 0; i < 40; i++) {
        double r = rnd.nextDouble();
        if (r < 0.03) c.add("unparsed", null);
        else if (r < 0.05) c.add("error", null);
        else if (rnd.nextDouble() < gaming * (field.equals("cost") ? 0.2 : 1)) c.add("odd", 1);
        else c.add("even", 0);
      }
      out.add(c.tally());
    }
    return out;
  }

  static RunInfo run(String id, String name) {
    return new RunInfo(id, name, "openai/gpt-test", "reward-hints", "0.1.0", Instant.parse("2026-01-02T03:04:05Z"),
        dev.candor.Json.read("{\"epochs\":1,\"temperature\":1.0}", com.fasterxml.jackson.databind.JsonNode.class), 1234L, "complete");
  }

  static RunResults results(RunInfo info, List<Tally> tallies) {
    var byAxis = new LinkedHashMap<String, List<RateEstimate>>();
    for (String axis : List.of("field", "para"))
      byAxis.put(axis, Tally.groupBy(tallies, axis).stream().map(RateEstimate::of).toList());
    return new RunResults(info, tallies.stream().map(RateEstimate::of).toList(), byAxis, MeanRate.of(tallies, 9, 2000));
  }

  /** Two runs (before, after) over six variants, and their comparison. */
  record TwoRuns(RunResults before, RunResults after, RunComparison comparison) {
    List<RunResults> runs() { return List.of(before, after); }
  }

  static TwoRuns twoRuns() {
    List<Tally> a = tallies(1, 0.5, 6), b = tallies(2, 0.1, 6);
    return new TwoRuns(results(run("run-a", "rl-late"), a), results(run("run-b", "after-training"), b),
        new RunComparison("run-a", "run-b", Comparison.of(a, b, 3, 2000)));
  }

  static Map<String, String> axes(String... kv) {
    var m = new LinkedHashMap<String, String>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }
}
