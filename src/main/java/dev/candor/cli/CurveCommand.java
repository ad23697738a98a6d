package dev.candor.cli;

import dev.candor.Json;
import dev.candor.Percent;
import dev.candor.TextTable;
import dev.candor.analysis.CheckpointReasoning;
import dev.candor.analysis.LexicalDetector;
import dev.candor.analysis.TermAnalysis;
import dev.candor.core.SuiteInfo;
import dev.candor.core.Sweep;
import dev.candor.report.CurveFigure;
import dev.candor.report.Evaluations;
import dev.candor.report.RunLoader;
import dev.candor.run.Sweeps;
import dev.candor.stats.CochranArmitage;
import dev.candor.stats.Curve;
import dev.candor.stats.LogisticTrend;
import dev.candor.stats.PhaseAttribution;
import dev.candor.stats.Plateau;
import dev.candor.stats.Tally;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "curve", mixinStandardHelpOptions = true,
    description = {"Rates against training step over a sweep's checkpoints (candor sweep): per checkpoint the rate with its 95%%",
        "interval, the Cochran-Armitage test for trend (scores = step), the logistic slope per unit of steps, where the curve",
        "plateaus, and per phase the change and its share of the total change; also the verbalized-awareness and tracked-term",
        "rates of the reasoning. Details: docs/curves.md."})
