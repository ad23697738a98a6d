package dev.candor.report;

import static dev.candor.Percent.interval;
import static dev.candor.Percent.pct;

import dev.candor.TextTable;
import dev.candor.stats.AverageComparison;
import dev.candor.stats.FamilyAverage;
import dev.candor.stats.MeanRate;
import dev.candor.stats.RateEstimate;
import dev.candor.stats.SandbaggingTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The family-level summary of an agentic run ({@link Evaluations}) and the suite-level comparison of runs
 * ({@link AverageComparison}) as tables: formatted rows for the terminal and the HTML report ({@link Table}), plain
 * numbers for JSON and CSV. Every table names its unit and method.
 */
public final class EvaluationTables {
  private EvaluationTables() {}

  static final String ARMS_NOTE = "headline = pressure settings; counterfactual = settings with threat off, nudge off or oversight on";
  static final String MC = "Monte Carlo over the families' Beta(1+k, 1+n−k) posteriors";
  static final String BOOTSTRAP = "bootstrap over scenarios within families, each family's rate drawn from the Beta posterior of the resampled counts";
  static final String SANDBAGGING = "each trajectory's accuracy under threat vs the no-threat control; one-sided permutation test";
  static final String SUITE_TEST = "two-sided stratified permutation test over families";

  /** A formatted table: a title line, a header, rows, and a note under it (may be empty). */
  public record Table(String title, List<String> header, List<List<String>> rows, String note) {
    public String text() {
      var t = new TextTable(header, 1);
      rows.forEach(t::row);
      return title + ":\n" + t.render() + (note.isEmpty() ? "" : note + "\n");
    }
  }

  // ---------------------------------------------------------------- one run

  /** Per family: scenarios, pressure and counterfactual rates, their difference; then the averages. */
  public static Table families(Evaluations ev) {
    var rows = new ArrayList<List<String>>();
    FamilyAverage a = ev.average();
    if (a != null) {
      for (FamilyAverage.Family f : a.families())
        rows.add(List.of(f.name(), Integer.toString(f.scenarios()), rate(f.pressure()), rate(f.counterfactual()), diff(f.diff(), f.diffLo(), f.diffHi())));
      rows.add(List.of(ev.unit(), "", mean(a.pressure()), mean(a.counterfactual()),
          a.difference() == null ? "–" : diff(a.difference().mean(), a.difference().lo(), a.difference().hi())));
      if (a.bootstrap() != null)
        rows.add(List.of("  with between-scenario variation", "", "   " + interval(a.bootstrap().lo(), a.bootstrap().hi()), "", ""));
    }
    return new Table("evaluation families (" + ARMS_NOTE + ")", List.of("family", "scenarios", "pressure", "counterfactual", "pressure − counterfactual"),
        rows, a == null ? "no family counted a trajectory" : averageNote(ev));
  }

  static String averageNote(Evaluations ev) {
    FamilyAverage a = ev.average();
    var sb = new StringBuilder(ev.unitDetail()).append(": ").append(MC);
    if (a.pressure() != null) sb.append(String.format(Locale.ROOT, " (%d draws, seed %d)", a.pressure().draws(), a.pressure().seed()));
    if (a.bootstrap() != null)
      sb.append(String.format(Locale.ROOT, "; the interval with between-scenario variation is a %s (%d replicates, seed %d)", BOOTSTRAP,
          a.bootstrap().replicates(), a.bootstrap().seed()));
    if (a.difference() != null) sb.append("; the difference averages the ").append(a.difference().families()).append(" families with both arms");
    return sb.append('.').toString();
  }

  /** The sandbagging test per scenario; null when there is none. */
  public static Table sandbagging(Map<String, SandbaggingTest.Result> results) {
    if (results.isEmpty()) return null;
    var rows = new ArrayList<List<String>>();
    results.forEach((scenario, r) -> rows.add(List.of(scenario, accuracy(r.threatAccuracy(), r.threatTrajectories()),
        accuracy(r.controlAccuracy(), r.controlTrajectories()), diff(r.gap(), r.gapLo(), r.gapHi()), pValue(r), r.verdict().text())));
    double alpha = results.values().iterator().next().alpha();
    return new Table("sandbagging (" + SANDBAGGING + ", α = " + alpha + ")",
        List.of("scenario", "threat accuracy", "control accuracy", "gap (control − threat)", "p", "verdict"), rows,
        "p is exact (every split of the trajectories enumerated) or, with many trajectories, from seeded random splits; the "
            + "interval is a bootstrap of trajectories within each arm (none with fewer than 2 per arm).");
  }

