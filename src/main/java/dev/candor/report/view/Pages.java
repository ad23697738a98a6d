package dev.candor.report.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.Percent;
import dev.candor.model.ServedModel;
import dev.candor.report.ComparedRuns;
import dev.candor.report.Figure;
import dev.candor.report.IntervalChart;
import dev.candor.report.RunResults;
import dev.candor.report.Tables;
import dev.candor.report.Templates;
import dev.candor.report.view.Views.Call;
import dev.candor.report.view.Views.ComparedRun;
import dev.candor.report.view.Views.DiffLine;
import dev.candor.report.view.Views.Event;
import dev.candor.report.view.Views.Field;
import dev.candor.report.view.Views.LabelRow;
import dev.candor.report.view.Views.Link;
import dev.candor.report.view.Views.Message;
import dev.candor.report.view.Views.Option;
import dev.candor.report.view.Views.VariantRow;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.StoredSample;
import dev.candor.store.TrajectoryFilter;
import dev.candor.core.CallAttempt;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import dev.candor.model.ToolCall;
import dev.candor.store.TrajectorySummary;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The viewer's HTML pages: each builds its view ({@link Views}) from data the {@link Viewer} read and renders it
 * through its template under {@code src/main/jte/view} (shared partials and stylesheet with the offline report).
 * Pages hold no script: filters are plain GET forms, the charts are inline SVG. Stored text reaches a page only as
 * template data, escaped by {@link Templates}.
 */
final class Pages {
  static final int PAGE_SIZE = 50;

  private Pages() {}

  static String error(int status, String message) {
    return Templates.render("view/error.jte", new Views.ErrorPage(status, message));
  }

  // ---------------------------------------------------------------- runs

  /** A run and how many trajectories it has. */
  record RunRow(RunRecord run, long trajectories) {}

  static String runs(String location, List<RunRow> rows) {
    var out = new ArrayList<Views.RunRow>();
    for (RunRow r : rows) {
      RunRecord run = r.run();
      out.add(new Views.RunRow(new Link(runUrl(run), run.id()), run.name(), run.suite(), run.model(), run.status(), run.epochs(),
          r.trajectories(), run.createdAt()));
    }
    return Templates.render("view/runs.jte", new Views.RunsPage(location, out));
  }

  // ---------------------------------------------------------------- compare

  /** Several runs side by side: the runs, the comparison table and the interval figure with one colour per run. */
  static String compare(List<RunRecord> runs, ComparedRuns c, boolean againstFirst) {
    String cell = c.by() == null ? "variant" : c.by();
    var axes = new ArrayList<Option>();
    for (String axis : c.axes()) axes.add(new Option(axis, axis, axis.equals(c.by())));
    var compared = new ArrayList<ComparedRun>();
    for (int i = 0; i < runs.size(); i++) {
      RunRecord r = runs.get(i);
      compared.add(new ComparedRun("background:" + Figure.colour(i), new Link(runUrl(r), r.id()), r.name(), r.model(), r.suite(), r.status()));
    }
    StringBuilder reversed = new StringBuilder("/compare?runs=").append(enc(String.join(",", runs.stream().map(RunRecord::id).toList().reversed())));
    if (c.by() != null) reversed.append("&by=").append(enc(c.by()));
    if (againstFirst) reversed.append("&against=first");

    List<Figure.Series> series = new ArrayList<>();
    Map<String, Long> labelUses = new HashMap<>();
    for (RunResults rr : c.runs()) labelUses.merge(rr.run().label(), 1L, Long::sum);
    for (RunResults rr : c.runs()) {
      String name = labelUses.get(rr.run().label()) > 1 ? rr.run().label() + " (" + rr.run().id() + ")" : rr.run().label();
      series.add(new Figure.Series(name, rr.variants()));
    }
    String title = c.by() == null ? "Rate per variant" : "Rate by " + c.by();
    Figure fig = Figure.of(title, series).withXLabel("Rate (posterior mean, 95% credible interval)");
    return Templates.render("view/compare.jte", new Views.ComparePage(runs.size(), String.join(",", runs.stream().map(RunRecord::id).toList()),
        axes, againstFirst, compared, new Link(reversed.toString(), "Reverse the order of the runs"), cell,
        Tables.comparisonTable(c.runs(), c.comparisons(), cell), fig.chart()));
  }

  // ---------------------------------------------------------------- run

