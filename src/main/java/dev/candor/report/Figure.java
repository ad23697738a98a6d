package dev.candor.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.candor.Percent;
import dev.candor.stats.RateEstimate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The headline figure: the rate of each cell (variant or axis value) as a point at the posterior mean with an
 * asymmetric bar over its Beta 2.5–97.5% interval, one row per cell with cell labels on the y axis (so 40+ variants
 * stay legible), several runs (checkpoints) dodged within each row in distinct colours and marker shapes, with a
 * legend, axis labels and a title. Optionally rows are grouped under headers by the value of one axis.
 *
 * <p>Drawn once with Java2D ({@link #draw(Graphics2D)}) and written as PNG (BufferedImage + ImageIO) or SVG
 * (VectorGraphics2D), chosen by file extension in {@link #write(Path)}. Works headless. Instances are immutable.
 */
public final class Figure {

  /** One run's cells, drawn in one colour; {@code name} goes in the legend. */
  public record Series(String name, List<RateEstimate> cells) {
    public Series {
      if (name == null) throw new IllegalArgumentException("figure series: name is required");
      cells = List.copyOf(cells);
    }
  }

  /** Okabe–Ito colour-blind-safe palette (yellow last: weak on white). */
  static final Color[] PALETTE = {
      new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
      new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xB8A800)};

  /** The colour of series {@code i} (0-based) as {@code #RRGGBB}, for legends drawn outside the figure. */
  public static String colour(int i) {
    if (i < 0) throw new IllegalArgumentException("figure: series index must be >= 0, got " + i);
    return String.format(Locale.ROOT, "#%06X", PALETTE[i % PALETTE.length].getRGB() & 0xFFFFFF);
  }

  private static final int WIDTH = 1000;
  private static final int PAD = 20;
  private static final Color INK = new Color(0x222222), MUTED = new Color(0x666666), GRID = new Color(0xDDDDDD),
      SHADE = new Color(0xF3F4F7), AXIS = new Color(0x888888);
  private static final String FAMILY = pickFamily();

  private final String title, subtitle, xLabel, groupAxis;
  private final List<Series> series;

  private Figure(String title, String subtitle, String xLabel, String groupAxis, List<Series> series) {
    this.title = title == null ? "" : title;
    this.subtitle = subtitle;
    this.xLabel = xLabel;
    this.groupAxis = groupAxis;
    this.series = List.copyOf(series);
  }

  /** A figure of the given series (at least one), x axis labelled as a gaming rate. */
  public static Figure of(String title, List<Series> series) {
    if (series == null || series.isEmpty()) throw new IllegalArgumentException("figure: at least one series is required");
    return new Figure(title, null, "Gaming rate (posterior mean, 95% credible interval)", null, series);
  }

  public Figure withSubtitle(String subtitle) { return new Figure(title, subtitle, xLabel, groupAxis, series); }
  public Figure withXLabel(String xLabel) { return new Figure(title, subtitle, xLabel, groupAxis, series); }
  /** Groups the rows under one header per value of {@code axis} (in order of first appearance). */
  public Figure groupedBy(String axis) { return new Figure(title, subtitle, xLabel, axis, series); }

  public List<Series> series() { return series; }

  // ---------------------------------------------------------------- layout

  private record Row(String label, String key, boolean header) {}

  /** Sizes and positions in figure units (1 unit = 1 px in PNG at scale 1, 1 pt in SVG). */
  private final class Layout {
    final Font titleFont = new Font(FAMILY, Font.BOLD, 18), subFont = new Font(FAMILY, Font.PLAIN, 13),
        labelFont = new Font(FAMILY, Font.PLAIN, 12), headerFont = new Font(FAMILY, Font.BOLD, 12),
        tickFont = new Font(FAMILY, Font.PLAIN, 11), legendFont = new Font(FAMILY, Font.PLAIN, 12),
        axisFont = new Font(FAMILY, Font.PLAIN, 13);
    final List<Row> rows = rows();
    final int s = series.size();
    final double rowH = Math.max(22, 10 + 9.0 * s), headerH = 26;
    final double labelMax, plotLeft, plotRight, plotTop, plotBottom, height;
    final List<double[]> legendItems = new ArrayList<>(); // x, y per series
    final double titleY, subtitleY;
    /** All text is measured in one raster context so PNG and SVG get the same layout. */
    private final Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();

    FontMetrics metrics(Font f) {
      return scratch.getFontMetrics(f);
    }

    /** The x position of a rate in [0, 1]. */
    double x(double rate) {
      return plotLeft + (plotRight - plotLeft) * rate;
    }

    /** Truncates {@code s} with an ellipsis to fit {@code max} units in font {@code f}. */
    String fit(Font f, String s, double max) {
      FontMetrics fm = metrics(f);
      if (fm.stringWidth(s) <= max) return s;
      int end = s.length();
      while (end > 1 && fm.stringWidth(s.substring(0, end) + "…") > max) end--;
      return s.substring(0, end) + "…";
    }

    Layout() {
      hints(scratch);
      FontMetrics lm = scratch.getFontMetrics(labelFont), legm = scratch.getFontMetrics(legendFont);
      double widest = 0;
      for (Row r : rows) if (!r.header) widest = Math.max(widest, lm.stringWidth(r.label));
      labelMax = Math.min(widest, WIDTH * 0.38);
      plotLeft = PAD + labelMax + 14;
      plotRight = WIDTH - PAD - 14;
      double y = PAD + 18;
      titleY = y;
      if (subtitle != null && !subtitle.isBlank()) { y += 20; subtitleY = y; } else subtitleY = Double.NaN;
      y += 26;
      double x = plotLeft;
      for (Series sr : series) {
        double w = 30 + legm.stringWidth(sr.name()) + 22;
        if (x + w > plotRight && x > plotLeft) { x = plotLeft; y += 20; }
        legendItems.add(new double[] {x, y});
        x += w;
      }
      double h = 0;
      for (Row r : rows) h += r.header ? headerH : rowH;
      plotTop = y + (h > 600 ? 30 : 16);
      plotBottom = plotTop + h;
      height = plotBottom + 62;
    }
  }

  /** Rows: the union of cell keys over the series in order of first appearance, optionally grouped by an axis. */
  private List<Row> rows() {
    var keys = new LinkedHashMap<String, Map<String, String>>();
    for (Series sr : series) for (RateEstimate e : sr.cells()) keys.putIfAbsent(e.key(), e.tally().axes());
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

  public int width() { return WIDTH; }

  public int height() { return (int) Math.ceil(new Layout().height); }

  // ---------------------------------------------------------------- drawing

  /** Draws the figure at figure units onto {@code g}, origin top-left, {@link #width()} × {@link #height()}. */
  public void draw(Graphics2D g) {
    Layout L = new Layout();
    hints(g);
    g.setColor(Color.WHITE);
    g.fill(new Rectangle2D.Double(0, 0, WIDTH, L.height));

    // title, subtitle
    g.setColor(INK);
    g.setFont(L.titleFont);
    g.drawString(L.fit(L.titleFont, title, WIDTH - 2 * PAD), PAD, (float) L.titleY);
    if (!Double.isNaN(L.subtitleY)) {
      g.setColor(MUTED);
      g.setFont(L.subFont);
      g.drawString(L.fit(L.subFont, subtitle, WIDTH - 2 * PAD), PAD, (float) L.subtitleY);
    }

    // legend
    g.setFont(L.legendFont);
    for (int i = 0; i < L.s; i++) {
      double[] at = L.legendItems.get(i);
      double cy = at[1] - 4;
      drawInterval(g, i, at[0], at[0] + 24, cy, at[0] + 12);
      g.setColor(INK);
      g.drawString(series.get(i).name(), (float) (at[0] + 30), (float) at[1]);
    }

    // row shading and labels
    double y = L.plotTop;
    int cellIndex = 0;
    FontMetrics lm = L.metrics(L.labelFont);
    for (Row r : L.rows) {
      if (r.header) {
        g.setColor(INK);
        g.setFont(L.headerFont);
        g.drawString(L.fit(L.headerFont, r.label, WIDTH - 2 * PAD), PAD, (float) (y + L.headerH - 8));
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(PAD, y + L.headerH - 2.5, L.plotRight, y + L.headerH - 2.5));
        y += L.headerH;
        continue;
      }
      if (cellIndex++ % 2 == 1) {
        g.setColor(SHADE);
        g.fill(new Rectangle2D.Double(PAD, y, L.plotRight - PAD, L.rowH));
      }
      g.setColor(INK);
      g.setFont(L.labelFont);
      String label = L.fit(L.labelFont, r.label, L.labelMax);
      g.drawString(label, (float) (L.plotLeft - 10 - lm.stringWidth(label)), (float) (y + L.rowH / 2 + lm.getAscent() / 2.0 - 1.5));
      y += L.rowH;
    }

    // grid and x axis
    double pw = L.plotRight - L.plotLeft;
    int step = pw >= 450 ? 10 : 20;
    g.setFont(L.tickFont);
    FontMetrics tm = L.metrics(L.tickFont);
    for (int t = 0; t <= 100; t += step) {
      double x = L.plotLeft + pw * t / 100.0;
      g.setColor(t == 0 || t == 100 ? AXIS : GRID);
      g.setStroke(new BasicStroke(t == 0 ? 1.2f : 0.8f));
      g.draw(new Line2D.Double(x, L.plotTop, x, L.plotBottom));
      g.setColor(AXIS);
      g.draw(new Line2D.Double(x, L.plotBottom, x, L.plotBottom + 4));
      String s = t + "%";
      g.setColor(MUTED);
      g.drawString(s, (float) (x - tm.stringWidth(s) / 2.0), (float) (L.plotBottom + 6 + tm.getAscent()));
      if (L.plotBottom - L.plotTop > 600) // tall figure: repeat the tick labels on top
        g.drawString(s, (float) (x - tm.stringWidth(s) / 2.0), (float) (L.plotTop - 4));
    }
    g.setColor(AXIS);
    g.setStroke(new BasicStroke(1.2f));
    g.draw(new Line2D.Double(L.plotLeft, L.plotBottom, L.plotRight, L.plotBottom));
    if (xLabel != null) {
      g.setColor(INK);
      g.setFont(L.axisFont);
      FontMetrics am = L.metrics(L.axisFont);
      g.drawString(xLabel, (float) (L.plotLeft + pw / 2 - am.stringWidth(xLabel) / 2.0), (float) (L.plotBottom + 44));
    }

    // intervals and points
    for (Mark m : marks(L)) {
      if (m.e.empty()) {
        g.setColor(PALETTE[m.series % PALETTE.length]);
        g.setFont(L.tickFont);
        g.drawString("no data", (float) (L.plotLeft + 4), (float) (m.cy + 4));
        continue;
      }
      drawInterval(g, m.series, L.x(m.e.lo()), L.x(m.e.hi()), m.cy, L.x(m.e.mean()));
    }
  }

  /** One run's estimate in one row, drawn at height {@code cy}; {@code spacing} is the vertical distance between runs. */
  private record Mark(int series, RateEstimate e, double cy, double spacing) {}

  /** Every estimate drawn, in drawing order (rows top to bottom, runs in legend order within a row). */
  private List<Mark> marks(Layout L) {
    var index = new ArrayList<Map<String, RateEstimate>>();
    for (Series sr : series) {
      var m = new LinkedHashMap<String, RateEstimate>();
      for (RateEstimate e : sr.cells()) m.putIfAbsent(e.key(), e);
      index.add(m);
    }
    double spacing = L.s == 1 ? 0 : Math.min(9, (L.rowH - 10) / (L.s - 1));
    var out = new ArrayList<Mark>();
    double y = L.plotTop;
    for (Row r : L.rows) {
      if (r.header) { y += L.headerH; continue; }
      double centre = y + L.rowH / 2;
      for (int i = 0; i < L.s; i++) {
        RateEstimate e = index.get(i).get(r.key);
        if (e != null) out.add(new Mark(i, e, centre + (i - (L.s - 1) / 2.0) * spacing, spacing));
      }
      y += L.rowH;
    }
    return out;
  }

  private void drawInterval(Graphics2D g, int i, double x0, double x1, double y, double xm) {
    Color c = PALETTE[i % PALETTE.length];
    g.setColor(c);
    g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
    g.draw(new Line2D.Double(x0, y, x1, y));
    g.draw(new Line2D.Double(x0, y - 3, x0, y + 3));
    g.draw(new Line2D.Double(x1, y - 3, x1, y + 3));
    Shape m = marker(i, xm, y);
    g.fill(m);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke(0.8f));
    g.draw(m);
  }

  /** Marker shapes cycle so series stay distinguishable in greyscale: circle, square, diamond, triangles. */
  private static Shape marker(int i, double x, double y) {
    double r = 4.2;
    return switch (i % 5) {
      case 0 -> new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
      case 1 -> new Rectangle2D.Double(x - r * 0.85, y - r * 0.85, 1.7 * r, 1.7 * r);
      case 2 -> polygon(x, y - r * 1.2, x + r * 1.2, y, x, y + r * 1.2, x - r * 1.2, y);
      case 3 -> polygon(x, y - r * 1.15, x + r * 1.1, y + r * 0.85, x - r * 1.1, y + r * 0.85);
      default -> polygon(x, y + r * 1.15, x + r * 1.1, y - r * 0.85, x - r * 1.1, y - r * 0.85);
    };
  }

  private static Shape polygon(double... xy) {
    var p = new Path2D.Double();
    p.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) p.lineTo(xy[i], xy[i + 1]);
    p.closePath();
    return p;
  }

  private static void hints(Graphics2D g) {
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

  // ---------------------------------------------------------------- output

  /** The figure as an image, {@code scale} image pixels per figure unit. */
  public BufferedImage image(double scale) {
    int w = (int) Math.ceil(WIDTH * scale), h = (int) Math.ceil(height() * scale);
    var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.scale(scale, scale);
      draw(g);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** PNG bytes at 2× scale (sharp on high-density screens and in print at ~200 dpi for a 10-inch width). */
  public byte[] png() {
    var out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image(2), "png", out)) throw new IllegalStateException("no PNG writer available");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A standalone SVG document (XML declaration and DOCTYPE included). */
  public String svg() {
    var g = new VectorGraphics2D();
    draw(g);
    var doc = new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, WIDTH, height()));
    var out = new ByteArrayOutputStream();
    try {
      doc.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String svg = quoteText(portableText(out.toString(StandardCharsets.UTF_8)));
    int end = svg.lastIndexOf("</svg>");
    if (end < 0) throw new IllegalStateException("SVG output has no </svg>");
    return svg.substring(0, end) + tips(new Layout()) + svg.substring(end);
  }

  /**
   * Hover tooltips that need no script: one transparent hit area per drawn estimate, over its interval bar and point,
   * holding an SVG {@code <title>} (run, cell, rate, 95% interval, k/n, outcomes) that browsers show on hover.
   * VectorGraphics2D cannot attach elements to what it draws, so the areas are laid over the drawing as the SVG's
   * last group, in the same figure units; their text is escaped with {@link Html#escape}.
   */
  private String tips(Layout L) {
    var b = new StringBuilder("<g class=\"tips\" fill=\"#000000\" fill-opacity=\"0\" stroke=\"none\">\n");
    for (Mark m : marks(L)) {
      double x0 = m.e.empty() ? L.plotLeft : Math.max(L.plotLeft - 6, L.x(m.e.lo()) - 6);
      double x1 = m.e.empty() ? L.plotLeft + 60 : Math.min(L.plotRight + 6, L.x(m.e.hi()) + 6);
      double h = m.spacing == 0 ? 12 : Math.max(5, Math.min(12, m.spacing));
      b.append("  <rect class=\"tip\" data-series=\"").append(m.series).append("\" x=\"").append(num(x0)).append("\" y=\"")
          .append(num(m.cy - h / 2)).append("\" width=\"").append(num(x1 - x0)).append("\" height=\"").append(num(h))
          .append("\"><title>").append(Html.escape(tipText(m))).append("</title></rect>\n");
    }
    return b.append("</g>\n").toString();
  }

  /** The tooltip of one estimate, one fact per line. */
  private String tipText(Mark m) {
    RateEstimate e = m.e;
    var t = new StringBuilder(series.get(m.series).name()).append(" · ").append(e.key()).append('\n');
    if (e.empty()) t.append("no data (n = 0)");
    else t.append("rate ").append(Percent.pct(e.mean())).append(" (posterior mean; k/n = ").append(Percent.pct(e.rate()))
        .append(")\n95% interval ").append(Percent.interval(e.lo(), e.hi())).append("%\nk/n ").append(e.k()).append('/').append(e.n());
    if (!e.tally().labelCounts().isEmpty()) {
      var parts = new ArrayList<String>();
      e.tally().labelCounts().forEach((label, count) -> parts.add(label + " " + count));
      t.append("\noutcomes: ").append(String.join(", ", parts));
    }
    return t.toString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static final java.util.regex.Pattern SVG_NAMESPACES = java.util.regex.Pattern.compile("\\s+xmlns(:xlink)?=\"[^\"]*\"");

  /**
   * The SVG element for an HTML5 page: {@link #inlineSvg()} without XML namespace attributes, with {@code role="img"}
   * and the title (escaped) as its {@code aria-label}.
   */
  public String htmlSvg() {
    String svg = SVG_NAMESPACES.matcher(inlineSvg()).replaceAll("");
    return svg.replaceFirst("<svg ", java.util.regex.Matcher.quoteReplacement("<svg role=\"img\" aria-label=\"" + Html.escape(title) + "\" "));
  }

  private static final java.util.regex.Pattern TEXT_STYLE = java.util.regex.Pattern.compile("<text style=\"([^\"]*)\"");

  /**
   * VectorGraphics2D leaves out the font size when it equals its 12 px default and names only our font family; a
   * viewer would then use its own default size and, without DejaVu, a serif face. Make both explicit.
   */
  private static String portableText(String svg) {
    var m = TEXT_STYLE.matcher(svg);
    var sb = new StringBuilder(svg.length() + 4096);
    while (m.find()) {
      String style = m.group(1);
      if (!style.contains("font-size:")) style = style + "font-size:12px;";
      style = style.replaceFirst("font-family:(&quot;.*?&quot;|[^;&]*);", "font-family:$1,Helvetica,Arial,sans-serif;");
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement("<text style=\"" + style + "\""));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static final java.util.regex.Pattern TEXT_CONTENT = java.util.regex.Pattern.compile("(<text[^>]*>)([^<]*)(</text>)");

  /**
   * The XML writer escapes only {@code & < >} in text content; escape quotes too, so that text drawn from untrusted
   * names reads as inert as everywhere else once the SVG is inlined in a page (same result as {@link Html#escape}).
   */
  private static String quoteText(String svg) {
    var m = TEXT_CONTENT.matcher(svg);
    var sb = new StringBuilder(svg.length() + 256);
    while (m.find())
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(
          m.group(1) + m.group(2).replace("\"", "&quot;").replace("'", "&#39;") + m.group(3)));
    m.appendTail(sb);
    return sb.toString();
  }

  /** The SVG element alone, for inlining in HTML (no XML declaration, no DOCTYPE). */
  public String inlineSvg() {
    String s = svg();
    int i = s.indexOf("<svg");
    if (i < 0) throw new IllegalStateException("SVG output has no <svg> element");
    return s.substring(i);
  }

  /** Writes PNG or SVG according to the file extension ({@code .png} or {@code .svg}, any case). */
  public void write(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (name.endsWith(".png")) bytes = png();
    else if (name.endsWith(".svg")) bytes = svg().getBytes(StandardCharsets.UTF_8);
    else throw new IllegalArgumentException("figure: output file '" + file + "' must end in .png or .svg");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.write(file, bytes);
  }
}