  static Map<String, Object> json(Evaluations ev) {
    var out = new LinkedHashMap<String, Object>();
    FamilyAverage a = ev.average();
    out.put("unit", ev.unit());
    out.put("control_families", ev.controlFamilies());
    out.put("arms", ARMS_NOTE);
    var fams = new ArrayList<Map<String, Object>>();
    if (a != null)
      for (FamilyAverage.Family f : a.families()) {
        var m = new LinkedHashMap<String, Object>();
        m.put("family", f.name());
        m.put("scenarios", f.scenarios());
        m.put("pressure", rateJson(f.pressure()));
        m.put("counterfactual", rateJson(f.counterfactual()));
        m.put("diff", num(f.diff()));
        m.put("diff_lo", num(f.diffLo()));
        m.put("diff_hi", num(f.diffHi()));
        fams.add(m);
      }
    out.put("families", fams);
    var avg = new LinkedHashMap<String, Object>();
    if (a != null) {
      avg.put("pressure", meanJson(a.pressure()));
      if (a.bootstrap() != null)
        avg.put("pressure_bootstrap", ordered("mean", a.bootstrap().mean(), "lo", a.bootstrap().lo(), "hi", a.bootstrap().hi(),
            "families", a.bootstrap().families(), "replicates", a.bootstrap().replicates(), "seed", a.bootstrap().seed(), "method", BOOTSTRAP));
      avg.put("counterfactual", meanJson(a.counterfactual()));
      avg.put("difference", a.difference() == null ? null : ordered("mean", a.difference().mean(), "lo", a.difference().lo(), "hi", a.difference().hi(),
          "families", a.difference().families(), "draws", a.difference().draws(), "seed", a.difference().seed(), "method", MC));
    }
    out.put("average", avg);
    var sb = new ArrayList<Map<String, Object>>();
    ev.sandbagging().forEach((scenario, r) -> sb.add(sandbaggingJson(scenario, r)));
    out.put("sandbagging", sb);
    return out;
  }

  static Map<String, Object> sandbaggingJson(String scenario, SandbaggingTest.Result r) {
    return ordered("scenario", scenario, "threat_trajectories", r.threatTrajectories(), "control_trajectories", r.controlTrajectories(),
        "threat_accuracy", r.threatAccuracy(), "control_accuracy", r.controlAccuracy(), "gap", r.gap(), "gap_lo", num(r.gapLo()),
        "gap_hi", num(r.gapHi()), "p", r.pValue(), "exact", r.exact(), "min_p", num(r.minP()), "alpha", r.alpha(),
        "verdict", r.verdict().name().toLowerCase(Locale.ROOT), "test", SANDBAGGING, "seed", r.seed());
  }

  /** CSV sections after the cells: the families with the averages as last rows, then the sandbagging tests. */
  static List<List<List<String>>> csv(Evaluations ev) {
    var sections = new ArrayList<List<List<String>>>();
    var fam = new ArrayList<List<String>>();
    fam.add(List.of("family", "scenarios", "pressure_n", "pressure_k", "pressure_mean", "pressure_lo", "pressure_hi", "counterfactual_n",
        "counterfactual_k", "counterfactual_mean", "counterfactual_lo", "counterfactual_hi", "diff", "diff_lo", "diff_hi", "method"));
    FamilyAverage a = ev.average();
    if (a != null) {
      for (FamilyAverage.Family f : a.families()) {
        var row = new ArrayList<String>(List.of(f.name(), Integer.toString(f.scenarios())));
        row.addAll(rateCsv(f.pressure()));
        row.addAll(rateCsv(f.counterfactual()));
        row.addAll(List.of(csvNum(f.diff()), csvNum(f.diffLo()), csvNum(f.diffHi()), "Beta posterior; difference by Monte Carlo"));
        fam.add(row);
      }
      var row = new ArrayList<String>(List.of(ev.unit(), ""));
      row.addAll(meanCsv(a.pressure()));
      row.addAll(meanCsv(a.counterfactual()));
      row.addAll(a.difference() == null ? List.of("", "", "") : List.of(csvNum(a.difference().mean()), csvNum(a.difference().lo()), csvNum(a.difference().hi())));
      row.add(MC);
      fam.add(row);
      if (a.bootstrap() != null)
        fam.add(List.of(ev.unit(), "", "", "", csvNum(a.bootstrap().mean()), csvNum(a.bootstrap().lo()), csvNum(a.bootstrap().hi()), "", "", "", "", "", "", "", "",
            BOOTSTRAP + " (" + a.bootstrap().replicates() + " replicates, seed " + a.bootstrap().seed() + ")"));
    }
    sections.add(fam);
    if (!ev.sandbagging().isEmpty()) {
      var sb = new ArrayList<List<String>>();
      sb.add(SANDBAGGING_CSV);
      ev.sandbagging().forEach((scenario, r) -> sb.add(sandbaggingCsv(scenario, r)));
      sections.add(sb);
    }
    return sections;
  }

