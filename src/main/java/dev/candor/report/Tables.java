package dev.candor.report;

import static dev.candor.Percent.interval;
import static dev.candor.Percent.pct;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.candor.TextTable;
import dev.candor.stats.Comparison;
import dev.candor.stats.RateEstimate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Renders rate estimates as an aligned text table, JSON or CSV: one row per cell (variant or axis value) with its
 * axes, n, k, raw rate, posterior mean and 95% interval, Wilson interval and the count of every outcome label; and a
 * side-by-side comparison of several runs per cell with the difference, Fisher p and Holm-adjusted p against each
 * baseline.
 */
public final class Tables {
  private Tables() {}

  /** An output format, chosen by name ({@code text}, {@code json}, {@code csv}). */
  public enum Format {
    TEXT, JSON, CSV;

    public static Format parse(String name) {
      if (name != null)
        for (Format f : values())
          if (f.name().equalsIgnoreCase(name.trim())) return f;
      throw new IllegalArgumentException("format: expected one of text, json, csv, got '" + name + "'");
    }
  }

  /** Labels always given a column (0 when absent), named as in JSON/CSV; the label {@code error} is column {@code errors}. */
  static final List<String> STANDARD_LABELS = List.of("unparsed", "ambiguous", "truncated", "errors");
  private static final Set<String> RESERVED = Set.of("variant", "axes", "n", "k", "rate", "lo", "hi", "mean",
      "wilson_lo", "wilson_hi", "total", "uncounted");
  /** Serialises the row records below: record components in order, snake_case names, NaN written as null by {@link #num}. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final CSVFormat CSV = CSVFormat.RFC4180;

  /** One row of {@code show --format json}: the cell, its estimate and one count per label column. */
  record RateRow(String variant, Map<String, String> axes, int n, int k, Double rate, Double mean, Double lo, Double hi,
                 Double wilsonLo, Double wilsonHi, int total, @JsonAnyGetter Map<String, Integer> labels) {}

  /** One run's estimate in a row of {@code compare --format json}; a run without the cell has only {@code n: null}. */
  record RunRate(String run, String name, Integer n, Integer k, Double rate, Double mean, Double lo, Double hi) {}

  record MissingRunRate(String run, String name, Integer n) {}

  /** One comparison in a row of {@code compare --format json}; a pair without the cell has only {@code p: null}. */
  record PairDiff(String baseline, String run, Double diff, Double diffLo, Double diffHi, Double p, Double pHolm) {}

  record MissingPairDiff(String baseline, String run, Double p) {}

  /** One row of {@code compare --format json}: {@link RunRate}s or {@link MissingRunRate}s, {@link PairDiff}s or {@link MissingPairDiff}s. */
  record ComparisonRow(String variant, Map<String, String> axes, List<Object> runs, List<Object> comparisons) {}

  // ---------------------------------------------------------------- rates

  /** One row per estimate, in the given order. */
  public static String rates(List<RateEstimate> rows, Format format) {
    return switch (format) {
      case TEXT -> ratesText(rows);
      case JSON -> ratesJson(rows);
      case CSV -> ratesCsv(rows);
    };
  }

  /**
   * {@link #rates(List, Format)} followed, for an agentic suite ({@code evaluations} not null), by its evaluation
   * families with their averages and its sandbagging tests: in text as further tables, in JSON as one object
   * ({@code cells} holding the rows, then {@code unit}, {@code families}, {@code average}, {@code sandbagging}), in CSV
   * as further sections, each with its own header, after an empty line.
   */
  public static String rates(List<RateEstimate> rows, Evaluations evaluations, Format format) {
    if (evaluations == null) return rates(rows, format);
    return switch (format) {
      case TEXT -> {
        var sb = new StringBuilder(ratesText(rows)).append('\n').append(EvaluationTables.families(evaluations).text());
        var sandbagging = EvaluationTables.sandbagging(evaluations.sandbagging());
        if (sandbagging != null) sb.append('\n').append(sandbagging.text());
        yield sb.toString();
      }
      case JSON -> {
        var out = new LinkedHashMap<String, Object>();
        out.put("cells", rateRows(rows));
        out.putAll(EvaluationTables.json(evaluations));
        yield write(out);
      }
      case CSV -> {
        var sb = new StringBuilder(ratesCsv(rows));
        for (List<List<String>> section : EvaluationTables.csv(evaluations)) sb.append("\r\n").append(csv(section.getFirst(), section.subList(1, section.size())));
        yield sb.toString();
      }
    };
  }

