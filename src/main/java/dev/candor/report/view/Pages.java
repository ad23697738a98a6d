package dev.candor.report.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.model.ServedModel;
import dev.candor.report.ComparedRuns;
import dev.candor.report.Figure;
import dev.candor.report.RunResults;
import dev.candor.report.Tables;
import dev.candor.run.Runs;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.StoredSample;
import dev.candor.store.TrajectoryFilter;
import dev.candor.core.CallAttempt;
import dev.candor.core.Event;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import dev.candor.model.Message;
import dev.candor.model.ToolCall;
import dev.candor.store.TrajectorySummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.candor.report.view.Html.enc;
import static dev.candor.report.view.Html.esc;
import static dev.candor.report.view.Html.link;

/**
 * The viewer's HTML pages, rendered from data the {@link Viewer} read. Pages hold no script: filters are plain GET
 * forms, the chart is inline SVG. Every stored string passes through {@link Html#esc} (directly, or through
 * {@link Highlight} which escapes before marking).
 */
final class Pages {
  static final int PAGE_SIZE = 50;

  private Pages() {}

  // ---------------------------------------------------------------- layout

  private static final String CSS = """
      body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
      header{background:#1f3b5c;color:#fff;padding:8px 16px}header a{color:#fff;text-decoration:none;font-weight:600}
      main{padding:12px 20px;max-width:1200px}
      table{border-collapse:collapse;margin:8px 0;background:#fff}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#eef2f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
      pre,.text{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #ddd;padding:8px;margin:4px 0;font-size:13px}
      .text{font-family:ui-monospace,monospace}
      mark{background:#ffe066}
      .msg{border-left:4px solid #bbb;margin:10px 0;padding-left:8px}.msg.assistant{border-color:#1f4e8c}.msg.tool{border-color:#6a8d2f}
      .msg.user{border-color:#9a6b00}.msg.system{border-color:#777}
      .role{font-weight:600;text-transform:uppercase;font-size:12px;color:#555}
      .diff .add{color:#116611;background:#eaffea}.diff .del{color:#991111;background:#ffecec}.diff .hunk{color:#555;background:#eef}
      .label{display:inline-block;padding:1px 6px;border-radius:3px;background:#e3e8ee}.err{color:#a00}
      form.filters{background:#fff;border:1px solid #ddd;padding:8px;display:flex;gap:10px;flex-wrap:wrap;align-items:end}
      .pager a,.pager span{margin-right:10px}.muted{color:#777}
      .ci,.n,.na{color:#777}.sig{font-weight:700}.chart svg{max-width:100%;height:auto}
      #compare-table{overflow-x:auto}#compare-table td.num{white-space:nowrap}
      .swatch{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:middle}
      """;

  static String layout(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
        + " · Candor</title><style>" + CSS + "</style></head><body><header>" + link("/", "Candor viewer")
        + "</header><main>" + body + "</main></body></html>";
  }

  static String error(int status, String message) {
    return layout("Error " + status, "<h1>Error " + status + "</h1><p>" + esc(message) + "</p>");
  }

  // ---------------------------------------------------------------- runs

  /** A run and how many trajectories it has. */
  record RunRow(RunRecord run, long trajectories) {}

  static String runs(String location, List<RunRow> rows) {
    StringBuilder b = new StringBuilder("<h1>Runs</h1><p class=\"muted\">").append(esc(location)).append("</p>");
    if (rows.isEmpty()) return layout("Runs", b.append("<p>No runs stored.</p>").toString());
    b.append("<form id=\"pick\" method=\"get\" action=\"/compare\">");
    b.append("<table id=\"runs\"><tr><th>compare</th><th>id</th><th>name</th><th>suite</th><th>model</th><th>status</th><th>epochs</th>")
        .append("<th>trajectories</th><th>created</th></tr>");
    for (RunRow r : rows) {
      RunRecord run = r.run();
      b.append("<tr><td><input type=\"checkbox\" name=\"runs\" value=\"").append(esc(run.id())).append("\" aria-label=\"compare ")
          .append(esc(run.id())).append("\"></td><td>").append(link(runUrl(run), run.id())).append("</td><td>").append(esc(run.name()))
          .append("</td><td>").append(esc(run.suite())).append("</td><td>").append(esc(run.model())).append("</td><td>")
          .append(esc(run.status())).append("</td><td class=\"num\">").append(run.epochs()).append("</td><td class=\"num\">")
          .append(r.trajectories()).append("</td><td>").append(esc(run.createdAt())).append("</td></tr>");
    }
    b.append("</table><p><button type=\"submit\">Compare selected runs</button> <span class=\"muted\">in the order listed; ")
        .append("each run is compared with the one before it</span></p></form>");
    return layout("Runs", b.toString());
  }

