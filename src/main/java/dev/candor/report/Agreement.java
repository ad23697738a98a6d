package dev.candor.report;

import dev.candor.core.Trajectory;
import dev.candor.stats.Kappa;
import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.store.TrajectoryFilter;
import dev.candor.store.TrajectorySummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far two scorers of a run agree on its trajectories: Cohen's kappa ({@link Kappa}) on their verdicts (flagged, 1,
 * or not, 0) per scenario and overall, over the trajectories both gave a verdict; control scenarios (sample metadata
 * {@code control}) are left out, as they measure something else. {@link #ruleAndJudge} compares the covert-actions rule
 * detector with the action-only judge.
 *
 * @param rows     one per scenario (the sample's {@code scenario} axis, else its variant), in the run's order
 * @param unpaired trajectories (controls aside) that only one of the two gave a verdict
 */
public record Agreement(String a, String b, List<Row> rows, Kappa overall, long unpaired) {
  public static final String RULE = "covert-rules-v1";
  public static final String JUDGE = "judge-action-only-v1";

  /** One scenario's agreement. */
  public record Row(String scenario, Kappa kappa) {}

  /** The rule detector against the action-only judge, when the run has scores of both. */
  public static Optional<Agreement> ruleAndJudge(Store store, RunRecord r) {
    List<String> scorers = RunLoader.scorers(store, r);
    return scorers.contains(RULE) && scorers.contains(JUDGE) ? Optional.of(of(store, r, RULE, JUDGE)) : Optional.empty();
  }

  /** The agreement of scorers {@code a} and {@code b} (either may be the run's headline). */
  public static Agreement of(Store store, RunRecord r, String a, String b) {
    Map<Trajectory.Key, Integer> va = verdicts(store, r, a), vb = verdicts(store, r, b);
    Map<String, String> scenarioOf = new HashMap<>();
    Map<String, long[][]> tables = new LinkedHashMap<>();
    for (StoredSample s : store.samples().of(r.id())) {
      if (Boolean.TRUE.equals(s.metadata().get("control"))) continue;
      String scenario = s.axes().getOrDefault("scenario", s.variantId());
      scenarioOf.put(s.sampleId(), scenario);
      tables.putIfAbsent(scenario, new long[2][2]);
    }
    long[][] all = new long[2][2];
    long unpaired = 0;
    java.util.Set<Trajectory.Key> keys = new java.util.HashSet<>(va.keySet());
    keys.addAll(vb.keySet());
    for (Trajectory.Key k : keys) {
      String scenario = scenarioOf.get(k.sampleId());
      if (scenario == null) continue; // a control
      Integer x = va.get(k), y = vb.get(k);
      if (x == null || y == null) {
        unpaired++;
        continue;
      }
      int i = x == 0 ? 0 : 1, j = y == 0 ? 0 : 1;
      tables.get(scenario)[i][j]++;
      all[i][j]++;
    }
    List<Row> rows = new ArrayList<>();
    tables.forEach((scenario, t) -> rows.add(new Row(scenario, Kappa.of(t))));
    return new Agreement(a, b, rows, Kappa.of(all), unpaired);
  }

  /** Each trajectory's 0/1 verdict by {@code scorer} (none when it gave no verdict). */
  private static Map<Trajectory.Key, Integer> verdicts(Store store, RunRecord r, String scorer) {
    Map<Trajectory.Key, Integer> out = new HashMap<>();
    if (scorer.equals(r.headline())) {
      for (TrajectorySummary t : store.trajectories().page(r.id(), TrajectoryFilter.ALL, 0, Integer.MAX_VALUE))
        if (t.value() != null) out.put(new Trajectory.Key(t.sampleId(), t.epoch()), t.value());
    } else {
      for (ScoreRecord s : store.scores().of(r.id(), scorer)) if (s.value() != null) out.put(s.key(), s.value());
    }
    return out;
  }

  /** The agreement as lines of text: a row per scenario, then overall. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("agreement of ").append(a).append(" and ").append(b)
        .append(" (Cohen's κ on flagged or not, 95% large-sample interval; controls left out):\n");
    int width = Math.max(34, rows.stream().mapToInt(x -> x.scenario().length()).max().orElse(0));
    String format = "  %-" + width + "s %6s %6s  %s%n";
    sb.append(String.format(java.util.Locale.ROOT, format, "scenario", "n", "agree", "κ [95% interval]"));
    for (Row row : rows) line(sb, format, row.scenario(), row.kappa());
    line(sb, format, "overall", overall);
    if (unpaired > 0) sb.append("  left out: ").append(unpaired).append(" trajectories with a verdict from only one of them\n");
    return sb.toString();
  }

  /** The agreement as a table for the HTML report: a row per scenario, then overall. */
  public EvaluationTables.Table table() {
    List<List<String>> out = new ArrayList<>();
    for (Row row : rows) out.add(cells(row.scenario(), row.kappa()));
    out.add(cells("overall", overall));
    return new EvaluationTables.Table("agreement of " + a + " and " + b + " (Cohen's κ on flagged or not, 95% large-sample interval; controls left out)",
        List.of("scenario", "n", "agree", "κ [95% interval]"), out,
        "n: trajectories both scored with a verdict; agree: the share they labelled alike. The interval is κ ± 1.96·SE (Fleiss, Cohen and "
            + "Everitt 1969), clipped to [−1, 1]; an approximation for many trajectories."
            + (unpaired > 0 ? " Left out: " + unpaired + " trajectories with a verdict from only one of them." : ""));
  }

  private static List<String> cells(String name, Kappa k) {
    return List.of(name, Long.toString(k.n()), k.observed() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", k.observed()), k.describe());
  }

  private static void line(StringBuilder sb, String format, String name, Kappa k) {
    List<String> c = cells(name, k);
    sb.append(String.format(java.util.Locale.ROOT, format, c.get(0), c.get(1), c.get(2), c.get(3)));
  }
}
