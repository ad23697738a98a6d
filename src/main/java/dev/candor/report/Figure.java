package dev.candor.report;

import dev.candor.stats.RateEstimate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
 * <p>Laid out once as an {@link IntervalChart} (the same chart the viewer's run and compare pages and the offline
 * report show): SVG through the template {@code partials/chart.jte}, PNG by drawing the same parts with Java2D
 * ({@link #draw(Graphics2D)}); {@link #write(Path)} picks by file extension. Works headless. Instances are immutable.
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

  /** The figure laid out: what every rendering (HTML, SVG file, PNG) draws. */
  public IntervalChart chart() {
    return IntervalChart.of(title, subtitle, xLabel, groupAxis, series, PALETTE);
  }

  public int width() { return IntervalChart.WIDTH; }

  public int height() { return (int) chart().height(); }

  // ---------------------------------------------------------------- drawing

  /** Draws the figure at figure units onto {@code g}, origin top-left, {@link #width()} × {@link #height()}. */
  public void draw(Graphics2D g) {
    draw(chart(), g);
  }

  /** Draws the parts of {@code c} in the order the SVG template writes them (tooltips aside: PNG has no hover). */
  private static void draw(IntervalChart c, Graphics2D g) {
    IntervalChart.hints(g);
    g.setColor(Color.WHITE);
    g.fill(new Rectangle2D.Double(0, 0, c.width(), c.height()));
    for (IntervalChart.Band b : c.bands()) {
      g.setColor(b.colour());
      g.fill(new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h()));
    }
    for (IntervalChart.Rule r : c.rules()) {
      g.setColor(r.colour());
      g.setStroke(new BasicStroke((float) r.stroke()));
      g.draw(new Line2D.Double(r.x1(), r.y1(), r.x2(), r.y2()));
    }
    for (IntervalChart.Label l : c.labels()) {
      Font f = IntervalChart.font(l.size(), l.bold());
      g.setFont(f);
      g.setColor(l.colour());
      double w = g.getFontMetrics(f).stringWidth(l.text());
      double x = switch (l.anchor()) {
        case "end" -> l.x() - w;
        case "middle" -> l.x() - w / 2;
        default -> l.x();
      };
      g.drawString(l.text(), (float) x, (float) l.y());
    }
    for (IntervalChart.Mark m : c.marks()) {
      g.setColor(m.colour());
      g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
      g.draw(new Line2D.Double(m.x0(), m.cy(), m.x1(), m.cy()));
      g.draw(new Line2D.Double(m.x0(), m.cy() - 3, m.x0(), m.cy() + 3));
      g.draw(new Line2D.Double(m.x1(), m.cy() - 3, m.x1(), m.cy() + 3));
      Shape marker = m.shape();
      g.fill(marker);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(0.8f));
      g.draw(marker);
    }
  }

  // ---------------------------------------------------------------- output

  /** The figure as an image, {@code scale} image pixels per figure unit. */
  public BufferedImage image(double scale) {
    IntervalChart c = chart();
    int w = (int) Math.ceil(c.width() * scale), h = (int) Math.ceil(c.height() * scale);
    var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.scale(scale, scale);
      draw(c, g);
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

  /** A standalone SVG document (XML declaration and SVG namespace included). */
  public String svg() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + inlineSvg();
  }

  /** The SVG element alone, with its namespace, for embedding in other XML (no XML declaration). */
  public String inlineSvg() {
    return Templates.render("partials/chart.jte", Map.of("c", chart(), "standalone", true));
  }

  /**
   * The SVG element for an HTML5 page (no namespace attribute), with {@code role="img"} and the title (escaped) as its
   * {@code aria-label}.
   */
  public String htmlSvg() {
    return Templates.render("partials/chart.jte", Map.of("c", chart()));
  }

  /** Writes PNG or SVG according to the file extension ({@code .png} or {@code .svg}, any case). */
  public void write(Path file) throws IOException {
    dev.candor.FigureFile.write(file, this::png, this::svg);
  }
}
