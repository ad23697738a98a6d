package dev.candor.analysis;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The terminology figure: two panels side by side, tracked terms (left) and the most over-represented words
 * (right), each a line per word across groups (checkpoints, in the order given) at its length-controlled rate per
 * 1,000 reasoning words, with 95% bootstrap bars. Java2D, written as PNG or SVG by file extension; works headless.
 */
public final class TermsFigure {
  private static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
      new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xB8A800)};
  private static final int W = 1100, H = 450, PANEL_W = 500, TOP = 80, PLOT_H = 330;
  private static final Color INK = new Color(0x222222), MUTED = new Color(0x666666), GRID = new Color(0xDDDDDD);

  private final String title;
  private final List<TermAnalysis.Group> groups;
  private final List<String> tracked, discovered;

  private TermsFigure(String title, List<TermAnalysis.Group> groups, List<String> tracked, List<String> discovered) {
    this.title = title;
    this.groups = groups;
    this.tracked = tracked;
    this.discovered = discovered;
  }

  /** Tracked terms used at least once anywhere (at most 8), and the {@code words} most over-represented words overall. */
  public static TermsFigure of(String title, List<TermAnalysis.Group> groups, int words) {
    if (groups.isEmpty()) throw new IllegalArgumentException("figure: no groups to draw");
    Set<String> used = new LinkedHashSet<>();
    for (int i = 0; i < groups.getFirst().tracked().size(); i++)
      for (TermAnalysis.Group g : groups)
        if (g.tracked().get(i).count() > 0) used.add(g.tracked().get(i).term());
    List<TermAnalysis.TermRate> all = new ArrayList<>();
    for (TermAnalysis.Group g : groups) all.addAll(g.discovered());
    all.sort((a, b) -> Double.compare(b.log2Ratio(), a.log2Ratio()));
    Set<String> top = new LinkedHashSet<>();
    for (TermAnalysis.TermRate r : all) if (top.size() < words) top.add(r.term());
    return new TermsFigure(title, groups, new ArrayList<>(used).subList(0, Math.min(8, used.size())), List.copyOf(top));
  }

  private double[] rate(TermAnalysis.Group g, String word) {
    for (TermAnalysis.TermRate r : g.tracked()) if (r.term().equals(word)) return new double[] {r.perThousand(), r.lo(), r.hi()};
    for (TermAnalysis.TermRate r : g.discovered()) if (r.term().equals(word)) return new double[] {r.perThousand(), r.lo(), r.hi()};
    return null; // not among this group's reported words
  }

  public void draw(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(INK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, 20, 32);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(MUTED);
    g.drawString("Uses per 1,000 reasoning words (mean of per-trajectory rates), 95% bootstrap intervals over trajectories", 20, 52);
    panel(g, 60, "Tracked terms", tracked);
    panel(g, 60 + PANEL_W + 60, "Most over-represented vs SUBTLEXus", discovered);
  }

  private void panel(Graphics2D g, int left, String name, List<String> words) {
    int right = left + PANEL_W - 120, bottom = TOP + PLOT_H;
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(INK);
    g.drawString(name, left, TOP - 10);
    double max = 0;
    for (String w : words) for (TermAnalysis.Group gr : groups) {
      double[] r = rate(gr, w);
      if (r != null) max = Math.max(max, Double.isNaN(r[2]) ? r[0] : r[2]);
    }
    if (words.isEmpty() || max <= 0) {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setColor(MUTED);
      g.drawString("none used", left + 10, TOP + 30);
      return;
    }
    double step = dev.candor.FigureFile.niceStep(max / 4);
    double top = Math.ceil(max / step) * step;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    for (double v = 0; v <= top + step / 2; v += step) {
      double y = bottom - PLOT_H * v / top;
      g.setColor(GRID);
      g.draw(new Line2D.Double(left, y, right, y));
      g.setColor(MUTED);
      String s = fmt(v);
      g.drawString(s, left - 6 - fm.stringWidth(s), (float) y + 4);
    }
    int n = groups.size();
    double dx = n == 1 ? 0 : (right - left - 40.0) / (n - 1);
    for (int i = 0; i < n; i++) {
      double x = left + 20 + dx * i + (n == 1 ? (right - left - 40) / 2.0 : 0);
      String s = groups.get(i).name();
      g.setColor(INK);
      g.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), bottom + 18);
    }
    for (int k = 0; k < words.size(); k++) {
      Color c = PALETTE[k % PALETTE.length];
      g.setColor(c);
      g.setStroke(new BasicStroke(1.8f));
      double px = Double.NaN, py = Double.NaN;
      for (int i = 0; i < n; i++) {
        double[] r = rate(groups.get(i), words.get(k));
        double x = left + 20 + dx * i + (n == 1 ? (right - left - 40) / 2.0 : 0) + (k - words.size() / 2.0) * 3;
        if (r == null || Double.isNaN(r[0])) {
          px = Double.NaN;
          continue;
        }
        double y = bottom - PLOT_H * r[0] / top;
        if (!Double.isNaN(r[1])) g.draw(new Line2D.Double(x, bottom - PLOT_H * r[1] / top, x, bottom - PLOT_H * r[2] / top));
        if (!Double.isNaN(px)) g.draw(new Line2D.Double(px, py, x, y));
        g.fill(new Ellipse2D.Double(x - 3.5, y - 3.5, 7, 7));
        px = x;
        py = y;
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.fill(new Ellipse2D.Double(right + 14, TOP + 6 + k * 18 - 4, 8, 8));
      g.setColor(INK);
      g.drawString(words.get(k), right + 28, TOP + 10 + k * 18);
    }
    g.setColor(MUTED);
    g.setStroke(new BasicStroke(1f));
    g.draw(new Line2D.Double(left, bottom, right, bottom));
    g.draw(new Line2D.Double(left, TOP, left, bottom));
  }


  private static String fmt(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  public byte[] png() {
    BufferedImage img = new BufferedImage(W * 2, H * 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.scale(2, 2);
      draw(g);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public String svg() {
    VectorGraphics2D g = new VectorGraphics2D();
    draw(g);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, W, H)).writeTo(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes PNG or SVG by extension. */
  public void write(Path file) throws IOException {
    dev.candor.FigureFile.write(file, this::png, this::svg);
  }
}
