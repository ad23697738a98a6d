package dev.candor.analysis;

import dev.candor.Percent;
import dev.candor.TextTable;
import dev.candor.stats.McNemar;
import dev.candor.stats.RateEstimate;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of an intervention run against its source: per arm the outcome rate of the selected trajectories
 * before (as originally graded) and after the edit and resampling, on the trajectories where both outcomes count,
 * with 95% Beta intervals and McNemar's exact test on the pairs; for {@code remove-aware} how often the model
 * verbalised awareness again in what it wrote after the cut; and, when both inject arms ran, McNemar's test of the
 * injected sentence against the random-sentence control on the same trajectories.
 */
public final class InterventionResults {
  private InterventionResults() {}

  /** One arm: selected trajectories, pairs with both outcomes counted, new outcomes not counted, the rates and the test. */
  public record ArmResult(Intervention.Arm arm, int selected, int paired, int uncounted, RateEstimate before, RateEstimate after,
                          McNemar test, int awareAgain, int awareAgainOf) {
    public double difference() { return after.rate() - before.rate(); }
  }

  /** Two arms against each other on the trajectories and cut points they share (e.g. inject vs its random-sentence control). */
  public record Control(int pairs, RateEstimate first, RateEstimate second, McNemar test) {}

  public record Results(String runId, String sourceRunId, List<ArmResult> arms, List<Control> controls) {}

  public static Results of(Store store, RunRecord run, LexicalDetector detector) {
    if (!Intervention.isIntervention(store, run))
      throw new IllegalArgumentException("run " + run.id() + " is not an intervention run (see: candor intervene --help)");
    Map<String, Map<String, Object>> iv = new HashMap<>();
    for (StoredSample s : store.samples().of(run.id())) {
      Object m = s.metadata().get(Intervention.META);
      if (m instanceof Map<?, ?> mm) {
        @SuppressWarnings("unchecked") Map<String, Object> typed = (Map<String, Object>) mm;
        iv.put(s.sampleId(), typed);
      }
    }
    Map<Intervention.Arm, int[]> counts = new EnumMap<>(Intervention.Arm.class); // selected, paired, uncounted, k0, k1, b, c, awareAgain, awareOf
    Map<Intervention.Arm, Map<String, Integer>> afterBySource = new EnumMap<>(Intervention.Arm.class);
    store.trajectories().forEach(run.id(), t -> {
      Map<String, Object> m = iv.get(t.sampleId());
      if (m == null) return;
      Intervention.Arm arm = Intervention.Arm.of(String.valueOf(m.get("arm")));
      int[] c = counts.computeIfAbsent(arm, a -> new int[9]);
      c[0]++;
      Integer before = m.get("original_value") instanceof Number n ? n.intValue() : null;
      Integer after = t.score().value();
      if (arm == Intervention.Arm.REMOVE_AWARE && !t.failed()) {
        c[8]++;
        if (detector.label(Reasoning.fromTurn(t, Intervention.turnOf(m))).aware()) c[7]++; // the edited turn and those after it
      }
      if (before == null || after == null) {
        c[2]++;
        return;
      }
      c[1]++;
      c[3] += before;
      c[4] += after;
      if (before == 1 && after == 0) c[5]++;
      if (before == 0 && after == 1) c[6]++;
      String source = m.get("source_sample") + "#" + m.get("source_epoch");
      afterBySource.computeIfAbsent(arm, a -> new HashMap<>()).put(source, after);
    });
    List<ArmResult> arms = new ArrayList<>();
    counts.forEach((arm, c) -> arms.add(new ArmResult(arm, c[0], c[1], c[2], RateEstimate.of(arm.id + " before", c[3], c[1]),
        RateEstimate.of(arm.id + " after", c[4], c[1]), McNemar.exact(c[5], c[6]), c[7], c[8])));
    List<Control> controls = new ArrayList<>();
    for (Intervention.Arm[] pair : new Intervention.Arm[][] {{Intervention.Arm.REMOVE_AWARE, Intervention.Arm.RESAMPLE_AWARE},
        {Intervention.Arm.INJECT, Intervention.Arm.INJECT_RANDOM}, {Intervention.Arm.INJECT, Intervention.Arm.RESAMPLE},
        {Intervention.Arm.INJECT_RANDOM, Intervention.Arm.RESAMPLE}})
      if (afterBySource.containsKey(pair[0]) && afterBySource.containsKey(pair[1]))
        controls.add(control(pair[0].id, afterBySource.get(pair[0]), pair[1].id, afterBySource.get(pair[1])));
    return new Results(run.id(), run.parentRunId(), List.copyOf(arms), List.copyOf(controls));
  }

