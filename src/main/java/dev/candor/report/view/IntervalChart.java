package dev.candor.report.view;

import java.util.List;
import java.util.Locale;

/**
 * A server-rendered inline SVG: one row per variant, a bar spanning its 95% interval and a dot at its rate, on a
 * 0–100% axis; hovering a row shows its numbers (an SVG {@code <title>}). No script, no external resource.
 */
final class IntervalChart {
  private static final int LABEL_W = 260;
  private static final int PLOT_W = 420;
  private static final int ROW_H = 24;
  private static final int TOP = 28;

  private IntervalChart() {}

  static String svg(List<VariantRates> rows) {
    int height = TOP + ROW_H * Math.max(1, rows.size()) + 10;
    int width = LABEL_W + PLOT_W + 70;
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"interval-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"12\">");
    s.append("<title>Rate per variant with 95% interval</title>");
    s.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#ffffff\"/>");
    for (int pct = 0; pct <= 100; pct += 25) {
      double x = LABEL_W + PLOT_W * pct / 100.0;
      s.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(TOP - 6).append("\" x2=\"").append(f(x))
          .append("\" y2=\"").append(height - 8).append("\" stroke=\"#dddddd\"/>");
      s.append("<text x=\"").append(f(x)).append("\" y=\"").append(TOP - 10).append("\" text-anchor=\"middle\" fill=\"#555555\">")
          .append(pct).append("%</text>");
    }
    int i = 0;
    for (VariantRates r : rows) {
      double y = TOP + ROW_H * i + ROW_H / 2.0;
      String label = r.variantId().length() > 38 ? r.variantId().substring(0, 37) + "…" : r.variantId();
      s.append("<g class=\"row\"><title>").append(Html.esc(tip(r))).append("</title>");
      s.append("<rect x=\"0\" y=\"").append(f(y - ROW_H / 2.0)).append("\" width=\"").append(width).append("\" height=\"")
          .append(ROW_H).append("\" fill=\"#ffffff\" fill-opacity=\"0\"/>");
      s.append("<text x=\"").append(LABEL_W - 8).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">")
          .append(Html.esc(label)).append("</text>");
      if (r.n() > 0) {
        double x1 = LABEL_W + PLOT_W * r.lower();
        double x2 = LABEL_W + PLOT_W * r.upper();
        double xr = LABEL_W + PLOT_W * r.rate();
        s.append("<rect class=\"interval\" x=\"").append(f(x1)).append("\" y=\"").append(f(y - 5)).append("\" width=\"")
            .append(f(Math.max(1, x2 - x1))).append("\" height=\"10\" rx=\"3\" fill=\"#8fb3de\"/>");
        s.append("<circle cx=\"").append(f(xr)).append("\" cy=\"").append(f(y)).append("\" r=\"4.5\" fill=\"#1f4e8c\"/>");
        s.append("<text x=\"").append(LABEL_W + PLOT_W + 8).append("\" y=\"").append(f(y + 4)).append("\" fill=\"#333333\">")
            .append(Pages.pct(r.rate())).append("</text>");
      } else {
        s.append("<text x=\"").append(LABEL_W + 4).append("\" y=\"").append(f(y + 4)).append("\" fill=\"#999999\">nothing counted</text>");
      }
      s.append("</g>");
      i++;
    }
    s.append("</svg>");
    return s.toString();
  }

  /** The hover text of one row (an SVG title: shown by the browser, no script): variant, rate, interval, k/n, uncounted. */
  static String tip(VariantRates r) {
    StringBuilder t = new StringBuilder(r.variantId()).append('\n');
    if (r.n() == 0) t.append("nothing counted (n = 0)");
    else t.append("rate ").append(Pages.pct(r.rate())).append(" (k/n)\n95% interval ").append(Pages.pct(r.lower())).append(" – ")
        .append(Pages.pct(r.upper())).append("\nk/n ").append(r.k()).append('/').append(r.n());
    if (r.uncounted() != null && !r.uncounted().isEmpty()) {
      List<String> parts = new java.util.ArrayList<>();
      r.uncounted().forEach((label, count) -> parts.add(label + " " + count));
      t.append("\nnot counted: ").append(String.join(", ", parts));
    }
    return t.toString();
  }

  private static String f(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }
}
