package dev.candor.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Curves over checkpoints: one panel per curve (the suite headline, a family, an axis value, awareness, terms), each
 * the rate (posterior mean) against training step as a line with markers over a shaded band from the 2.5% to the
 * 97.5% bound, phase boundaries as dashed vertical lines labelled with the phase that starts there. Steps are on a
 * linear axis shared by the panels. Drawn once with Java2D: PNG at 2× scale, SVG through VectorGraphics2D.
 */
public final class CurveFigure {
  /** One checkpoint of a panel: step, rate and its interval (NaN: no data, drawn as a gap). */
  public record Point(long step, double mean, double lo, double hi) {}

  /** Where a phase starts: its first checkpoint's step (the line is drawn halfway from the checkpoint before) and its name. */
  public record Boundary(double step, String phase) {}

  /**
   * One panel: its title, its y axis label, whether its values are proportions (drawn as % on 0–100) or rates of
   * another scale (an axis from 0 to the largest upper bound), its points in step order.
   */
  public record Panel(String title, String yLabel, boolean proportion, List<Point> points) {
    public Panel {
      points = List.copyOf(points);
    }
  }

  private static final int PANEL_W = 360, PANEL_H = 240, GAP = 30, LEFT = 56, TOP = 70, COLUMNS = 3;
  private static final Color INK = IntervalChart.INK, MUTED = IntervalChart.MUTED, GRID = IntervalChart.GRID;
  private static final Color LINE = new Color(0x0072B2), BAND = new Color(0x0072B2 | 0x33000000, true), PHASE = new Color(0xD55E00);

  private final String title, subtitle;
  private final List<Panel> panels;
  private final List<Boundary> boundaries;

  private CurveFigure(String title, String subtitle, List<Panel> panels, List<Boundary> boundaries) {
    this.title = title;
    this.subtitle = subtitle;
    this.panels = List.copyOf(panels);
    this.boundaries = List.copyOf(boundaries);
  }

  public static CurveFigure of(String title, String subtitle, List<Panel> panels, List<Boundary> boundaries) {
    if (panels.isEmpty()) throw new IllegalArgumentException("curve figure: at least one panel is required");
    return new CurveFigure(title, subtitle, panels, boundaries);
  }

  private int columns() { return Math.min(COLUMNS, panels.size()); }

  public int width() { return LEFT + columns() * (PANEL_W + GAP + LEFT) - LEFT; }

  public int height() { return TOP + ((panels.size() + COLUMNS - 1) / COLUMNS) * (PANEL_H + 70) + 10; }