  /** The JSON/CSV column name for an outcome label. */
  static String labelColumn(String label) {
    if (label.equals("error")) return "errors";
    return RESERVED.contains(label) ? "label_" + label : label;
  }

  /** Label column names: labels seen (in order of first appearance), then the standard ones not seen. */
  static List<String> labelColumns(List<RateEstimate> rows) {
    var cols = new LinkedHashSet<String>();
    for (RateEstimate r : rows) for (String l : r.tally().labelCounts().keySet()) cols.add(labelColumn(l));
    cols.addAll(STANDARD_LABELS);
    return List.copyOf(cols);
  }

  /** Per-column label counts of one row (labels mapping to the same column add up). */
  static Map<String, Integer> labelValues(RateEstimate r) {
    var out = new LinkedHashMap<String, Integer>();
    r.tally().labelCounts().forEach((l, c) -> out.merge(labelColumn(l), c, Integer::sum));
    return out;
  }

  /** Axis names across rows, in order of first appearance. */
  static List<String> axisNames(List<RateEstimate> rows) {
    var names = new LinkedHashSet<String>();
    for (RateEstimate r : rows) names.addAll(r.tally().axes().keySet());
    return List.copyOf(names);
  }

  private static String axisColumn(String axis) {
    return RESERVED.contains(axis) ? "axis_" + axis : axis;
  }

  /**
   * A compact terminal table of several runs per variant: for each run the rate (posterior mean) with its 95% interval
   * and n, marked {@code ▲}/{@code ▼} when it differs from the run before it at Holm-adjusted p &lt; 0.05 (Fisher's
   * exact test, from {@code comparisons}, which must compare each run with the previous one). A last row gives each
   * run's average across variants when known.
   */
  public static String sideBySide(List<RunResults> runs, List<RunComparison> comparisons) {
    var keys = new ArrayList<String>();
    var byRun = new ArrayList<Map<String, RateEstimate>>();
    for (RunResults r : runs) {
      var m = new LinkedHashMap<String, RateEstimate>();
      for (RateEstimate e : r.variants()) {
        m.put(e.key(), e);
        if (!keys.contains(e.key())) keys.add(e.key());
      }
      byRun.add(m);
    }
    var header = new ArrayList<String>(List.of("variant"));
    for (RunResults r : runs) header.add(r.run().label());
    var t = new TextTable(header, 1);
    for (String key : keys) {
      var cells = new ArrayList<String>(List.of(key));
      for (int i = 0; i < runs.size(); i++) {
        RateEstimate e = byRun.get(i).get(key);
        String mark = "";
        if (i > 0 && i - 1 < comparisons.size())
          for (Comparison c : comparisons.get(i - 1).cells())
            if (c.key().equals(key) && c.pHolm() < 0.05) mark = c.diff() > 0 ? " ▲" : " ▼";
        cells.add(e == null || e.empty() ? "–" : String.format(java.util.Locale.ROOT, "%5.1f%% %s n=%d%s", 100 * e.mean(),
            interval(e.lo(), e.hi()), e.n(), mark));
      }
      t.row(cells);
    }
    if (runs.stream().anyMatch(r -> r.average() != null)) {
      String unit = runs.stream().filter(r -> r.average() != null).findFirst().orElseThrow().averageUnit();
      var cells = new ArrayList<String>(List.of(unit + " (unweighted)"));
      for (RunResults r : runs)
        cells.add(r.average() == null ? "–" : String.format(java.util.Locale.ROOT, "%5.1f%% %s", 100 * r.average().mean(),
            interval(r.average().lo(), r.average().hi())));
      t.row(cells);
    }
    return t.render();
  }

  private static String ratesText(List<RateEstimate> rows) {
    List<String> axes = axisNames(rows), labels = labelColumns(rows);
    var header = new ArrayList<String>(List.of("variant"));
    header.addAll(axes);
    header.addAll(List.of("n", "k", "rate", "mean", "95% CrI", "Wilson 95%"));
    header.addAll(labels);
    var t = new TextTable(header, 1 + axes.size());
    for (RateEstimate r : rows) {
      var cells = new ArrayList<String>(List.of(r.key()));
      for (String a : axes) cells.add(r.tally().axes().getOrDefault(a, ""));
      cells.add(Integer.toString(r.n()));
      cells.add(Integer.toString(r.k()));
      cells.add(pct(r.rate()));
      cells.add(pct(r.mean()));
      cells.add(interval(r.lo(), r.hi()));
      cells.add(interval(r.wilsonLo(), r.wilsonHi()));
      Map<String, Integer> lv = labelValues(r);
      for (String l : labels) cells.add(Integer.toString(lv.getOrDefault(l, 0)));
      t.row(cells);
    }
    return t.render();
  }