  // ---------------------------------------------------------------- compare

  /** Several runs side by side: the runs, the comparison table and the interval figure with one colour per run. */
  static String compare(List<RunRecord> runs, ComparedRuns c, boolean againstFirst) {
    String ids = String.join(",", runs.stream().map(RunRecord::id).toList());
    String cell = c.by() == null ? "variant" : c.by();
    StringBuilder b = new StringBuilder("<h1>Compare ").append(runs.size()).append(" runs</h1>");
    b.append("<form class=\"filters\" method=\"get\" action=\"/compare\"><input type=\"hidden\" name=\"runs\" value=\"")
        .append(esc(ids)).append("\"><label>one row per<br><select name=\"by\"><option value=\"\">variant</option>");
    for (String axis : c.axes())
      b.append("<option value=\"").append(esc(axis)).append('"').append(axis.equals(c.by()) ? " selected" : "").append(">value of ")
          .append(esc(axis)).append("</option>");
    b.append("</select></label><label>compare each run with<br><select name=\"against\"><option value=\"previous\"")
        .append(againstFirst ? "" : " selected").append(">the run before it</option><option value=\"first\"")
        .append(againstFirst ? " selected" : "").append(">the first run</option></select></label><button type=\"submit\">Show</button></form>");

    b.append("<table id=\"compared-runs\"><tr><th></th><th>id</th><th>name</th><th>model</th><th>suite</th><th>status</th></tr>");
    for (int i = 0; i < runs.size(); i++) {
      RunRecord r = runs.get(i);
      b.append("<tr><td><span class=\"swatch\" style=\"background:").append(Figure.colour(i)).append("\"></span></td><td>")
          .append(link(runUrl(r), r.id())).append("</td><td>").append(esc(r.name())).append("</td><td>").append(esc(r.model()))
          .append("</td><td>").append(esc(r.suite())).append("</td><td>").append(esc(r.status())).append("</td></tr>");
    }
    b.append("</table>");
    StringBuilder reversed = new StringBuilder("/compare?runs=").append(enc(String.join(",", runs.stream().map(RunRecord::id).toList().reversed())));
    if (c.by() != null) reversed.append("&by=").append(enc(c.by()));
    if (againstFirst) reversed.append("&against=first");
    b.append("<p>").append(link(reversed.toString(), "Reverse the order of the runs")).append("</p>");

    b.append("<h2>Rate per ").append(esc(cell)).append("</h2><p class=\"muted\">Rate = posterior mean of Beta(1+k, 1+n−k) ")
        .append("with its 95% interval and k/n. Δ is the difference of posterior means with its 95% Monte Carlo interval; p is ")
        .append("Fisher’s exact test (two-sided) of each run against ").append(againstFirst ? "the first run" : "the run before it")
        .append(", Holm-adjusted across the rows of that pair; Holm p below 0.05 is bold.</p>");
    b.append("<div id=\"compare-table\">").append(Tables.comparisonHtml(c.runs(), c.comparisons(), cell)).append("</div>");

    List<Figure.Series> series = new ArrayList<>();
    Map<String, Long> labelUses = new java.util.HashMap<>();
    for (RunResults rr : c.runs()) labelUses.merge(rr.run().label(), 1L, Long::sum);
    for (RunResults rr : c.runs()) {
      String name = labelUses.get(rr.run().label()) > 1 ? rr.run().label() + " (" + rr.run().id() + ")" : rr.run().label();
      series.add(new Figure.Series(name, rr.variants()));
    }
    String title = c.by() == null ? "Rate per variant" : "Rate by " + c.by();
    Figure fig = Figure.of(title, series).withXLabel("Rate (posterior mean, 95% credible interval)");
    b.append("<div class=\"chart\" id=\"compare-figure\">").append(fig.htmlSvg())
        .append("</div><p class=\"muted\">Hover a point for its run, rate, interval and k/n.</p>");
    return layout("Compare runs", b.toString());
  }