  public void draw(Graphics2D g) {
    IntervalChart.hints(g);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width(), height());
    g.setColor(INK);
    g.setFont(IntervalChart.font(16, true));
    g.drawString(title, 16, 26);
    g.setFont(IntervalChart.font(11, false));
    g.setColor(MUTED);
    if (subtitle != null) g.drawString(subtitle, 16, 44);
    long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
    for (Panel p : panels) for (Point q : p.points()) {
      min = Math.min(min, q.step());
      max = Math.max(max, q.step());
    }
    if (max == min) max = min + 1;
    for (int i = 0; i < panels.size(); i++) {
      int x = LEFT + (i % COLUMNS) * (PANEL_W + GAP + LEFT), y = TOP + (i / COLUMNS) * (PANEL_H + 70);
      panel(g, panels.get(i), x, y, min, max);
    }
  }

  private void panel(Graphics2D g, Panel p, int left, int top, long min, long max) {
    int plotTop = top + 24, bottom = top + PANEL_H, right = left + PANEL_W;
    g.setFont(IntervalChart.font(12, true));
    g.setColor(INK);
    g.drawString(p.title(), left, top + 10);
    double yMax = 1;
    if (!p.proportion()) {
      yMax = 0;
      for (Point q : p.points()) if (!Double.isNaN(q.hi())) yMax = Math.max(yMax, q.hi());
      else if (!Double.isNaN(q.mean())) yMax = Math.max(yMax, q.mean());
      yMax = yMax <= 0 ? 1 : dev.candor.FigureFile.niceStep(yMax);
    }
    final double ym = yMax;
    java.util.function.DoubleUnaryOperator sx = s -> left + (s - min) / (double) (max - min) * (right - left);
    java.util.function.DoubleUnaryOperator sy = v -> bottom - v / ym * (bottom - plotTop);
    g.setFont(IntervalChart.font(10, false));
    FontMetrics fm = g.getFontMetrics();
    for (int t = 0; t <= 4; t++) {
      double v = ym * t / 4, y = sy.applyAsDouble(v);
      g.setColor(GRID);
      g.setStroke(new BasicStroke(0.8f));
      g.draw(new Line2D.Double(left, y, right, y));
      g.setColor(MUTED);
      String s = p.proportion() ? String.format(Locale.ROOT, "%.0f%%", v * 100) : fmt(v);
      g.drawString(s, left - 5 - fm.stringWidth(s), (float) y + 4);
    }
    for (long t : ticks(min, max)) {
      double x = sx.applyAsDouble(t);
      g.setColor(MUTED);
      g.draw(new Line2D.Double(x, bottom, x, bottom + 4));
      String s = Long.toString(t);
      g.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), bottom + 16);
    }
    g.drawString("step", (float) (right - fm.stringWidth("step")), bottom + 30);
    g.drawString(p.yLabel(), left, plotTop - 4);
    g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
    for (Boundary b : boundaries) {
      double x = sx.applyAsDouble(b.step());
      g.setColor(PHASE);
      g.draw(new Line2D.Double(x, plotTop, x, bottom));
      g.drawString(b.phase(), (float) x + 3, plotTop + 10);
    }
    g.setStroke(new BasicStroke(1f));
    // The band and the line run over consecutive points with data; a checkpoint without data breaks them.
    for (List<Point> run : runs(p.points())) {
      Path2D band = new Path2D.Double();
      for (int i = 0; i < run.size(); i++) {
        Point q = run.get(i);
        if (i == 0) band.moveTo(sx.applyAsDouble(q.step()), sy.applyAsDouble(q.hi()));
        else band.lineTo(sx.applyAsDouble(q.step()), sy.applyAsDouble(q.hi()));
      }
      for (int i = run.size() - 1; i >= 0; i--) band.lineTo(sx.applyAsDouble(run.get(i).step()), sy.applyAsDouble(run.get(i).lo()));
      band.closePath();
      g.setColor(BAND);
      g.fill(band);
      g.setColor(LINE);
      g.setStroke(new BasicStroke(1.8f));
      for (int i = 1; i < run.size(); i++)
        g.draw(new Line2D.Double(sx.applyAsDouble(run.get(i - 1).step()), sy.applyAsDouble(run.get(i - 1).mean()),
            sx.applyAsDouble(run.get(i).step()), sy.applyAsDouble(run.get(i).mean())));
      for (Point q : run) g.fill(new Ellipse2D.Double(sx.applyAsDouble(q.step()) - 3, sy.applyAsDouble(q.mean()) - 3, 6, 6));
    }
    g.setColor(MUTED);
    g.setStroke(new BasicStroke(1f));
    g.draw(new Line2D.Double(left, bottom, right, bottom));
    g.draw(new Line2D.Double(left, plotTop, left, bottom));
  }

  private static List<List<Point>> runs(List<Point> points) {
    List<List<Point>> out = new ArrayList<>();
    List<Point> cur = new ArrayList<>();
    for (Point q : points) {
      if (Double.isNaN(q.mean()) || Double.isNaN(q.lo()) || Double.isNaN(q.hi())) {
        if (!cur.isEmpty()) out.add(cur);
        cur = new ArrayList<>();
      } else {
        cur.add(q);
      }
    }
    if (!cur.isEmpty()) out.add(cur);
    return out;
  }

  /** About five round step ticks from {@code min} to {@code max}. */
  static List<Long> ticks(long min, long max) {
    double raw = (max - min) / 5.0;
    long step = Math.max(1, (long) dev.candor.FigureFile.niceStep(raw));
    List<Long> out = new ArrayList<>();
    for (long t = (long) Math.ceil(min / (double) step) * step; t <= max; t += step) out.add(t);
    return out;
  }


  private static String fmt(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2g", v);
  }

  public byte[] png() {
    BufferedImage img = new BufferedImage(width() * 2, height() * 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.scale(2, 2);
      draw(g);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "png", out)) throw new IllegalStateException("no PNG writer available");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public String svg() {
    VectorGraphics2D g = new VectorGraphics2D();
    draw(g);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width(), height())).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes PNG or SVG by extension ({@code .png}, {@code .svg}, any case). */
  public void write(Path file) throws IOException {
    dev.candor.FigureFile.write(file, this::png, this::svg);
  }
}