  /** Two arms' new outcomes on the trajectories (and cut points) they share. */
  private static Control control(String first, Map<String, Integer> a, String second, Map<String, Integer> b) {
    int pairs = 0, ka = 0, kb = 0, x = 0, y = 0;
    for (var e : a.entrySet()) {
      Integer r = b.get(e.getKey());
      if (r == null) continue;
      pairs++;
      ka += e.getValue();
      kb += r;
      if (e.getValue() == 1 && r == 0) x++;
      if (e.getValue() == 0 && r == 1) y++;
    }
    return new Control(pairs, RateEstimate.of(first, ka, pairs), RateEstimate.of(second, kb, pairs), McNemar.exact(x, y));
  }

  public static String render(Results r, String outcomeName) {
    StringBuilder sb = new StringBuilder();
    sb.append("intervention run ").append(r.runId()).append(" on source run ").append(r.sourceRunId()).append('\n');
    sb.append(outcomeName).append(" rate of the same trajectories before (as graded in the source) and after editing the reasoning and\n")
        .append("resampling; 95% Beta(1+k, 1+n-k) intervals; McNemar exact test on the pairs (b: 1->0, c: 0->1):\n");
    TextTable g = new TextTable(List.of("arm", "selected", "pairs", "before", "before 95% CrI", "after", "after 95% CrI", "change", "b", "c",
        "McNemar p", "not counted"), 1).ruled(false);
    for (ArmResult a : r.arms())
      g.row(a.arm().id, Integer.toString(a.selected()), Integer.toString(a.paired()), Percent.pct(a.before().rate()),
          a.before().empty() ? "–" : Percent.interval(a.before().lo(), a.before().hi()), Percent.pct(a.after().rate()),
          a.after().empty() ? "–" : Percent.interval(a.after().lo(), a.after().hi()),
          a.paired() == 0 ? "–" : String.format(Locale.ROOT, "%+.1f pp", 100 * a.difference()), Integer.toString(a.test().b()),
          Integer.toString(a.test().c()), String.format(Locale.ROOT, "%.3g", a.test().p()), Integer.toString(a.uncounted()));
    sb.append(g.render());
    for (ArmResult a : r.arms())
      if (a.arm() == Intervention.Arm.REMOVE_AWARE && a.awareAgainOf() > 0)
        sb.append(String.format(Locale.ROOT, "remove-aware: the model verbalised awareness again after the cut in %d of %d trajectories (%s)%n",
            a.awareAgain(), a.awareAgainOf(), Percent.pct((double) a.awareAgain() / a.awareAgainOf())));
    for (Control c : r.controls())
      sb.append(String.format(Locale.ROOT, "%s vs %s on the same %d trajectories and cut points: %s %s vs %s %s, McNemar b=%d c=%d p=%.3g%n",
          c.first().key(), c.second().key(), c.pairs(), Percent.pct(c.first().rate()), c.first().empty() ? "–" : Percent.interval(c.first().lo(), c.first().hi()),
          Percent.pct(c.second().rate()), c.second().empty() ? "–" : Percent.interval(c.second().lo(), c.second().hi()), c.test().b(), c.test().c(), c.test().p()));
    return sb.toString();
  }
}
