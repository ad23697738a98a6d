package dev.candor.report;

import dev.candor.Percent;
import dev.candor.stats.RateEstimate;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one interval chart, laid out once: every band, rule, text, interval with its point marker, and hover tooltip, in
 * figure units (1 unit = 1 px in PNG at scale 1 and in SVG). Template {@code partials/chart.jte} renders it to SVG for
 * HTML pages and SVG files (text escaped by the template); {@link Figure#draw} renders the same parts with Java2D for
 * PNG. Built by {@link #of} from a {@link Figure}'s series (see there for what the chart shows).
 */
public record IntervalChart(String id, String title, double width, double height, List<Band> bands, List<Rule> rules,
                            List<Label> labels, List<Mark> marks, List<Tip> tips) {

  /** The font family drawn with (measured in Java2D) and the fallbacks an SVG viewer without it uses. */
  static final String FAMILY = pickFamily();
  public static final String FONT = "'" + FAMILY + "', Helvetica, Arial, sans-serif";

  /** The same chart with a DOM id on its {@code <svg>} element. */
  public IntervalChart withId(String id) {
    return new IntervalChart(id, title, width, height, bands, rules, labels, marks, tips);
  }

  /** A filled rectangle (row shading). */
  public record Band(double x, double y, double w, double h, Color colour) {
    public String fill() { return rgb(colour); }
  }

  /** A straight line: grid, ticks, axis, header rules. */
  public record Rule(double x1, double y1, double x2, double y2, Color colour, double stroke) {
    public String style() { return "stroke:" + rgb(colour) + ";stroke-width:" + stroke; }
  }

  /** A text baseline-anchored at (x, y) ({@code anchor}: start, middle or end); its text is plain, never markup. */
  public record Label(double x, double y, String text, String anchor, int size, boolean bold, Color colour) {
    public String style() {
      return "font-size:" + size + "px;" + (bold ? "font-weight:bold;" : "") + "fill:" + rgb(colour);
    }
  }

  /**
   * An interval from {@code x0} to {@code x1} with end caps and a point marker at {@code xm}, at height {@code cy};
   * {@code shape} picks the marker (circle, square, diamond, triangle up, triangle down) so series stay apart in
   * greyscale. A {@code key} mark is the legend's sample, not data.
   */
  public record Mark(int series, Color colour, double x0, double x1, double xm, double cy, boolean key) {
    private static final double R = 4.2;

    public String stroke() { return "fill:none;stroke:" + rgb(colour) + ";stroke-width:1.6"; }

    public String fill() { return "fill:" + rgb(colour) + ";stroke:rgb(255,255,255);stroke-width:0.8"; }

    /** The interval bar and its two caps as SVG path data. */
    public String interval() {
      return "M" + n(x0) + " " + n(cy) + "H" + n(x1) + "M" + n(x0) + " " + n(cy - 3) + "V" + n(cy + 3) + "M" + n(x1) + " "
          + n(cy - 3) + "V" + n(cy + 3);
    }

    public boolean circle() { return series % 5 == 0; }

    public double radius() { return R; }

    /** The marker's polygon as SVG path data (markers other than the circle). */
    public String marker() {
      double[] p = polygon();
      var d = new StringBuilder("M").append(n(p[0])).append(' ').append(n(p[1]));
      for (int i = 2; i < p.length; i += 2) d.append('L').append(n(p[i])).append(' ').append(n(p[i + 1]));
      return d.append('Z').toString();
    }

    Shape shape() {
      if (circle()) return new Ellipse2D.Double(xm - R, cy - R, 2 * R, 2 * R);
      double[] p = polygon();
      var path = new Path2D.Double();
      path.moveTo(p[0], p[1]);
      for (int i = 2; i < p.length; i += 2) path.lineTo(p[i], p[i + 1]);
      path.closePath();
      return path;
    }

    private double[] polygon() {
      double x = xm, y = cy, r = R;
      return switch (series % 5) {
        case 1 -> new double[] {x - r * 0.85, y - r * 0.85, x + r * 0.85, y - r * 0.85, x + r * 0.85, y + r * 0.85, x - r * 0.85, y + r * 0.85};
        case 2 -> new double[] {x, y - r * 1.2, x + r * 1.2, y, x, y + r * 1.2, x - r * 1.2, y};
        case 3 -> new double[] {x, y - r * 1.15, x + r * 1.1, y + r * 0.85, x - r * 1.1, y + r * 0.85};
        case 4 -> new double[] {x, y + r * 1.15, x + r * 1.1, y - r * 0.85, x - r * 1.1, y - r * 0.85};
        default -> throw new IllegalStateException("circle marker has no polygon");
      };
    }
  }

  /** A transparent hover area over one estimate's interval and point; {@code text} is its tooltip, one fact per line. */
  public record Tip(int series, double x, double y, double w, double h, String text) {}

  /** Rounds figure units to two decimals, as written. */
  public static String n(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String rgb(Color c) {
    return "rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
  }

  // ---------------------------------------------------------------- layout

  static final int WIDTH = 1000;
  private static final int PAD = 20;
  static final Color INK = new Color(0x222222), MUTED = new Color(0x666666), GRID = new Color(0xDDDDDD),
      SHADE = new Color(0xF3F4F7), AXIS = new Color(0x888888);

  /** The chart of {@code series} (colours from {@code palette}), rows optionally grouped by the value of {@code groupAxis}. */
  static IntervalChart of(String title, String subtitle, String xLabel, String groupAxis, List<Figure.Series> series, Color[] palette) {
    return new Builder(title, subtitle, xLabel, groupAxis, series, palette).build();
  }

  static Font font(int size, boolean bold) {
    return new Font(FAMILY, bold ? Font.BOLD : Font.PLAIN, size);
  }

  static void hints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
  }

  private static String pickFamily() {
    try {
      var families = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT));
      for (String f : List.of("DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"))
        if (families.contains(f)) return f;
    } catch (RuntimeException | Error e) {
      // no font configuration: fall back to the logical font
    }
    return Font.SANS_SERIF;
  }

  private record Row(String label, String key, boolean header) {}

  private static final class Builder {
    private static final int TITLE = 18, SUB = 13, LABEL = 12, TICK = 11, LEGEND = 12, AXIS_LABEL = 13;
    private final String title, subtitle, xLabel, groupAxis;
    private final List<Figure.Series> series;
    private final Color[] palette;
    /** All text is measured in one raster context so PNG and SVG get the same layout. */
    private final Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    private final List<Band> bands = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Tip> tips = new ArrayList<>();

    Builder(String title, String subtitle, String xLabel, String groupAxis, List<Figure.Series> series, Color[] palette) {
      this.title = title == null ? "" : title;
      this.subtitle = subtitle;
      this.xLabel = xLabel;
      this.groupAxis = groupAxis;
      this.series = series;
      this.palette = palette;
      hints(scratch);
    }

    FontMetrics metrics(int size, boolean bold) {
      return scratch.getFontMetrics(font(size, bold));
    }

    /** Truncates {@code s} with an ellipsis to fit {@code max} units. */
    String fit(int size, boolean bold, String s, double max) {
      FontMetrics fm = metrics(size, bold);
      if (fm.stringWidth(s) <= max) return s;
      int end = s.length();
      while (end > 1 && fm.stringWidth(s.substring(0, end) + "…") > max) end--;
      return s.substring(0, end) + "…";
    }

    Color colour(int i) {
      return palette[i % palette.length];
    }

    IntervalChart build() {
      List<Row> rows = rows();
      int s = series.size();
      double rowH = Math.max(22, 10 + 9.0 * s), headerH = 26;
      double widest = 0;
      for (Row r : rows) if (!r.header) widest = Math.max(widest, metrics(LABEL, false).stringWidth(r.label));
      double labelMax = Math.min(widest, WIDTH * 0.38);
      // one run: a column right of the plot gives each row's rate as text
      double plotLeft = PAD + labelMax + 14, plotRight = WIDTH - PAD - (s == 1 ? 60 : 14), pw = plotRight - plotLeft;

      double y = PAD + 18;
      labels.add(new Label(PAD, y, fit(TITLE, true, title, WIDTH - 2 * PAD), "start", TITLE, true, INK));
      if (subtitle != null && !subtitle.isBlank()) {
        y += 20;
        labels.add(new Label(PAD, y, fit(SUB, false, subtitle, WIDTH - 2 * PAD), "start", SUB, false, MUTED));
      }
      y += 26;
      double x = plotLeft;
      for (int i = 0; i < s; i++) {
        String name = series.get(i).name();
        double w = 30 + metrics(LEGEND, false).stringWidth(name) + 22;
        if (x + w > plotRight && x > plotLeft) { x = plotLeft; y += 20; }
        marks.add(new Mark(i, colour(i), x, x + 24, x + 12, y - 4, true));
        labels.add(new Label(x + 30, y, name, "start", LEGEND, false, INK));
        x += w;
      }
      double h = 0;
      for (Row r : rows) h += r.header ? headerH : rowH;
      double plotTop = y + (h > 600 ? 30 : 16), plotBottom = plotTop + h;

      // rows: headers, shading, labels, and each run's estimate
      var index = new ArrayList<Map<String, RateEstimate>>();
      for (Figure.Series sr : series) {
        var m = new LinkedHashMap<String, RateEstimate>();
        for (RateEstimate e : sr.cells()) m.putIfAbsent(e.key(), e);
        index.add(m);
      }
      double spacing = s == 1 ? 0 : Math.min(9, (rowH - 10) / (s - 1));
      double tipH = spacing == 0 ? 12 : Math.max(5, Math.min(12, spacing));
      var data = new ArrayList<Mark>();
      y = plotTop;
      int cellIndex = 0;
      double ascent = metrics(LABEL, false).getAscent();
      for (Row r : rows) {
        if (r.header) {
          labels.add(new Label(PAD, y + headerH - 8, fit(LABEL, true, r.label, WIDTH - 2 * PAD), "start", LABEL, true, INK));
          rules.add(new Rule(PAD, y + headerH - 2.5, plotRight, y + headerH - 2.5, GRID, 1));
          y += headerH;
          continue;
        }
        if (cellIndex++ % 2 == 1) bands.add(new Band(PAD, y, (s == 1 ? WIDTH - PAD : plotRight) - PAD, rowH, SHADE));
        labels.add(new Label(plotLeft - 10, y + rowH / 2 + ascent / 2 - 1.5, fit(LABEL, false, r.label, labelMax), "end", LABEL, false, INK));
        double centre = y + rowH / 2;
        for (int i = 0; i < s; i++) {
          RateEstimate e = index.get(i).get(r.key);
          if (e == null) continue;
          double cy = centre + (i - (s - 1) / 2.0) * spacing;
          double x0 = plotLeft + pw * (e.empty() ? 0 : e.lo()), x1 = plotLeft + pw * (e.empty() ? 0 : e.hi());
          if (e.empty()) labels.add(new Label(plotLeft + 4, cy + 4, "no data", "start", TICK, false, colour(i)));
          else {
            data.add(new Mark(i, colour(i), x0, x1, plotLeft + pw * e.mean(), cy, false));
            if (s == 1) labels.add(new Label(WIDTH - PAD, cy + 4, Percent.pct(e.mean()), "end", TICK, false, INK));
          }
          double t0 = e.empty() ? plotLeft : Math.max(plotLeft - 6, x0 - 6), t1 = e.empty() ? plotLeft + 60 : Math.min(plotRight + 6, x1 + 6);
          tips.add(new Tip(i, t0, cy - tipH / 2, t1 - t0, tipH, tipText(series.get(i).name(), e)));
        }
        y += rowH;
      }

      // grid and x axis
      int step = pw >= 450 ? 10 : 20;
      double tickAscent = metrics(TICK, false).getAscent();
      for (int t = 0; t <= 100; t += step) {
        double tx = plotLeft + pw * t / 100.0, stroke = t == 0 ? 1.2 : 0.8;
        rules.add(new Rule(tx, plotTop, tx, plotBottom, t == 0 || t == 100 ? AXIS : GRID, stroke));
        rules.add(new Rule(tx, plotBottom, tx, plotBottom + 4, AXIS, stroke));
        labels.add(new Label(tx, plotBottom + 6 + tickAscent, t + "%", "middle", TICK, false, MUTED));
        if (plotBottom - plotTop > 600) // tall figure: repeat the tick labels on top
          labels.add(new Label(tx, plotTop - 4, t + "%", "middle", TICK, false, MUTED));
      }
      rules.add(new Rule(plotLeft, plotBottom, plotRight, plotBottom, AXIS, 1.2));
      if (xLabel != null) labels.add(new Label(plotLeft + pw / 2, plotBottom + 44, xLabel, "middle", AXIS_LABEL, false, INK));
      marks.addAll(data);
      return new IntervalChart(null, title, WIDTH, Math.ceil(plotBottom + 62), bands, rules, labels, marks, tips);
    }

    /** Rows: the union of cell keys over the series in order of first appearance, optionally grouped by an axis. */
    private List<Row> rows() {
      var keys = new LinkedHashMap<String, Map<String, String>>();
      for (Figure.Series sr : series) for (RateEstimate e : sr.cells()) keys.putIfAbsent(e.key(), e.tally().axes());
      var out = new ArrayList<Row>();
      if (groupAxis == null) {
        for (String k : keys.keySet()) out.add(new Row(k, k, false));
        return out;
      }
      var groups = new LinkedHashMap<String, List<String>>();
      keys.forEach((k, axes) -> groups.computeIfAbsent(axes.getOrDefault(groupAxis, "(none)"), v -> new ArrayList<>()).add(k));
      groups.forEach((value, ks) -> {
        out.add(new Row(groupAxis + " = " + value, null, true));
        for (String k : ks) out.add(new Row(k, k, false));
      });
      return out;
    }
  }

  /** The tooltip of one run's estimate in one cell: run, cell, rate, 95% interval, k/n, outcomes not counted, outcomes. */
  static String tipText(String run, RateEstimate e) {
    var t = new StringBuilder(run).append(" · ").append(e.key()).append('\n');
    if (e.empty()) t.append("no data (n = 0)");
    else t.append("rate ").append(Percent.pct(e.mean())).append(" (posterior mean; k/n = ").append(Percent.pct(e.rate()))
        .append(")\n95% interval ").append(Percent.interval(e.lo(), e.hi())).append("%\nk/n ").append(e.k()).append('/').append(e.n());
    if (e.tally().uncounted() > 0) t.append("\nnot counted: ").append(e.tally().uncounted());
    if (!e.tally().labelCounts().isEmpty()) {
      var parts = new ArrayList<String>();
      e.tally().labelCounts().forEach((label, count) -> parts.add(label + " " + count));
      t.append("\noutcomes: ").append(String.join(", ", parts));
    }
    return t.toString();
  }
}