  // ---------------------------------------------------------------- run

  static String run(RunRecord run, List<VariantRates> rates, Map<String, String> axes, Map<String, Long> labels) {
    StringBuilder b = new StringBuilder("<h1>Run ").append(esc(run.id())).append("</h1>");
    b.append("<table><tr><th>suite</th><td>").append(esc(run.suite())).append("</td></tr><tr><th>model</th><td>")
        .append(esc(run.model())).append("</td></tr><tr><th>status</th><td>").append(esc(run.status()))
        .append("</td></tr><tr><th>name</th><td>").append(esc(run.name())).append("</td></tr><tr><th>seed / epochs</th><td>")
        .append(run.seed()).append(" / ").append(run.epochs()).append("</td></tr><tr><th>Candor</th><td>")
        .append(esc(run.candorVersion())).append("</td></tr><tr><th>created / finished</th><td>").append(esc(run.createdAt()))
        .append(" / ").append(esc(run.finishedAt())).append("</td></tr>");
    var served = Runs.served(run);
    if (!served.isEmpty())
      b.append("<tr><th>served model</th><td>").append(esc(ServedModel.summary(served))).append("</td></tr>");
    if (run.parentRunId() != null)
      b.append("<tr><th>parent run</th><td>").append(link("/runs/" + enc(run.parentRunId()), run.parentRunId())).append("</td></tr>");
    b.append("</table>");
    b.append("<p>").append(link(trajectoriesUrl(run, TrajectoryFilter.ALL, 1), "All trajectories")).append("</p>");

    b.append("<h2>Rate per variant</h2><p class=\"muted\">k = trajectories with value 1, n = trajectories counted ")
        .append("(value 0 or 1); 95% interval: 2.5% and 97.5% quantiles of Beta(1+k, 1+n−k).</p>");
    b.append("<table id=\"variants\"><tr><th>variant</th><th>axes</th><th>k</th><th>n</th><th>rate</th><th>95% interval</th>")
        .append("<th>not counted</th></tr>");
    for (VariantRates r : rates) {
      b.append("<tr><td>").append(link(trajectoriesUrl(run, new TrajectoryFilter(r.variantId(), null, null), 1), r.variantId()))
          .append("</td><td>").append(axesText(axes.get(r.variantId()))).append("</td><td class=\"num\">").append(r.k())
          .append("</td><td class=\"num\">").append(r.n()).append("</td><td class=\"num\">").append(pct(r.rate()))
          .append("</td><td class=\"num\">");
      if (r.n() > 0) b.append(pct(r.lower())).append(" – ").append(pct(r.upper()));
      b.append("</td><td>");
      for (var u : r.uncounted().entrySet())
        b.append(link(trajectoriesUrl(run, new TrajectoryFilter(r.variantId(), u.getKey(), null), 1), u.getKey() + " " + u.getValue()))
            .append(' ');
      b.append("</td></tr>");
    }
    b.append("</table>");
    b.append("<div class=\"chart\">").append(IntervalChart.svg(rates)).append("</div>");

    b.append("<h2>Outcome labels</h2><table id=\"labels\"><tr><th>label</th><th>trajectories</th></tr>");
    for (var e : labels.entrySet())
      b.append("<tr><td>").append(link(trajectoriesUrl(run, new TrajectoryFilter(null, e.getKey(), null), 1), e.getKey()))
          .append("</td><td class=\"num\">").append(e.getValue()).append("</td></tr>");
    b.append("</table>");
    b.append("<details><summary>Configuration</summary><pre>").append(esc(pretty(run.configJson()))).append("</pre></details>");
    return layout("Run " + run.id(), b.toString());
  }