final class CurveCommand implements Callable<Integer> {
  @Parameters(paramLabel = "GROUP", description = "The sweep's group name (printed by candor sweep).") String group;
  @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).") String format;
  @Option(names = "--figure", paramLabel = "FILE.svg|FILE.png", description = "Write the curves as a figure.") Path figure;
  @Option(names = "--by", defaultValue = "suite", paramLabel = "suite|family|variant|AXIS",
      description = "Curves for the suite headline only (default), per family, per variant, or per value of an axis (e.g. field).") String by;
  @Option(names = "--score", paramLabel = "NAME", description = "Count the scores of this scorer instead of each run's headline.") String score;
  @Option(names = "--awareness-score", paramLabel = "NAME", description = "Read verbalized awareness from the labels stored under "
      + "this scorer (e.g. awareness-judge-v1, made by candor analyze awareness --judge) instead of running the lexical detector.") String awarenessScore;
  @Mixin DbOption db;

  /** One checkpoint of the group: its run and its place. */
  record Checkpoint(RunRecord run, Sweep sweep) {}

  @Override
  public Integer call() {
    if (!format.equals("text") && !format.equals("json")) throw new IllegalArgumentException("--format: expected text or json, got '" + format + "'");
    if (figure != null) {
      String f = figure.getFileName().toString().toLowerCase(Locale.ROOT);
      if (!f.endsWith(".svg") && !f.endsWith(".png")) throw new IllegalArgumentException("--figure: '" + figure + "' must end in .png or .svg");
    }
    try (Store store = db.read()) {
      List<Checkpoint> cps = checkpoints(store);
      SuiteInfo suite = Suites.info(cps.getFirst().run());
      List<Long> steps = cps.stream().map(c -> c.sweep().step()).toList();
      List<String> phases = cps.stream().map(c -> c.sweep().phase()).toList();
      // Per checkpoint: the headline's cells and the cells of each curve of --by, keyed by curve.
      List<List<Tally>> headline = new ArrayList<>();
      Map<String, List<List<Tally>>> byKey = new LinkedHashMap<>();
      String unit = null;
      for (int i = 0; i < cps.size(); i++) {
        RunRecord r = cps.get(i).run();
        List<Tally> variants = RunLoader.variantTallies(store, r, Suites.info(r), score);
        Evaluations ev = RunLoader.evaluations(store, r.id(), variants);
        List<Tally> cells = ev != null ? ev.pressureByFamily() : variants.stream().filter(t -> t.n() > 0).toList();
        headline.add(cells);
        if (unit == null) unit = (ev != null ? "average over " + cells.size() + " evaluation families (pressure settings pooled per family"
            : "average over " + cells.size() + " variants (unweighted") + "; Monte Carlo over Beta posteriors, as candor show)";
        if (!by.equals("suite")) for (Tally t : groups(variants, ev, Suites.info(r))) {
          List<List<Tally>> series = byKey.computeIfAbsent(t.key(), k -> emptySeries(cps.size()));
          series.set(i, List.of(t));
        }
      }
      long seed = RunLoader.STATS_SEED;
      Curve main = Curve.of("headline", steps, phases, headline, seed);
      List<Curve> grouped = new ArrayList<>();
      byKey.forEach((key, cells) -> grouped.add(Curve.of(key, steps, phases, cells, seed)));
      List<String> terms = TermAnalysis.defaultTerms();
      LexicalDetector lexical = awarenessScore == null ? LexicalDetector.standard() : null;
      List<List<Tally>> aware = new ArrayList<>();
      List<TermAnalysis.TermRate> termRates = new ArrayList<>();
      for (Checkpoint c : cps) {
        CheckpointReasoning cr = lexical != null
            ? CheckpointReasoning.of(store, c.run().id(), lexical, terms, TermAnalysis.Options.DEFAULT)
            : CheckpointReasoning.stored(store, c.run().id(), awarenessScore, terms, TermAnalysis.Options.DEFAULT);
        aware.add(List.of(cr.aware()));
        termRates.add(cr.terms());
      }
      Curve awareness = Curve.of("verbalized awareness", steps, phases, aware, seed);
      String awarenessBy = lexical != null ? "awareness-lexical-v1 (the lexical detector, run on the stored reasoning)" : awarenessScore + " (stored labels)";
      if (format.equals("json")) {
        System.out.println(Json.write(json(cps, suite, unit, main, grouped, awareness, awarenessBy, termRates)));
      } else {
        System.out.print(Terminal.safe(text(cps, suite, unit, main, grouped, awareness, awarenessBy, termRates)));
      }
      if (figure != null) {
        try {
          figure(suite, unit, main, grouped, awareness, termRates, cps).write(figure);
        } catch (IOException e) {
          throw new UncheckedIOException("--figure: cannot write '" + figure + "': " + e.getMessage(), e);
        }
        if (format.equals("text")) System.out.println("figure: " + figure.toAbsolutePath());
      }
      return 0;
    }
  }

  /** The group's runs in position order, checked: one run per position, every position present, at least two. */
  private List<Checkpoint> checkpoints(Store store) {
    List<RunRecord> runs = Sweeps.members(store, group);
    if (runs.isEmpty()) throw new IllegalArgumentException("group '" + group + "' not found (a group is made by candor sweep; it printed the name)");
    List<Checkpoint> out = new ArrayList<>();
    for (RunRecord r : runs) {
      Sweep s = Sweeps.sweep(r);
      if (!out.isEmpty() && out.getLast().sweep().position() == s.position())
        throw new IllegalArgumentException("group '" + group + "' has two runs at checkpoint " + s.position() + " (" + out.getLast().run().id() + ", " + r.id()
            + "); it was swept twice at once");
      out.add(new Checkpoint(r, s));
      if (!r.status().equals(dev.candor.core.RunStatus.COMPLETE.text()))
        System.err.println(Terminal.safe("candor: warning: run " + r.id() + " (step " + s.step() + ") is " + r.status()
            + "; its point counts what is stored (finish it: candor resume " + group + ")"));
    }
    int count = out.getFirst().sweep().count();
    if (out.size() < count)
      System.err.println("candor: warning: group " + group + " has " + out.size() + " of its " + count + " checkpoints; the rest were never run "
          + "(run the same candor sweep command again)");
    if (out.size() < 2) throw new IllegalArgumentException("group '" + group + "' has " + out.size() + " checkpoint with a run; a curve needs at least 2");
    return out;
  }

  private static List<List<Tally>> emptySeries(int n) {
    List<List<Tally>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(List.of());
    return out;
  }

  /** The cells of one checkpoint's curves for {@code --by}: families, variants or the values of an axis. */
  private List<Tally> groups(List<Tally> variants, Evaluations ev, SuiteInfo suite) {
    return switch (by) {
      case "variant" -> variants;
      case "family" -> ev != null ? ev.pressureByFamily() : RunLoader.byAxis(variants, "family", suite);
      default -> RunLoader.byAxis(variants, by, suite);
    };
  }

  // ---------------------------------------------------------------- text

  private String text(List<Checkpoint> cps, SuiteInfo suite, String unit, Curve main, List<Curve> grouped, Curve awareness, String awarenessBy,
                      List<TermAnalysis.TermRate> terms) {
    StringBuilder sb = new StringBuilder();
    sb.append("group ").append(group).append(": suite ").append(suite.name()).append(", ").append(cps.size()).append(" checkpoints\n");
    sb.append("rate = share of counted outcomes that are '").append(suite.outcome()).append("'; posterior mean, 95% interval (Beta posteriors, uniform prior)\n\n");
    sb.append("HEADLINE: ").append(unit).append('\n');
    block(sb, main, cps, true);
    for (Curve c : grouped) {
      sb.append('\n').append(c.name()).append(" (counts pooled over its variants, as candor show --by)\n");
      block(sb, c, cps, false);
    }
    sb.append("\nVERBALIZED AWARENESS: share of trajectories with reasoning labelled aware by ").append(awarenessBy).append('\n');
    block(sb, awareness, cps, false);
    sb.append("\nTRACKED TERMS: uses of the tracked unusual terms per 1,000 reasoning words (mean of per-trajectory rates; 95% bootstrap over trajectories)\n");
    TextTable t = new TextTable(List.of("step", "phase", "trajectories", "per 1,000 words", "95% interval"), 2).ruled(false);
    for (int i = 0; i < cps.size(); i++) {
      TermAnalysis.TermRate r = terms.get(i);
      t.row(Long.toString(cps.get(i).sweep().step()), cps.get(i).sweep().phase(), Integer.toString(r.trajectories()), num(r.perThousand()),
          Double.isNaN(r.lo()) ? "[–]" : "[" + num(r.lo()) + ", " + num(r.hi()) + "]");
    }
    sb.append(t.render());
    sb.append("(trajectories = those using a tracked term at least once; no interval when no reasoning was stored)\n");
    return sb.toString();
  }

  /**
   * A rate averaged over cells is an average of posterior means, and the uniform prior alone gives a cell with n
   * samples and none flagged a mean of 1/(n+2): with few samples per cell the average has a floor well above a low
   * pooled k/n. Said when that floor reaches 1 percentage point at some checkpoint; empty otherwise.
   */
  static String priorFloor(Curve c) {
    double floor = 0;
    int perCell = Integer.MAX_VALUE;
    for (Curve.Point p : c.points()) {
      if (p.cells() < 2 || p.n() == 0) continue;
      double n = (double) p.n() / p.cells();
      floor = Math.max(floor, 1 / (n + 2));
      perCell = Math.min(perCell, (int) Math.round(n));
    }
    if (floor < 0.01) return "";
    return String.format(Locale.ROOT, "note: the rate averages %s cells' posterior means; with about %d samples per cell the uniform prior alone "
        + "puts each cell at 1/(n+2) ≥ %.1f%% even when none is flagged, so the average cannot fall below about %.1f%% (k/n beside it has no prior). "
        + "Sweep with more --epochs for rates near zero.%n", "the", perCell, 100 * floor, 100 * floor);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** One curve: its points (a phase boundary marked ▸), trend, slope, plateau and, for the headline, the phases. */
  private static void block(StringBuilder sb, Curve c, List<Checkpoint> cps, boolean withPhases) {
    TextTable t = new TextTable(List.of("", "step", "phase", "run", "k/n", "rate", "95% interval"), 4).ruled(false);
    List<Integer> bounds = c.boundaries();
    for (int i = 0; i < c.points().size(); i++) {
      Curve.Point p = c.points().get(i);
      t.row(bounds.contains(i) ? "▸" : "", Long.toString(p.step()), p.phase(), cps.get(i).run().id(), p.k() + "/" + p.n(), Percent.pct(p.mean()),
          Percent.interval(p.lo(), p.hi()));
    }
    sb.append(t.render());
    if (!bounds.isEmpty()) sb.append("▸ = a phase starts\n");
    sb.append(priorFloor(c));
    CochranArmitage ca = c.trend();
    sb.append("trend: Cochran-Armitage test for trend in proportions, scores = step, counts pooled over cells: ")
        .append(ca.undefined() != null ? "undefined (" + ca.undefined() + ")" : String.format(Locale.ROOT, "z = %.2f, p = %s", ca.z(), p(ca.p()))).append('\n');
    LogisticTrend s = c.slope();
    String per = "per " + String.format(Locale.ROOT, "%,.0f", s.unit()) + " step" + (s.unit() == 1 ? "" : "s");
    sb.append("slope: logistic regression on step: ").append(s.undefined() != null ? "undefined (" + s.undefined() + ")"
        : String.format(Locale.ROOT, "%+.3f log-odds %s, 95%% Wald [%+.3f, %+.3f] (odds ratio %.3f %s)", s.slope(), per, s.lo(), s.hi(), s.oddsRatio(), per)).append('\n');
    Plateau pl = c.plateau();
    Curve.Point start = c.points().get(pl.start());
    sb.append("plateau: ").append(pl.reached()
        ? "from step " + start.step() + " (checkpoint " + (pl.start() + 1) + "): no later checkpoint differs from the last (Fisher exact vs the last, Holm, α = 0.05); change over that tail "
            + pp(pl.tail())
        : "none: the checkpoint before the last differs from it (Fisher exact, Holm, α = 0.05): still changing at the end").append('\n');
    if (!withPhases) return;
    PhaseAttribution a = c.phases();
    sb.append("change first → last checkpoint: ").append(pp(a.total())).append('\n');
    TextTable ph = new TextTable(List.of("phase", "steps", "change (pp)", "95% interval", "share of total", "95% interval"), 2).ruled(false);
    for (PhaseAttribution.Phase p : a.phases()) {
      ph.row(p.name().isEmpty() ? "(none)" : p.name(), c.points().get(p.from()).step() + " → " + c.points().get(p.to()).step(),
          String.format(Locale.ROOT, "%+.1f", 100 * p.change().mean()), String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * p.change().lo(), 100 * p.change().hi()),
          a.sharesDefined() ? String.format(Locale.ROOT, "%.2f", p.share()) : "–",
          a.sharesDefined() ? String.format(Locale.ROOT, "[%.2f, %.2f]", p.shareLo(), p.shareHi()) : "–");
    }
    sb.append(ph.render());
    if (!a.sharesDefined()) sb.append("shares undefined: the total change's 95% interval includes 0\n");
  }

  private static String pp(PhaseAttribution.Change c) {
    return String.format(Locale.ROOT, "%+.1f pp [%+.1f, %+.1f]", 100 * c.mean(), 100 * c.lo(), 100 * c.hi());
  }

  private static String p(double p) {
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  // ---------------------------------------------------------------- json

  private Map<String, Object> json(List<Checkpoint> cps, SuiteInfo suite, String unit, Curve main, List<Curve> grouped, Curve awareness,
                                   String awarenessBy, List<TermAnalysis.TermRate> terms) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("group", group);
    out.put("suite", suite.name());
    out.put("outcome", suite.outcome());
    List<Object> list = new ArrayList<>();
    for (Checkpoint c : cps) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("position", c.sweep().position());
      m.put("step", c.sweep().step());
      m.put("phase", c.sweep().phase());
      m.put("run", c.run().id());
      m.put("model", c.run().model());
      m.put("status", c.run().status());
      list.add(m);
    }
    out.put("checkpoints", list);
    Map<String, Object> h = curve(main);
    h.put("unit", unit);
    out.put("headline", h);
    out.put("by", by);
    out.put("curves", grouped.stream().map(CurveCommand::curve).toList());
    Map<String, Object> a = curve(awareness);
    a.put("detector", awarenessBy);
    out.put("awareness", a);
    List<Object> t = new ArrayList<>();
    for (int i = 0; i < cps.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", cps.get(i).sweep().step());
      m.put("per_thousand_words", n(terms.get(i).perThousand()));
      m.put("lo", n(terms.get(i).lo()));
      m.put("hi", n(terms.get(i).hi()));
      m.put("uses", terms.get(i).count());
      m.put("trajectories_using", terms.get(i).trajectories());
      t.add(m);
    }
    out.put("tracked_terms", t);
    return out;
  }

  private static Map<String, Object> curve(Curve c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", c.name());
    List<Object> pts = new ArrayList<>();
    for (Curve.Point p : c.points()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", p.step());
      m.put("phase", p.phase());
      m.put("k", p.k());
      m.put("n", p.n());
      m.put("rate", n(p.mean()));
      m.put("lo", n(p.lo()));
      m.put("hi", n(p.hi()));
      m.put("cells", p.cells());
      pts.add(m);
    }
    out.put("points", pts);
    out.put("phase_boundaries", c.boundaries().stream().map(i -> c.points().get(i).step()).toList());
    Map<String, Object> trend = new LinkedHashMap<>();
    trend.put("test", "Cochran-Armitage test for trend in proportions, scores = step, counts pooled over cells");
    trend.put("z", n(c.trend().z()));
    trend.put("p", n(c.trend().p()));
    trend.put("undefined", c.trend().undefined());
    out.put("trend", trend);
    Map<String, Object> slope = new LinkedHashMap<>();
    slope.put("model", "logistic regression of the outcome on step / unit (maximum likelihood, Wald 95% interval)");
    slope.put("unit_steps", c.slope().unit());
    slope.put("log_odds", n(c.slope().slope()));
    slope.put("lo", n(c.slope().lo()));
    slope.put("hi", n(c.slope().hi()));
    slope.put("se", n(c.slope().se()));
    slope.put("undefined", c.slope().undefined());
    out.put("slope", slope);
    Plateau pl = c.plateau();
    Map<String, Object> plateau = new LinkedHashMap<>();
    plateau.put("criterion", "earliest checkpoint after which no checkpoint differs from the last (Fisher exact vs the last, Holm, alpha 0.05)");
    plateau.put("reached", pl.reached());
    plateau.put("start_step", c.points().get(pl.start()).step());
    plateau.put("p_vs_last", java.util.Arrays.stream(pl.p()).mapToObj(CurveCommand::n).toList());
    plateau.put("p_holm", java.util.Arrays.stream(pl.pHolm()).mapToObj(CurveCommand::n).toList());
    plateau.put("tail_change", change(pl.tail()));
    out.put("plateau", plateau);
    PhaseAttribution a = c.phases();
    Map<String, Object> phases = new LinkedHashMap<>();
    phases.put("total_change", change(a.total()));
    phases.put("shares_defined", a.sharesDefined());
    List<Object> ps = new ArrayList<>();
    for (PhaseAttribution.Phase p : a.phases()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("phase", p.name());
      m.put("from_step", c.points().get(p.from()).step());
      m.put("to_step", c.points().get(p.to()).step());
      m.put("change", change(p.change()));
      m.put("share", n(p.share()));
      m.put("share_lo", n(p.shareLo()));
      m.put("share_hi", n(p.shareHi()));
      ps.add(m);
    }
    phases.put("phases", ps);
    out.put("phases", phases);
    return out;
  }

  private static Map<String, Object> change(PhaseAttribution.Change c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", n(c.mean()));
    m.put("lo", n(c.lo()));
    m.put("hi", n(c.hi()));
    return m;
  }

  /** NaN (undefined) as JSON null. */
  private static Double n(double v) { return Double.isNaN(v) || Double.isInfinite(v) ? null : v; }

  // ---------------------------------------------------------------- figure

  private CurveFigure figure(SuiteInfo suite, String unit, Curve main, List<Curve> grouped, Curve awareness, List<TermAnalysis.TermRate> terms,
                             List<Checkpoint> cps) {
    List<CurveFigure.Panel> panels = new ArrayList<>();
    panels.add(panel("Headline (" + suite.outcome() + ")", main));
    for (Curve c : grouped) panels.add(panel(c.name(), c));
    panels.add(panel("Verbalized awareness", awareness));
    List<CurveFigure.Point> tp = new ArrayList<>();
    for (int i = 0; i < cps.size(); i++)
      tp.add(new CurveFigure.Point(cps.get(i).sweep().step(), terms.get(i).perThousand(), terms.get(i).lo(), terms.get(i).hi()));
    panels.add(new CurveFigure.Panel("Tracked terms", "per 1,000 words", false, tp));
    List<CurveFigure.Boundary> bounds = new ArrayList<>();
    for (int i : main.boundaries())
      bounds.add(new CurveFigure.Boundary((main.points().get(i - 1).step() + main.points().get(i).step()) / 2.0, main.points().get(i).phase()));
    return CurveFigure.of("Group " + group + ": " + suite.name() + " over " + cps.size() + " checkpoints",
        "Posterior mean and 95% interval per checkpoint; dashed lines: phase boundaries. Headline: " + unit, panels, bounds);
  }

  private static CurveFigure.Panel panel(String title, Curve c) {
    return new CurveFigure.Panel(title, "rate", true, c.points().stream().map(p -> new CurveFigure.Point(p.step(), p.mean(), p.lo(), p.hi())).toList());
  }
}