  private static String ratesJson(List<RateEstimate> rows) {
    return write(rateRows(rows));
  }

  private static List<RateRow> rateRows(List<RateEstimate> rows) {
    List<String> labels = labelColumns(rows);
    var out = new ArrayList<RateRow>();
    for (RateEstimate r : rows) {
      Map<String, Integer> lv = labelValues(r), counts = new LinkedHashMap<>();
      for (String l : labels) counts.put(l, lv.getOrDefault(l, 0));
      out.add(new RateRow(r.key(), r.tally().axes(), r.n(), r.k(), num(r.rate()), num(r.mean()), num(r.lo()), num(r.hi()),
          num(r.wilsonLo()), num(r.wilsonHi()), r.tally().total(), counts));
    }
    return out;
  }

  private static String ratesCsv(List<RateEstimate> rows) {
    List<String> axes = axisNames(rows), labels = labelColumns(rows);
    var header = new ArrayList<String>(List.of("variant"));
    for (String a : axes) header.add(axisColumn(a));
    header.addAll(List.of("n", "k", "rate", "mean", "lo", "hi", "wilson_lo", "wilson_hi", "total"));
    header.addAll(labels);
    var table = new ArrayList<List<String>>();
    for (RateEstimate r : rows) {
      var cells = new ArrayList<String>(List.of(r.key()));
      for (String a : axes) cells.add(r.tally().axes().getOrDefault(a, ""));
      cells.addAll(List.of(Integer.toString(r.n()), Integer.toString(r.k()), csvNum(r.rate()), csvNum(r.mean()),
          csvNum(r.lo()), csvNum(r.hi()), csvNum(r.wilsonLo()), csvNum(r.wilsonHi()), Integer.toString(r.tally().total())));
      Map<String, Integer> lv = labelValues(r);
      for (String l : labels) cells.add(Integer.toString(lv.getOrDefault(l, 0)));
      table.add(cells);
    }
    return csv(header, table);
  }

  // ---------------------------------------------------------------- comparison

  /**
   * Several runs side by side, one row per variant (union over the runs' {@link RunResults#variants()}, in order of
   * first appearance), one column group per run, then for each comparison the difference against its baseline with
   * its interval, the Fisher p and the Holm-adjusted p. A run without a cell shows blank (null in JSON).
   */
  public static String comparison(List<RunResults> runs, List<RunComparison> comparisons, Format format) {
    var grid = new Grid(runs, comparisons);
    EvaluationTables.Table suite = EvaluationTables.suite(runs, comparisons == null ? List.of() : comparisons);
    EvaluationTables.Table sandbagging = EvaluationTables.sandbaggingSideBySide(runs);
    if (suite == null && sandbagging == null) return switch (format) {
      case TEXT -> grid.text();
      case JSON -> write(grid.rows());
      case CSV -> grid.csv();
    };
    // agentic suites: the suite-level comparison and the sandbagging verdicts follow the cells
    return switch (format) {
      case TEXT -> grid.text() + (suite == null ? "" : "\n" + suite.text()) + (sandbagging == null ? "" : "\n" + sandbagging.text());
      case JSON -> {
        var out = new LinkedHashMap<String, Object>();
        out.put("cells", grid.rows());
        out.put("suite", EvaluationTables.suiteJson(grid.comparisons));
        var sb = new ArrayList<Map<String, Object>>();
        for (RunResults r : runs)
          if (r.evaluations() != null)
            r.evaluations().sandbagging().forEach((sc, t) -> {
              var m = new LinkedHashMap<String, Object>(Map.of("run", r.run().id()));
              m.putAll(EvaluationTables.sandbaggingJson(sc, t));
              sb.add(m);
            });
        out.put("sandbagging", sb);
        yield write(out);
      }
      case CSV -> {
        var sb = new StringBuilder(grid.csv());
        for (List<List<String>> section : EvaluationTables.comparisonCsv(runs, grid.comparisons))
          sb.append("\r\n").append(csv(section.getFirst(), section.subList(1, section.size())));
        yield sb.toString();
      }
    };
  }