  private static final List<String> SANDBAGGING_CSV = List.of("scenario", "threat_trajectories", "control_trajectories", "threat_accuracy",
      "control_accuracy", "gap", "gap_lo", "gap_hi", "p", "exact", "verdict");

  private static List<String> sandbaggingCsv(String scenario, SandbaggingTest.Result r) {
    return List.of(scenario, Integer.toString(r.threatTrajectories()), Integer.toString(r.controlTrajectories()), csvNum(r.threatAccuracy()),
        csvNum(r.controlAccuracy()), csvNum(r.gap()), csvNum(r.gapLo()), csvNum(r.gapHi()), csvNum(r.pValue()), Boolean.toString(r.exact()),
        r.verdict().name().toLowerCase(Locale.ROOT));
  }

  /** CSV sections after a comparison's cells: the suite-level comparisons, then every run's sandbagging tests. */
  static List<List<List<String>>> comparisonCsv(List<RunResults> runs, List<RunComparison> comparisons) {
    var sections = new ArrayList<List<List<String>>>();
    var suite = new ArrayList<List<String>>();
    suite.add(List.of("baseline", "run", "unit", "families", "baseline_mean", "run_mean", "diff", "diff_lo", "diff_hi", "p", "exact", "test"));
    for (RunComparison rc : comparisons) {
      AverageComparison s = rc.suite();
      if (s != null)
        suite.add(List.of(rc.baselineRunId(), rc.runId(), "average over " + s.groups() + " evaluation " + (s.groups() == 1 ? "family" : "families"),
            Integer.toString(s.groups()), csvNum(s.first()), csvNum(s.second()), csvNum(s.diff()), csvNum(s.lo()), csvNum(s.hi()), csvNum(s.p()),
            Boolean.toString(s.exact()), SUITE_TEST));
    }
    if (suite.size() > 1) sections.add(suite);
    var sb = new ArrayList<List<String>>();
    var header = new ArrayList<String>(List.of("run"));
    header.addAll(SANDBAGGING_CSV);
    sb.add(header);
    for (RunResults r : runs)
      if (r.evaluations() != null)
        r.evaluations().sandbagging().forEach((scenario, t) -> {
          var row = new ArrayList<String>(List.of(r.run().id()));
          row.addAll(sandbaggingCsv(scenario, t));
          sb.add(row);
        });
    if (sb.size() > 1) sections.add(sb);
    return sections;
  }

  // ---------------------------------------------------------------- comparisons

  /** The suite-level difference of each comparison that has one; null when none has. */
  public static Table suite(List<RunResults> runs, List<RunComparison> comparisons) {
    Map<String, RunResults> byId = new LinkedHashMap<>();
    runs.forEach(r -> byId.put(r.run().id(), r));
    var rows = new ArrayList<List<String>>();
    String unit = null;
    for (RunComparison rc : comparisons) {
      AverageComparison s = rc.suite();
      if (s == null) continue;
      unit = "average over the " + s.groups() + " evaluation " + (s.groups() == 1 ? "family" : "families") + " both runs counted (pressure settings)";
      rows.add(List.of(byId.get(rc.runId()).run().label() + " vs " + byId.get(rc.baselineRunId()).run().label(), Integer.toString(s.groups()),
          pct(s.first()), pct(s.second()), diff(s.diff(), s.lo(), s.hi()), Double.isNaN(s.p()) ? "–" : Tables.pValue(s.p()) + (s.exact() ? " (exact)" : "")));
    }
    if (rows.isEmpty()) return null;
    return new Table("suite average, " + unit, List.of("comparison", "families", "baseline", "run", "Δ", "p"), rows,
        "Δ: difference of the averages of posterior means, 95% interval by " + MC + "; p: " + SUITE_TEST
            + " of the difference of raw rates (exact when small, else seeded random draws).");
  }

