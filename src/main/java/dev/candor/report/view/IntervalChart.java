package dev.candor.report.view;

import dev.candor.Percent;
import dev.candor.report.view.Views.Bar;
import dev.candor.report.view.Views.Chart;
import dev.candor.report.view.Views.ChartRow;
import dev.candor.report.view.Views.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run page's chart (template {@code partials/chart.jte}, inline SVG): one row per variant, a bar spanning its 95%
 * interval and a dot at its rate, on a 0–100% axis; hovering a row shows its numbers (an SVG {@code <title>}).
 */
final class IntervalChart {
  private static final int LABEL_W = 260;
  private static final int PLOT_W = 420;
  private static final int ROW_H = 24;
  private static final int TOP = 28;

  private IntervalChart() {}

  static Chart of(List<VariantRates> rows) {
    int height = TOP + ROW_H * Math.max(1, rows.size()) + 10;
    var ticks = new ArrayList<Tick>();
    for (int pct = 0; pct <= 100; pct += 25) ticks.add(new Tick(f(LABEL_W + PLOT_W * pct / 100.0), TOP - 6, height - 8, TOP - 10, pct));
    var out = new ArrayList<ChartRow>();
    int i = 0;
    for (VariantRates r : rows) {
      double y = TOP + ROW_H * i++ + ROW_H / 2.0;
      String label = r.variantId().length() > 38 ? r.variantId().substring(0, 37) + "…" : r.variantId();
      Bar bar = null;
      if (r.n() > 0) {
        double x1 = LABEL_W + PLOT_W * r.lower(), x2 = LABEL_W + PLOT_W * r.upper();
        bar = new Bar(f(x1), f(y - 5), f(Math.max(1, x2 - x1)), f(LABEL_W + PLOT_W * r.rate()), Percent.pct(r.rate()));
      }
      out.add(new ChartRow(tip(r), f(y - ROW_H / 2.0), f(y), f(y + 4), label, bar));
    }
    return new Chart(LABEL_W + PLOT_W + 70, height, ticks, out);
  }

  /** The hover text of one row (an SVG title: shown by the browser, no script): variant, rate, interval, k/n, uncounted. */
  static String tip(VariantRates r) {
    StringBuilder t = new StringBuilder(r.variantId()).append('\n');
    if (r.n() == 0) t.append("nothing counted (n = 0)");
    else t.append("rate ").append(Percent.pct(r.rate())).append(" (k/n)\n95% interval ").append(Percent.pct(r.lower())).append(" – ")
        .append(Percent.pct(r.upper())).append("\nk/n ").append(r.k()).append('/').append(r.n());
    if (r.uncounted() != null && !r.uncounted().isEmpty()) {
      List<String> parts = new ArrayList<>();
      r.uncounted().forEach((label, count) -> parts.add(label + " " + count));
      t.append("\nnot counted: ").append(String.join(", ", parts));
    }
    return t.toString();
  }

  private static String f(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }
}