  /**
   * The comparison table as a page shows it (template {@code partials/comparison.jte}): one row per cell, for each run
   * its rate (posterior mean) with the 95% interval and k/n, then for each comparison Δ with its interval, Fisher's p
   * and the Holm-adjusted p (marked significant when below 0.05). {@code cellHeader} heads the first column.
   */
  public static ComparisonTable comparisonTable(List<RunResults> runs, List<RunComparison> comparisons, String cellHeader) {
    var grid = new Grid(runs, comparisons);
    var rows = new ArrayList<ComparisonTable.Row>();
    for (String key : grid.keys) {
      var rates = new ArrayList<ComparisonTable.Rate>();
      for (Map<String, RateEstimate> m : grid.byRun) {
        RateEstimate e = m.get(key);
        rates.add(e == null ? null : new ComparisonTable.Rate(e.empty(), pct(e.mean()), interval(e.lo(), e.hi()), e.k() + "/" + e.n()));
      }
      var diffs = new ArrayList<ComparisonTable.Diff>();
      for (Map<String, Comparison> m : grid.byPair) {
        Comparison c = m.get(key);
        diffs.add(c == null ? null : new ComparisonTable.Diff(pp(c.diff()), ppInterval(c.diffLo(), c.diffHi()), pValue(c.p()),
            pValue(c.pHolm()), !Double.isNaN(c.pHolm()) && c.pHolm() < 0.05));
      }
      rows.add(new ComparisonTable.Row(key, Collections.unmodifiableList(rates), Collections.unmodifiableList(diffs)));
    }
    return new ComparisonTable(cellHeader, grid.runs.stream().map(rr -> rr.run().label()).toList(),
        grid.comparisons.stream().map(grid::pairName).toList(), List.copyOf(rows));
  }

  /** The cells of a comparison table: rows by key, estimates by run, comparisons by (pair, key). */
  static final class Grid {
    final List<RunResults> runs;
    final List<RunComparison> comparisons;
    final List<String> keys = new ArrayList<>();
    final Map<String, Map<String, String>> axesByKey = new LinkedHashMap<>();
    final List<Map<String, RateEstimate>> byRun = new ArrayList<>();
    final List<Map<String, Comparison>> byPair = new ArrayList<>();
    final Map<String, String> runLabel = new LinkedHashMap<>();

    Grid(List<RunResults> runs, List<RunComparison> comparisons) {
      this.runs = List.copyOf(runs);
      this.comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
      for (RunResults rr : runs) {
        if (runLabel.put(rr.run().id(), rr.run().label()) != null)
          throw new IllegalArgumentException("comparison table: run id '" + rr.run().id() + "' appears twice");
        var m = new LinkedHashMap<String, RateEstimate>();
        for (RateEstimate e : rr.variants()) {
          m.put(e.key(), e);
          if (!axesByKey.containsKey(e.key())) {
            keys.add(e.key());
            axesByKey.put(e.key(), e.tally().axes());
          }
        }
        byRun.add(m);
      }
      for (RunComparison rc : this.comparisons) {
        for (String id : List.of(rc.baselineRunId(), rc.runId()))
          if (!runLabel.containsKey(id))
            throw new IllegalArgumentException("comparison table: comparison names run '" + id + "', which is not among the runs " + runLabel.keySet());
        var m = new LinkedHashMap<String, Comparison>();
        for (Comparison c : rc.cells()) m.put(c.key(), c);
        byPair.add(m);
      }
    }

    String pairName(RunComparison rc) {
      return runLabel.get(rc.runId()) + " vs " + runLabel.get(rc.baselineRunId());
    }

    String text() {
      var header = new ArrayList<String>(List.of("variant"));
      for (RunResults rr : runs) header.add(rr.run().label());
      for (RunComparison rc : comparisons) {
        header.add("Δ " + pairName(rc));
        header.add("p");
        header.add("p (Holm)");
      }
      var t = new TextTable(header, 1);
      for (String key : keys) {
        var cells = new ArrayList<String>(List.of(key));
        for (Map<String, RateEstimate> m : byRun) {
          RateEstimate e = m.get(key);
          cells.add(e == null ? "" : pct(e.mean()) + " " + interval(e.lo(), e.hi()) + " " + e.k() + "/" + e.n());
        }
        for (Map<String, Comparison> m : byPair) {
          Comparison c = m.get(key);
          cells.add(c == null ? "" : pp(c.diff()) + " " + ppInterval(c.diffLo(), c.diffHi()));
          cells.add(c == null ? "" : pValue(c.p()));
          cells.add(c == null ? "" : pValue(c.pHolm()));
        }
        t.row(cells);
      }
      return t.render();
    }