  static String run(RunRecord run, List<VariantRates> rates, Map<String, Map<String, String>> axes, Map<String, Long> labels) {
    var fields = new ArrayList<>(List.of(new Field("suite", run.suite()), new Field("model", run.model()),
        new Field("status", run.status()), new Field("name", run.name()), new Field("seed / epochs", run.seed() + " / " + run.epochs()),
        new Field("Candor", run.candorVersion()), new Field("created / finished", run.createdAt() + " / " + run.finishedAt())));
    var served = run.served();
    if (!served.isEmpty()) fields.add(new Field("served model", ServedModel.summary(served)));
    Link parent = run.parentRunId() == null ? null : new Link("/runs/" + enc(run.parentRunId()), run.parentRunId());
    var variants = new ArrayList<VariantRow>();
    for (VariantRates r : rates) {
      var uncounted = new ArrayList<Link>();
      for (var u : r.uncounted().entrySet())
        uncounted.add(new Link(trajectoriesUrl(run, new TrajectoryFilter(r.variantId(), u.getKey(), null), 1), u.getKey() + " " + u.getValue()));
      variants.add(new VariantRow(new Link(trajectoriesUrl(run, new TrajectoryFilter(r.variantId(), null, null), 1), r.variantId()),
          axesText(axes.get(r.variantId())), r.k(), r.n(), Percent.pct(r.rate()), r.n() > 0 ? Percent.pct(r.lower()) + " – " + Percent.pct(r.upper()) : "", uncounted));
    }
    var labelRows = new ArrayList<LabelRow>();
    for (var e : labels.entrySet())
      labelRows.add(new LabelRow(new Link(trajectoriesUrl(run, new TrajectoryFilter(null, e.getKey(), null), 1), e.getKey()), e.getValue()));
    return Templates.render("view/run.jte", new Views.RunPage(run.id(), fields, parent,
        new Link(trajectoriesUrl(run, TrajectoryFilter.ALL, 1), "All trajectories"), variants, chart(run, rates), labelRows,
        run.configTree().toPrettyString()));
  }

  /** The run's rate per variant as the one interval chart (the compare page's and the report's figure, one run). */
  private static IntervalChart chart(RunRecord run, List<VariantRates> rates) {
    var series = new Figure.Series(run.name() == null ? run.id() : run.name(), rates.stream().map(VariantRates::estimate).toList());
    return Figure.of("Rate per variant", List.of(series)).withXLabel("Rate (posterior mean, 95% credible interval)").chart().withId("interval-chart");
  }

  private static String axesText(Map<String, String> axes) {
    if (axes == null) return "";
    List<String> parts = new ArrayList<>();
    axes.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(", ", parts);
  }


  // ---------------------------------------------------------------- trajectory list

  static String trajectories(RunRecord run, TrajectoryFilter f, int page, long total, List<TrajectorySummary> rows,
                             Collection<String> variants, Collection<String> labels) {
    long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    var pager = new ArrayList<Link>();
    if (page > 1) pager.addAll(List.of(new Link(trajectoriesUrl(run, f, 1), "« first"), new Link(trajectoriesUrl(run, f, page - 1), "‹ previous")));
    if (page < pages) pager.addAll(List.of(new Link(trajectoriesUrl(run, f, page + 1), "next ›"), new Link(trajectoriesUrl(run, f, pages), "last »")));
    var out = new ArrayList<Views.TrajectoryRow>();
    for (TrajectorySummary t : rows)
      out.add(new Views.TrajectoryRow(new Link(trajectoryUrl(run, t.sampleId(), t.epoch()), t.sampleId()), t.epoch(), t.variantId(),
          t.label(), t.value() == null ? "–" : t.value().toString(), clip(t.answer(), 40), clip(t.outputHead(), 120),
          t.error() == null ? null : clip(t.error(), 120), clip(t.reasoningHead(), 120)));
    return Templates.render("view/trajectories.jte", new Views.TrajectoriesPage(new Link(runUrl(run), run.id()),
        "/runs/" + enc(run.id()) + "/trajectories", options(variants, f.variantId()), options(labels, f.label()),
        options(List.of("aware", "metagaming", "unaware"), f.scoreLabel()), f.text(), total, page, pages, pager, out));
  }

  private static List<Option> options(Collection<String> values, String selected) {
    return values.stream().map(v -> new Option(v, v, v.equals(selected))).toList();
  }

  // ---------------------------------------------------------------- one trajectory

  static String trajectory(RunRecord run, Trajectory t, StoredSample sample) {
    Score score = t.score();
    List<String> evidence = score.evidence();
    String sampleMeta = sample != null && !sample.metadata().isEmpty() ? sample.metadataTree().toPrettyString() : null;
    return Templates.render("view/trajectory.jte", new Views.TrajectoryPage(t.sampleId() + " #" + t.epoch(),
        t.sampleId() + " · epoch " + t.epoch(), new Link(runUrl(run), "run " + run.id()),
        new Link(trajectoriesUrl(run, new TrajectoryFilter(t.variantId(), null, null), 1), "variant " + t.variantId()),
        score.label(), score.status().key().replace('_', ' '), score.value() == null ? "not counted" : score.value().toString(), score.answer(), score.explanation(), evidence,
        sample == null ? null : axesText(sample.axes()), str(t.output().finishReason()) + (t.output().truncated() ? " (truncated)" : ""),
        str(t.tokens().input()) + " / " + str(t.tokens().output()) + " / " + str(t.tokens().reasoning()), str(t.latencyMs()), str(t.seed()),
        t.error(), intervention(sample), score.metadata().isEmpty() ? null : pretty((Object) score.metadata()),
        Highlight.segments(nz(t.output().reasoning()), evidence), Highlight.segments(nz(t.output().text()), evidence), messages(t.messages(), evidence),
        events(t.events()), sampleMeta, t.attempts() == null ? "" : pretty((Object) t.attempts().stream().map(CallAttempt::fields).toList()),
        pretty(t.raw())));
  }