  private static String axesText(String axesJson) {
    if (axesJson == null) return "";
    try {
      JsonNode n = Json.MAPPER.readTree(axesJson);
      List<String> parts = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        parts.add(e.getKey() + "=" + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
      }
      return esc(String.join(", ", parts));
    } catch (JsonProcessingException e) {
      return esc(axesJson);
    }
  }

  // ---------------------------------------------------------------- trajectory list

  static String trajectories(RunRecord run, TrajectoryFilter f, int page, long total, List<TrajectorySummary> rows,
                             Collection<String> variants, Collection<String> labels) {
    StringBuilder b = new StringBuilder("<h1>Trajectories of ").append(link(runUrl(run), run.id())).append("</h1>");
    b.append("<form class=\"filters\" method=\"get\" action=\"").append(esc("/runs/" + enc(run.id()) + "/trajectories")).append("\">");
    b.append("<label>variant<br><select name=\"variant\"><option value=\"\">(any)</option>");
    for (String v : variants)
      b.append("<option value=\"").append(esc(v)).append('"').append(v.equals(f.variantId()) ? " selected" : "").append('>')
          .append(esc(v)).append("</option>");
    b.append("</select></label><label>label<br><select name=\"label\"><option value=\"\">(any)</option>");
    for (String l : labels)
      b.append("<option value=\"").append(esc(l)).append('"').append(l.equals(f.label()) ? " selected" : "").append('>')
          .append(esc(l)).append("</option>");
    b.append("</select></label><label>awareness<br><select name=\"awareness\"><option value=\"\">(any)</option>");
    for (String a : List.of("aware", "metagaming", "unaware"))
      b.append("<option value=\"").append(a).append('"').append(a.equals(f.scoreLabel()) ? " selected" : "").append('>').append(a).append("</option>");
    b.append("</select></label><label>text in output or reasoning<br><input type=\"search\" name=\"q\" value=\"")
        .append(esc(f.text())).append("\"></label><button type=\"submit\">Filter</button></form>");
    long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    b.append("<p id=\"count\">").append(total).append(" trajectories · page ").append(page).append(" of ").append(pages).append("</p>");
    b.append(pager(run, f, page, pages));
    b.append("<table id=\"trajectories\"><tr><th>sample</th><th>epoch</th><th>variant</th><th>label</th><th>value</th>")
        .append("<th>answer</th><th>output</th><th>reasoning</th></tr>");
    for (TrajectorySummary t : rows) {
      b.append("<tr><td>").append(link(trajectoryUrl(run, t.sampleId(), t.epoch()), t.sampleId())).append("</td><td class=\"num\">")
          .append(t.epoch()).append("</td><td>").append(esc(t.variantId())).append("</td><td><span class=\"label\">")
          .append(esc(t.label())).append("</span></td><td class=\"num\">").append(t.value() == null ? "–" : t.value())
          .append("</td><td>").append(esc(clip(t.answer(), 40))).append("</td><td>");
      if (t.error() != null) b.append("<span class=\"err\">").append(esc(clip(t.error(), 120))).append("</span>");
      else b.append(esc(clip(t.outputHead(), 120)));
      b.append("</td><td>").append(esc(clip(t.reasoningHead(), 120))).append("</td></tr>");
    }
    b.append("</table>").append(pager(run, f, page, pages));
    return layout("Trajectories of " + run.id(), b.toString());
  }

  private static String pager(RunRecord run, TrajectoryFilter f, int page, long pages) {
    StringBuilder b = new StringBuilder("<p class=\"pager\">");
    if (page > 1) b.append(link(trajectoriesUrl(run, f, 1), "« first")).append(link(trajectoriesUrl(run, f, page - 1), "‹ previous"));
    if (page < pages) b.append(link(trajectoriesUrl(run, f, page + 1), "next ›")).append(link(trajectoriesUrl(run, f, pages), "last »"));
    return b.append("</p>").toString();
  }

  // ---------------------------------------------------------------- one trajectory