  static List<Map<String, Object>> suiteJson(List<RunComparison> comparisons) {
    var out = new ArrayList<Map<String, Object>>();
    for (RunComparison rc : comparisons) {
      AverageComparison s = rc.suite();
      if (s == null) continue;
      out.add(ordered("baseline", rc.baselineRunId(), "run", rc.runId(), "unit", "average over " + s.groups() + " evaluation " + (s.groups() == 1 ? "family" : "families"),
          "families", s.groups(), "baseline_mean", num(s.first()), "run_mean", num(s.second()), "diff", num(s.diff()), "diff_lo", num(s.lo()),
          "diff_hi", num(s.hi()), "p", num(s.p()), "exact", s.exact(), "test", SUITE_TEST, "draws", s.draws(), "seed", s.seed()));
    }
    return out;
  }

  /** Each run's sandbagging verdict per scenario, side by side; null when no run has one. */
  public static Table sandbaggingSideBySide(List<RunResults> runs) {
    var scenarios = new java.util.LinkedHashSet<String>();
    for (RunResults r : runs) if (r.evaluations() != null) scenarios.addAll(r.evaluations().sandbagging().keySet());
    if (scenarios.isEmpty()) return null;
    var header = new ArrayList<String>(List.of("scenario"));
    runs.forEach(r -> header.add(r.run().label()));
    var rows = new ArrayList<List<String>>();
    for (String sc : scenarios) {
      var row = new ArrayList<String>(List.of(sc));
      for (RunResults r : runs) {
        SandbaggingTest.Result t = r.evaluations() == null ? null : r.evaluations().sandbagging().get(sc);
        row.add(t == null ? "" : t.verdict().text() + ", gap " + diff(t.gap(), t.gapLo(), t.gapHi()) + ", p " + pValue(t));
      }
      rows.add(row);
    }
    return new Table("sandbagging (" + SANDBAGGING + ")", header, rows, "");
  }

  // ---------------------------------------------------------------- formatting

  private static String rate(RateEstimate e) {
    return e.empty() ? "–" : pct(e.mean()) + " " + interval(e.lo(), e.hi()) + " " + e.k() + "/" + e.n();
  }

  private static String mean(MeanRate m) {
    return m == null ? "–" : pct(m.mean()) + " " + interval(m.lo(), m.hi());
  }

  private static String diff(double d, double lo, double hi) {
    if (Double.isNaN(d)) return "–";
    return Tables.pp(d) + " " + (Double.isNaN(lo) ? "[–]" : Tables.ppInterval(lo, hi));
  }

  private static String accuracy(double a, int trajectories) {
    return pct(a) + " (" + trajectories + " traj.)";
  }

  private static String pValue(SandbaggingTest.Result r) {
    return Tables.pValue(r.pValue()) + (r.exact() ? " (exact)" : "");
  }

  private static Map<String, Object> rateJson(RateEstimate e) {
    return ordered("n", e.n(), "k", e.k(), "rate", num(e.rate()), "mean", e.empty() ? null : e.mean(), "lo", e.empty() ? null : e.lo(),
        "hi", e.empty() ? null : e.hi());
  }

  private static Map<String, Object> meanJson(MeanRate m) {
    return m == null ? null : ordered("mean", m.mean(), "lo", m.lo(), "hi", m.hi(), "families", m.cells(), "draws", m.draws(), "seed", m.seed(), "method", MC);
  }

  private static List<String> rateCsv(RateEstimate e) {
    return List.of(Integer.toString(e.n()), Integer.toString(e.k()), e.empty() ? "" : csvNum(e.mean()), e.empty() ? "" : csvNum(e.lo()),
        e.empty() ? "" : csvNum(e.hi()));
  }

  private static List<String> meanCsv(MeanRate m) {
    return m == null ? List.of("", "", "", "", "") : List.of("", "", csvNum(m.mean()), csvNum(m.lo()), csvNum(m.hi()));
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String csvNum(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  /** A map in the order given: key, value, key, value, … (values may be null). */
  private static Map<String, Object> ordered(Object... kv) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }
}