  /** For an intervention sample: which turn was edited and which earlier turns were replayed (null otherwise). */
  private static Views.Intervention intervention(StoredSample sample) {
    JsonNode iv = sample == null ? null : sample.metadataTree();
    iv = iv == null ? null : iv.get("intervention");
    if (iv == null || !iv.isObject()) return null;
    return new Views.Intervention(text(iv, "arm"), text(iv, "source_sample"), text(iv, "source_epoch"), text(iv, "source_run"),
        iv.path("turn").asInt(1));
  }

  private static String nz(String s) { return s == null ? "" : s; }

  private static List<Message> messages(List<dev.candor.model.Message> messages, List<String> evidence) {
    if (messages == null) return List.of();
    var out = new ArrayList<Message>();
    for (dev.candor.model.Message m : messages) {
      var calls = new ArrayList<Call>();
      for (ToolCall c : m.toolCalls()) calls.add(new Call(nz(c.name()), nz(c.id()), pretty(nz(c.argumentsJson()))));
      out.add(new Message(m.role() == null ? "" : m.role().name().toLowerCase(Locale.ROOT), nz(m.toolCallId()),
          Highlight.segments(nz(m.reasoning()), evidence), Highlight.segments(nz(m.content()), evidence), calls));
    }
    return out;
  }

  private static List<Event> events(List<dev.candor.core.Event> events) {
    if (events == null) return List.of();
    var out = new ArrayList<Event>();
    for (dev.candor.core.Event e : events) {
      switch (e) {
        case dev.candor.core.Event.AssistantTurn a -> { } // shown with the messages
        case dev.candor.core.Event.ToolStep s -> out.add(new Event(s.type(), text(s.turn()), s.replayed(), nz(s.tool()), s.failed(),
            pretty(nz(s.argumentsJson())), nz(s.result()), diff(s.diff()), null, null, null, null));
        case dev.candor.core.Event.LoopEnd end -> out.add(new Event(end.type(), null, false, null, false, null, null, diff(end.diff()),
            nz(end.reason()), text(end.turns()), nz(end.answer()), null));
        case dev.candor.core.Event.Other o -> out.add(new Event("other", null, false, null, false, null, null, List.of(), null, null, null,
            pretty((Object) o.fields())));
      }
    }
    return out;
  }

  private static String text(Object o) { return o == null ? "" : o.toString(); }

  private static List<DiffLine> diff(String d) {
    if (d == null || d.isEmpty()) return List.of();
    var out = new ArrayList<DiffLine>();
    for (String line : d.split("\n", -1)) {
      String cls = line.startsWith("+++") || line.startsWith("---") ? "hunk" : line.startsWith("+") ? "add"
          : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : null;
      out.add(new DiffLine(cls, line));
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  static String runUrl(RunRecord run) {
    return "/runs/" + enc(run.id());
  }

  static String trajectoriesUrl(RunRecord run, TrajectoryFilter f, long page) {
    StringBuilder u = new StringBuilder("/runs/").append(enc(run.id())).append("/trajectories?page=").append(page);
    if (f.variantId() != null) u.append("&variant=").append(enc(f.variantId()));
    if (f.label() != null) u.append("&label=").append(enc(f.label()));
    if (f.text() != null) u.append("&q=").append(enc(f.text()));
    if (f.scoreLabel() != null) u.append("&awareness=").append(enc(f.scoreLabel()));
    if (f.scorer() != null) u.append("&scorer=").append(enc(f.scorer()));
    return u.toString();
  }

  static String trajectoryUrl(RunRecord run, String sampleId, int epoch) {
    return "/runs/" + enc(run.id()) + "/trajectory?sample=" + enc(sampleId) + "&epoch=" + epoch;
  }

  /** A URL-encoded query or path component. */
  static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static String clip(String s, int n) {
    if (s == null) return "";
    return s.length() <= n ? s : s.substring(0, n) + "…";
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) return "";
    return v.isValueNode() ? v.asText() : v.toString();
  }

  /** A value as indented JSON (map keys sorted, as stored). */
  private static String pretty(Object value) {
    return Json.MAPPER.valueToTree(value).toPrettyString();
  }

  private static String pretty(String json) {
    if (json == null) return "";
    try {
      return Json.MAPPER.readTree(json).toPrettyString();
    } catch (JsonProcessingException e) {
      return json;
    }
  }
}