  static String trajectory(RunRecord run, Trajectory t, StoredSample sample) {
    Score score = t.score();
    List<String> evidence = score.evidence();
    StringBuilder b = new StringBuilder("<h1>").append(esc(t.sampleId())).append(" · epoch ").append(t.epoch()).append("</h1>");
    b.append("<p>").append(link(runUrl(run), "run " + run.id())).append(" · ")
        .append(link(trajectoriesUrl(run, new TrajectoryFilter(t.variantId(), null, null), 1), "variant " + t.variantId())).append("</p>");
    b.append("<table id=\"verdict\"><tr><th>label</th><td><span class=\"label\">").append(esc(score.label())).append("</span></td></tr>")
        .append("<tr><th>value</th><td>").append(score.value() == null ? "not counted" : score.value()).append("</td></tr>")
        .append("<tr><th>answer</th><td>").append(esc(score.answer())).append("</td></tr>")
        .append("<tr><th>explanation</th><td>").append(esc(score.explanation())).append("</td></tr>")
        .append("<tr><th>evidence</th><td>");
    for (String e : evidence) b.append("<div><mark>").append(esc(e)).append("</mark></div>");
    b.append("</td></tr>");
    if (sample != null) b.append("<tr><th>axes</th><td>").append(axesText(sample.axesJson())).append("</td></tr>");
    b.append("<tr><th>finish</th><td>").append(esc(t.output().finishReason())).append(t.output().truncated() ? " (truncated)" : "").append("</td></tr>")
        .append("<tr><th>tokens in / out / reasoning</th><td>").append(esc(t.tokens().input())).append(" / ").append(esc(t.tokens().output()))
        .append(" / ").append(esc(t.tokens().reasoning())).append("</td></tr><tr><th>latency</th><td>").append(esc(t.latencyMs()))
        .append(" ms</td></tr><tr><th>seed</th><td>").append(esc(t.seed())).append("</td></tr></table>");
    if (t.error() != null) b.append("<h2>Error</h2><pre class=\"err\">").append(esc(t.error())).append("</pre>");
    b.append(intervention(sample));
    if (!score.metadata().isEmpty())
      b.append("<details><summary>Grader metadata</summary><pre>").append(esc(pretty(score.metadata()))).append("</pre></details>");

    b.append("<h2>Reasoning</h2><div class=\"text\" id=\"reasoning\">").append(Highlight.marked(t.output().reasoning(), evidence)).append("</div>");
    b.append("<h2>Output</h2><div class=\"text\" id=\"output\">").append(Highlight.marked(t.output().text(), evidence)).append("</div>");

    b.append("<h2>Messages</h2>").append(messages(t.messages(), evidence));
    String events = events(t.events());
    if (!events.isEmpty()) b.append("<h2>Tool calls and file changes</h2>").append(events);
    if (sample != null && sample.metadataJson() != null && !sample.metadataJson().equals("{}"))
      b.append("<details><summary>Sample metadata</summary><pre>").append(esc(pretty(sample.metadataJson()))).append("</pre></details>");
    b.append("<details><summary>Attempts</summary><pre>").append(esc(t.attempts() == null ? "" : pretty(t.attempts().stream().map(CallAttempt::fields).toList()))).append("</pre></details>");
    b.append("<details><summary>Raw provider response</summary><pre>").append(esc(pretty(t.raw()))).append("</pre></details>");
    return layout(t.sampleId() + " #" + t.epoch(), b.toString());
  }

  /** For an intervention sample: which turn was edited and which earlier turns were replayed (empty otherwise). */
  private static String intervention(StoredSample sample) {
    JsonNode iv = sample == null ? null : tree(sample.metadataJson());
    iv = iv == null ? null : iv.get("intervention");
    if (iv == null || !iv.isObject()) return "";
    int turn = iv.path("turn").asInt(1);
    StringBuilder b = new StringBuilder("<p id=\"intervention\">Intervention <b>").append(esc(text(iv, "arm"))).append("</b> on ")
        .append(esc(text(iv, "source_sample"))).append(" #").append(esc(text(iv, "source_epoch"))).append(" of run ")
        .append(esc(text(iv, "source_run"))).append(": turn ").append(turn).append("'s reasoning edited");
    if (turn > 1) b.append("; turns 1–").append(turn - 1).append(" replayed as stored (tool calls re-executed, model not called)");
    return b.append(".</p>").toString();
  }

