package dev.candor.report;

import dev.candor.Percent;

import static dev.candor.report.Html.escape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.candor.stats.Comparison;
import dev.candor.stats.MeanRate;
import dev.candor.stats.RateEstimate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML report of one or more runs that opens offline: run metadata (configuration collapsible),
 * the headline figure (inline SVG, runs side by side), a table per variant and per axis, the Monte Carlo averages, the
 * comparison table when there are two or more runs, and a few example trajectories per cell with their reasoning
 * (collapsible). No external resources; a Content-Security-Policy forbids scripts and remote loads; every piece of
 * data (names, prompts, model output, configuration) is escaped with {@link Html#escape(String)}.
 */
public record HtmlReport(String title, List<RunResults> runs, List<RunComparison> comparisons, List<Example> examples,
                         int examplesPerCell) {

  public static final int DEFAULT_EXAMPLES_PER_CELL = 3;

  public HtmlReport {
    if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("HTML report: at least one run is required");
    if (examplesPerCell < 0) throw new IllegalArgumentException("HTML report: examples per cell must be >= 0, got " + examplesPerCell);
    runs = List.copyOf(runs);
    comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    examples = examples == null ? List.of() : List.copyOf(examples);
    title = title == null || title.isBlank() ? "Candor report" : title;
  }

  public HtmlReport(String title, List<RunResults> runs, List<RunComparison> comparisons, List<Example> examples) {
    this(title, runs, comparisons, examples, DEFAULT_EXAMPLES_PER_CELL);
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes {@link #render()} to {@code file} (UTF-8), creating parent directories. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  /** The whole document. */
  public String render() {
    var h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<h1>").append(escape(title)).append("</h1>\n");
    runsSection(h);
    variantsSection(h);
    axesSection(h);
    comparisonSection(h);
    examplesSection(h);
    h.append("<footer>Rates are posterior means of Beta(1+k, 1+n−k) with 95% credible intervals (2.5–97.5%); ")
        .append("Wilson 95% intervals in the tables; averages are unweighted means over cells by Monte Carlo; ")
        .append("comparisons use Fisher’s exact test (two-sided) with Holm’s adjustment across cells. ")
        .append("Outcomes that do not count toward n (unparsed, ambiguous, truncated, errors, …) are listed, never dropped.</footer>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  // ---------------------------------------------------------------- sections

  private void runsSection(StringBuilder h) {
    h.append("<section id=\"runs\">\n<h2>Runs</h2>\n<table class=\"meta\">\n<thead><tr>");
    for (String c : List.of("id", "name", "model", "suite", "Candor version", "created", "seed", "status"))
      h.append("<th>").append(c).append("</th>");
    h.append("</tr></thead>\n<tbody>\n");
    for (RunResults rr : runs) {
      RunInfo r = rr.run();
      h.append("<tr>");
      for (String v : new String[] {r.id(), r.name(), r.model(), r.suite(), r.candorVersion(),
          r.createdAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(r.createdAt()),
          r.seed() == null ? null : r.seed().toString(), r.status()})
        h.append("<td>").append(v == null ? "<span class=\"na\">–</span>" : escape(v)).append("</td>");
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    for (RunResults rr : runs) {
      RunInfo r = rr.run();
      if (r.configJson() != null && !r.configJson().isBlank())
        h.append("<details class=\"config\"><summary>Configuration of ").append(escape(r.label()))
            .append("</summary>\n<pre>").append(escape(prettyJson(r.configJson()))).append("</pre>\n</details>\n");
    }
    boolean anyAverage = runs.stream().anyMatch(rr -> rr.average() != null);
    if (anyAverage) {
      h.append("<h3>Average across variants</h3>\n<table>\n<thead><tr><th>run</th><th>mean</th><th>95% interval</th>")
          .append("<th>cells</th><th>draws</th><th>seed</th></tr></thead>\n<tbody>\n");
      for (RunResults rr : runs) {
        MeanRate m = rr.average();
        if (m == null) continue;
        h.append("<tr><td>").append(escape(rr.run().label())).append("</td><td class=\"num\">").append(Percent.pct(m.mean()))
            .append("</td><td class=\"num\">").append(Percent.interval(m.lo(), m.hi())).append("</td><td class=\"num\">")
            .append(m.cells()).append("</td><td class=\"num\">").append(m.draws()).append("</td><td class=\"num\">")
            .append(m.seed()).append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n");
    }
    h.append("</section>\n");
  }

  private void variantsSection(StringBuilder h) {
    List<List<RateEstimate>> perRun = runs.stream().map(RunResults::variants).toList();
    if (perRun.stream().allMatch(List::isEmpty)) return;
    h.append("<section id=\"variants\">\n<h2>Rate per variant</h2>\n");
    figure(h, "Gaming rate per variant", perRun);
    rateTable(h, "variant", perRun);
    h.append("</section>\n");
  }

  private void axesSection(StringBuilder h) {
    var axes = new LinkedHashSet<String>();
    for (RunResults rr : runs) axes.addAll(rr.byAxis().keySet());
    if (axes.isEmpty()) return;
    h.append("<section id=\"axes\">\n<h2>Rate per axis</h2>\n");
    for (String axis : axes) {
      List<List<RateEstimate>> perRun = runs.stream().map(rr -> rr.byAxis().getOrDefault(axis, List.of())).toList();
      h.append("<h3>").append(escape(axis)).append("</h3>\n");
      figure(h, "Gaming rate by " + axis, perRun);
      rateTable(h, escape(axis), perRun);
    }
    h.append("</section>\n");
  }

  private void comparisonSection(StringBuilder h) {
    if (runs.size() < 2 || comparisons.isEmpty()) return;
    h.append("<section id=\"comparison\">\n<h2>Comparison</h2>\n").append(Tables.comparisonHtml(runs, comparisons, "variant"))
        .append("<p class=\"note\">Δ is the difference of posterior means with its 95% Monte Carlo interval; ")
        .append("p is Fisher’s exact test (two-sided); Holm-adjusted p below 0.05 is bold.</p>\n</section>\n");
  }

  private void examplesSection(StringBuilder h) {
    if (examples.isEmpty() || examplesPerCell == 0) return;
    var labels = new LinkedHashMap<String, String>();
    for (RunResults rr : runs) labels.put(rr.run().id(), rr.run().label());
    var cells = new LinkedHashMap<List<String>, List<Example>>();
    for (Example e : examples) {
      List<Example> list = cells.computeIfAbsent(java.util.Arrays.asList(e.runId(), e.variantId()), k -> new ArrayList<>());
      if (list.size() < examplesPerCell) list.add(e);
    }
    h.append("<section id=\"examples\">\n<h2>Example trajectories</h2>\n<p class=\"note\">Up to ").append(examplesPerCell)
        .append(" per run and variant. Prompts and model output are shown as inert text.</p>\n");
    cells.forEach((cell, list) -> {
      String run = labels.getOrDefault(cell.get(0), cell.get(0));
      h.append("<h3>").append(escape(run)).append(" · ").append(escape(cell.get(1))).append("</h3>\n");
      for (Example e : list) {
        h.append("<details class=\"example\"><summary><span class=\"label\">").append(escape(e.label()))
            .append("</span> ").append(escape(preview(e.text()))).append("</summary>\n");
        h.append("<div class=\"field\">Prompt</div><pre>").append(escape(e.prompt())).append("</pre>\n");
        if (e.reasoning() != null && !e.reasoning().isEmpty())
          h.append("<details class=\"reasoning\" open><summary>Reasoning</summary><pre>").append(escape(e.reasoning()))
              .append("</pre></details>\n");
        h.append("<div class=\"field\">Output</div><pre>").append(escape(e.text())).append("</pre>\n</details>\n");
      }
    });
    h.append("</section>\n");
  }

  // ---------------------------------------------------------------- pieces

  private void figure(StringBuilder h, String figTitle, List<List<RateEstimate>> perRun) {
    var series = new ArrayList<Figure.Series>();
    for (int i = 0; i < runs.size(); i++)
      if (!perRun.get(i).isEmpty()) series.add(new Figure.Series(runs.get(i).run().label(), perRun.get(i)));
    if (series.isEmpty()) return;
    Figure f = Figure.of(figTitle, series);
    h.append("<figure>").append(f.htmlSvg()).append("</figure>\n");
  }

  /** Rows = keys across runs; per run: mean, interval, k/n, Wilson interval and every outcome label count. */
  private void rateTable(StringBuilder h, String cellHeader, List<List<RateEstimate>> perRun) {
    var keys = new LinkedHashSet<String>();
    var maps = new ArrayList<Map<String, RateEstimate>>();
    for (List<RateEstimate> list : perRun) {
      var m = new LinkedHashMap<String, RateEstimate>();
      for (RateEstimate e : list) { m.putIfAbsent(e.key(), e); keys.add(e.key()); }
      maps.add(m);
    }
    boolean several = runs.size() > 1;
    h.append("<table>\n<thead>");
    if (several) {
      h.append("<tr><th></th>");
      for (RunResults rr : runs) h.append("<th colspan=\"5\" class=\"run\">").append(escape(rr.run().label())).append("</th>");
      h.append("</tr>");
    }
    h.append("<tr><th>").append(cellHeader).append("</th>");
    for (int i = 0; i < runs.size(); i++)
      h.append("<th>rate</th><th>95% CrI</th><th>k/n</th><th>Wilson 95%</th><th>outcomes</th>");
    h.append("</tr></thead>\n<tbody>\n");
    for (String key : keys) {
      h.append("<tr><td>").append(escape(key)).append("</td>");
      for (Map<String, RateEstimate> m : maps) {
        RateEstimate e = m.get(key);
        if (e == null) { h.append("<td></td><td></td><td></td><td></td><td></td>"); continue; }
        h.append("<td class=\"num\">").append(e.empty() ? "no data" : Percent.pct(e.mean())).append("</td><td class=\"num ci\">")
            .append(e.empty() ? "" : Percent.interval(e.lo(), e.hi())).append("</td><td class=\"num\">").append(e.k())
            .append('/').append(e.n()).append("</td><td class=\"num ci\">").append(e.empty() ? "" : Percent.interval(e.wilsonLo(), e.wilsonHi()))
            .append("</td><td class=\"labels\">").append(escape(otherOutcomes(e))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  /** Every outcome label with its count, e.g. "odd 3, even 7, unparsed 2, error 1". */
  private static String otherOutcomes(RateEstimate e) {
    var parts = new ArrayList<String>();
    e.tally().labelCounts().forEach((l, c) -> parts.add(l + " " + c));
    return String.join(", ", parts);
  }

  private static String preview(String text) {
    if (text == null) return "";
    String one = text.strip().replaceAll("\\s+", " ");
    return one.length() <= 80 ? one : one.substring(0, 79) + "…";
  }

  private static String prettyJson(String json) {
    try {
      return JSON.writeValueAsString(JSON.readTree(json));
    } catch (IOException | RuntimeException e) {
      return json; // not JSON: shown as given (escaped)
    }
  }

  private static final String CSS = """
      :root { --ink:#222; --muted:#666; --line:#ddd; --shade:#f5f6f8; --accent:#0072B2; }
      body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink);
             max-width: 1100px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
      h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 2em; border-bottom: 1px solid var(--line); }
      h3 { margin-top: 1.5em; font-size: 1.05em; }
      table { border-collapse: collapse; margin: .8em 0; font-size: .9em; }
      th, td { padding: .25em .6em; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
      th { background: var(--shade); font-weight: 600; } th.run { text-align: center; border-left: 2px solid #fff; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      .ci, .n, .na, .note, .labels { color: var(--muted); } .sig { font-weight: 700; }
      tbody tr:nth-child(even) { background: #fafbfc; }
      figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
      details { margin: .4em 0; } summary { cursor: pointer; }
      details.example { border: 1px solid var(--line); border-radius: 4px; padding: .3em .6em; }
      details.example > summary .label { font-weight: 600; color: var(--accent); margin-right: .4em; }
      pre { white-space: pre-wrap; word-break: break-word; background: var(--shade); padding: .5em .7em; border-radius: 3px;
            font-size: .85em; max-height: 30em; overflow: auto; }
      .field { font-size: .8em; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin-top: .5em; }
      footer { margin-top: 3em; font-size: .8em; color: var(--muted); border-top: 1px solid var(--line); padding-top: .8em; }
      """;
}