    List<ComparisonRow> rows() {
      var out = new ArrayList<ComparisonRow>();
      for (String key : keys) {
        var rs = new ArrayList<Object>();
        for (int i = 0; i < runs.size(); i++) {
          RateEstimate e = byRun.get(i).get(key);
          RunInfo run = runs.get(i).run();
          rs.add(e == null ? new MissingRunRate(run.id(), run.label(), null)
              : new RunRate(run.id(), run.label(), e.n(), e.k(), num(e.rate()), num(e.mean()), num(e.lo()), num(e.hi())));
        }
        var cs = new ArrayList<Object>();
        for (int i = 0; i < comparisons.size(); i++) {
          Comparison c = byPair.get(i).get(key);
          RunComparison rc = comparisons.get(i);
          cs.add(c == null ? new MissingPairDiff(rc.baselineRunId(), rc.runId(), null)
              : new PairDiff(rc.baselineRunId(), rc.runId(), num(c.diff()), num(c.diffLo()), num(c.diffHi()), num(c.p()), num(c.pHolm())));
        }
        out.add(new ComparisonRow(key, axesByKey.get(key), rs, cs));
      }
      return out;
    }

    String csv() {
      List<String> axisNames = new ArrayList<>();
      for (Map<String, String> a : axesByKey.values()) for (String n : a.keySet()) if (!axisNames.contains(n)) axisNames.add(n);
      var header = new ArrayList<String>(List.of("variant"));
      for (String a : axisNames) header.add(axisColumn(a));
      for (RunResults rr : runs)
        for (String f : List.of("n", "k", "rate", "mean", "lo", "hi")) header.add(rr.run().id() + "_" + f);
      for (RunComparison rc : comparisons)
        for (String f : List.of("diff", "diff_lo", "diff_hi", "p", "p_holm"))
          header.add(rc.runId() + "_vs_" + rc.baselineRunId() + "_" + f);
      var table = new ArrayList<List<String>>();
      for (String key : keys) {
        var cells = new ArrayList<String>(List.of(key));
        for (String a : axisNames) cells.add(axesByKey.get(key).getOrDefault(a, ""));
        for (Map<String, RateEstimate> m : byRun) {
          RateEstimate e = m.get(key);
          if (e == null) for (int i = 0; i < 6; i++) cells.add("");
          else cells.addAll(List.of(Integer.toString(e.n()), Integer.toString(e.k()), csvNum(e.rate()), csvNum(e.mean()),
              csvNum(e.lo()), csvNum(e.hi())));
        }
        for (Map<String, Comparison> m : byPair) {
          Comparison c = m.get(key);
          if (c == null) for (int i = 0; i < 5; i++) cells.add("");
          else cells.addAll(List.of(csvNum(c.diff()), csvNum(c.diffLo()), csvNum(c.diffHi()), csvNum(c.p()), csvNum(c.pHolm())));
        }
        table.add(cells);
      }
      return Tables.csv(header, table);
    }
  }

  // ---------------------------------------------------------------- formatting helpers (shared with HtmlReport)

  /** NaN and infinities become JSON null. */
  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String write(Object rows) {
    try {
      return JSON.writeValueAsString(rows) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON rendering failed", e);
    }
  }

  /** A difference of proportions in percentage points, signed. */
  static String pp(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f pp", 100 * v);
  }

  static String ppInterval(double lo, double hi) {
    return String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * lo, 100 * hi);
  }

  /** A p-value: three decimals, or scientific notation below 0.001; "–" when no test was possible. */
  static String pValue(double p) {
    if (Double.isNaN(p)) return "–";
    return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
  }

  private static String csvNum(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  /** RFC 4180 CSV (CRLF line ends; fields with a comma, quote or line break quoted, quotes doubled). */
  private static String csv(List<String> header, List<List<String>> rows) {
    var out = new StringBuilder();
    try (var printer = new CSVPrinter(out, CSV)) {
      printer.printRecord(header);
      printer.printRecords(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