  private static String messages(List<Message> messages, List<String> evidence) {
    if (messages == null || messages.isEmpty()) return "<p class=\"muted\">No messages stored.</p>";
    StringBuilder b = new StringBuilder("<div id=\"messages\">");
    for (Message m : messages) {
      String role = m.role() == null ? "" : m.role().name().toLowerCase(Locale.ROOT);
      b.append("<div class=\"msg ").append(esc(role)).append("\"><div class=\"role\">").append(esc(role));
      String callId = m.toolCallId() == null ? "" : m.toolCallId();
      if (!callId.isEmpty()) b.append(" · result of ").append(esc(callId));
      b.append("</div>");
      String reasoning = m.reasoning() == null ? "" : m.reasoning();
      if (!reasoning.isEmpty())
        b.append("<details open><summary>reasoning</summary><div class=\"text\">").append(Highlight.marked(reasoning, evidence)).append("</div></details>");
      String content = m.content() == null ? "" : m.content();
      if (!content.isEmpty()) b.append("<div class=\"text\">").append(Highlight.marked(content, evidence)).append("</div>");
      for (ToolCall c : m.toolCalls())
        b.append("<div class=\"call\">→ tool call <b>").append(esc(c.name() == null ? "" : c.name())).append("</b> <span class=\"muted\">")
            .append(esc(c.id() == null ? "" : c.id())).append("</span><pre>").append(esc(pretty(c.argumentsJson() == null ? "" : c.argumentsJson()))).append("</pre></div>");
      b.append("</div>");
    }
    return b.append("</div>").toString();
  }

  private static String events(List<Event> events) {
    if (events == null || events.isEmpty()) return "";
    StringBuilder b = new StringBuilder("<div id=\"events\">");
    for (Event e : events) {
      String type = e.type();
      switch (type) {
        case "assistant" -> { } // shown with the messages
        case "tool_call" -> {
          String tool = e.tool();
          b.append("<div class=\"msg tool\"><div class=\"role\">tool call · turn ").append(esc(e.text("turn")))
              .append(Boolean.TRUE.equals(e.data().get("replayed")) ? " · replayed" : "").append("</div>")
              .append("<b>").append(esc(tool)).append("</b>").append(e.toolError() ? " <span class=\"err\">error</span>" : "")
              .append("<div>arguments</div><pre>").append(esc(pretty(e.text("arguments")))).append("</pre><div>result</div><pre>")
              .append(esc(e.text("result"))).append("</pre>").append(diff(e.text("diff"))).append("</div>");
        }
        case "end" -> {
          b.append("<div class=\"msg\"><div class=\"role\">end</div>reason: ").append(esc(e.text("reason")))
              .append(" · turns: ").append(esc(e.text("turns"))).append(" · answer: ").append(esc(e.text("answer")));
          String d = e.text("diff");
          if (!d.isEmpty()) b.append("<div>changes against the starting workspace</div>").append(diff(d));
          b.append("</div>");
        }
        default -> b.append("<pre>").append(esc(pretty(e.data()))).append("</pre>");
      }
    }
    return b.append("</div>").toString();
  }

  private static String diff(String d) {
    if (d == null || d.isEmpty()) return "";
    StringBuilder b = new StringBuilder("<pre class=\"diff\">");
    for (String line : d.split("\n", -1)) {
      String cls = line.startsWith("+++") || line.startsWith("---") ? "hunk" : line.startsWith("+") ? "add"
          : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : null;
      if (cls == null) b.append(esc(line)).append('\n');
      else b.append("<span class=\"").append(cls).append("\">").append(esc(line)).append("</span>\n");
    }
    return b.append("</pre>").toString();
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

  static String pct(double d) {
    return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * d);
  }

  private static String clip(String s, int n) {
    if (s == null) return "";
    return s.length() <= n ? s : s.substring(0, n) + "…";
  }

  private static JsonNode tree(String json) {
    if (json == null || json.isBlank()) return null;
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return Json.MAPPER.getNodeFactory().textNode(json);
    }
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
