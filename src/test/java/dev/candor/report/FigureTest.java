package dev.candor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.Percent;
import dev.candor.stats.RateEstimate;
import dev.candor.stats.Tally;
import dev.candor.testing.Slow;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class FigureTest {
  @TempDir Path dir;

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static Figure threeRuns(int variants) {
    var series = new ArrayList<Figure.Series>();
    String[] names = {"step-200", "step-2000", "production"};
    double[] rates = {0.2, 0.5, 0.02};
    for (int s = 0; s < 3; s++) {
      var cells = new ArrayList<RateEstimate>();
      for (int v = 0; v < variants; v++) {
        int n = 60, k = (int) Math.round(n * rates[s] * (0.5 + (v % 5) / 5.0));
        cells.add(RateEstimate.of(Tally.of("variant-" + v, Fixtures.axes("field", "f" + (v % 4)), n, k)));
      }
      series.add(new Figure.Series(names[s], cells));
    }
    return Figure.of("Gaming rate per variant", series).withSubtitle("three checkpoints");
  }

  @Test
  void rendersHeadless() {
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
  }

  @Test
  void pngIsAValidImageWithOneColourPerRun() throws Exception {
    Figure f = threeRuns(8);
    Path png = dir.resolve("fig.png");
    f.write(png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).isNotNull();
    assertThat(img.getWidth()).isEqualTo(2 * f.width());
    assertThat(img.getHeight()).isEqualTo(2 * f.height());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y++)
      for (int x = 0; x < img.getWidth(); x++) colours.add(img.getRGB(x, y) & 0xFFFFFF);
    for (int i = 0; i < 3; i++)
      assertThat(colours).as("series %d colour", i).contains(Figure.PALETTE[i].getRGB() & 0xFFFFFF);
    for (int i = 3; i < Figure.PALETTE.length; i++)
      assertThat(colours).as("unused colour %d", i).doesNotContain(Figure.PALETTE[i].getRGB() & 0xFFFFFF);
  }

  @Test
  void svgIsWellFormedWithLabelsLegendAndOneMarkerPerCell() throws Exception {
    Figure f = threeRuns(8);
    Path svg = dir.resolve("fig.SVG");
    f.write(svg);
    Document doc = parse(Files.readString(svg));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    List<String> texts = texts(doc);
    assertThat(texts).contains("Gaming rate per variant", "three checkpoints", "step-200", "step-2000", "production",
        "0%", "50%", "100%", "Gaming rate (posterior mean, 95% credible interval)");
    for (int v = 0; v < 8; v++) assertThat(texts).contains("variant-" + v);
    // series 0 markers are circles: one per cell plus one in the legend
    NodeList ellipses = doc.getElementsByTagName("ellipse");
    int blueFilled = 0;
    for (int i = 0; i < ellipses.getLength(); i++)
      if (((Element) ellipses.item(i)).getAttribute("style").startsWith("fill:rgb(0,114,178)")) blueFilled++;
    assertThat(blueFilled).isEqualTo(8 + 1);
    String raw = Files.readString(svg);
    assertThat(raw).contains("stroke:rgb(213,94,0)").contains("stroke:rgb(0,158,115)").doesNotContain("stroke:rgb(204,121,167)");
  }

  @Slow
  @Test
  void manyVariantsStayLegible() throws Exception {
    Figure small = threeRuns(5), big = threeRuns(48);
    assertThat(big.height()).isGreaterThan(small.height() + 40 * 30);
    List<String> texts = texts(parse(big.svg()));
    for (int v = 0; v < 48; v++) assertThat(texts).contains("variant-" + v);
    BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(big.png()));
    assertThat(img.getHeight()).isEqualTo(2 * big.height());
  }

  @Test
  void groupsRowsUnderAxisHeaders() throws Exception {
    List<String> texts = texts(parse(threeRuns(8).groupedBy("field").svg()));
    assertThat(texts).contains("field = f0", "field = f1", "field = f2", "field = f3");
    assertThat(texts.indexOf("field = f0")).isLessThan(texts.indexOf("variant-4"));
    assertThat(texts.indexOf("variant-4")).isLessThan(texts.indexOf("field = f1"));
  }

  @Test
  void hostileLabelsStayTextInSvg() throws Exception {
    var cells = List.of(RateEstimate.of("<script>alert(1)</script>", 1, 4), RateEstimate.of("a & \"b\"", 0, 0));
    String svg = Figure.of("t <b>", List.of(new Figure.Series("<img onerror=x>", cells))).svg();
    assertThat(svg.toLowerCase()).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>");
    List<String> texts = texts(parse(svg));
    assertThat(texts).contains("<script>alert(1)</script>", "a & \"b\"", "<img onerror=x>", "no data");
  }

  @Test
  void svgHasAHoverTooltipOverEveryIntervalWithRunVariantRateIntervalAndKn() throws Exception {
    Figure f = threeRuns(8);
    Document doc = parse(f.svg());
    NodeList rects = doc.getElementsByTagName("rect");
    List<Element> tips = new ArrayList<>();
    for (int i = 0; i < rects.getLength(); i++)
      if ("tip".equals(((Element) rects.item(i)).getAttribute("class"))) tips.add((Element) rects.item(i));
    assertThat(tips).hasSize(3 * 8);
    // the first tip is run 0's first variant; its text carries run, variant, rate, interval and k/n
    RateEstimate e = f.series().get(0).cells().get(0);
    String title = tips.get(0).getElementsByTagName("title").item(0).getTextContent();
    assertThat(title).isEqualTo("step-200 · variant-0\nrate " + Percent.pct(e.mean()) + " (posterior mean; k/n = " + Percent.pct(e.rate())
        + ")\n95% interval " + Percent.interval(e.lo(), e.hi()) + "%\nk/n " + e.k() + "/" + e.n());
    // with outcome labels, the tooltip lists them all (uncounted ones too)
    var labelled = RateEstimate.of(Fixtures.tallies(5, 0.4, 1).get(0));
    String withLabels = parse(Figure.of("t", List.of(new Figure.Series("run", List.of(labelled)))).svg())
        .getElementsByTagName("title").item(0).getTextContent();
    assertThat(withLabels).endsWith("\noutcomes: " + String.join(", ",
        labelled.tally().labelCounts().entrySet().stream().map(x -> x.getKey() + " " + x.getValue()).toList()));
    assertThat(withLabels).contains("unparsed ");
    // every series-0 point (filled circle, legend excepted) lies inside a series-0 tip, and tips are drawn last (on top)
    NodeList ellipses = doc.getElementsByTagName("ellipse");
    int covered = 0;
    for (int i = 0; i < ellipses.getLength(); i++) {
      Element el = (Element) ellipses.item(i);
      if (!el.getAttribute("style").startsWith("fill:rgb(0,114,178)")) continue;
      double cx = Double.parseDouble(el.getAttribute("cx")), cy = Double.parseDouble(el.getAttribute("cy"));
      boolean inside = tips.stream().filter(t -> t.getAttribute("data-series").equals("0")).anyMatch(t -> {
        double x = Double.parseDouble(t.getAttribute("x")), y = Double.parseDouble(t.getAttribute("y"));
        return cx >= x && cx <= x + Double.parseDouble(t.getAttribute("width")) && cy >= y && cy <= y + Double.parseDouble(t.getAttribute("height"));
      });
      if (inside) covered++;
    }
    assertThat(covered).isEqualTo(8);
    Element last = (Element) doc.getDocumentElement().getLastChild().getPreviousSibling();
    assertThat(last.getTagName()).isEqualTo("g");
    assertThat(last.getAttribute("class")).isEqualTo("tips");
  }

  @Test
  void tooltipsOfHostileNamesAreEscapedAndEmptyCellsSayNoData() throws Exception {
    var cells = List.of(RateEstimate.of("<script>alert(1)</script>", 1, 4), RateEstimate.of("a & \"b\"", 0, 0));
    Figure f = Figure.of("t $1 <b>", List.of(new Figure.Series("<img onerror=x>", cells)));
    String svg = f.svg();
    assertThat(svg.toLowerCase()).doesNotContain("<script").doesNotContain("<img");
    NodeList titles = parse(svg).getElementsByTagName("title");
    assertThat(titles.getLength()).isEqualTo(2);
    assertThat(titles.item(0).getTextContent()).startsWith("<img onerror=x> · <script>alert(1)</script>\nrate ").contains("k/n 1/4");
    assertThat(titles.item(1).getTextContent()).isEqualTo("<img onerror=x> · a & \"b\"\nno data (n = 0)");
    String html = f.htmlSvg();
    assertThat(html).startsWith("<svg role=\"img\" aria-label=\"t $1 &lt;b&gt;\" ").doesNotContain("xmlns");
    assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>");
  }

  @Test
  void oneRunChartPrintsEachRowsRateAndTooltipsCountWhatWasNotCounted() throws Exception {
    var labelled = RateEstimate.of(Fixtures.tallies(5, 0.4, 1).get(0));
    var plain = RateEstimate.of("plain", 3, 10);
    assertThat(labelled.tally().uncounted()).isPositive();
    Document doc = parse(Figure.of("t", List.of(new Figure.Series("run", List.of(labelled, plain)))).svg());
    assertThat(texts(doc)).contains(Percent.pct(labelled.mean()), Percent.pct(plain.mean()));
    NodeList titles = doc.getElementsByTagName("title");
    assertThat(titles.item(0).getTextContent()).contains("\nk/n " + labelled.k() + "/" + labelled.n() + "\nnot counted: " + labelled.tally().uncounted() + "\noutcomes: ");
    assertThat(titles.item(1).getTextContent()).doesNotContain("not counted");
    // several runs share a row, so their rates stay in the tooltips and the table, not in the figure
    assertThat(texts(parse(threeRuns(4).svg()))).noneMatch(t -> t.matches("\\d+\\.\\d%"));
  }

  @Test
  void pngDrawsThePointsWhereTheSvgPutsThem() throws Exception {
    Figure f = threeRuns(6);
    BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(f.png()));
    NodeList ellipses = parse(f.svg()).getElementsByTagName("ellipse");
    int points = 0;
    for (int i = 0; i < ellipses.getLength(); i++) {
      Element el = (Element) ellipses.item(i);
      if (!el.getAttribute("style").startsWith("fill:rgb(0,114,178)")) continue;
      int x = (int) Math.round(2 * Double.parseDouble(el.getAttribute("cx"))), y = (int) Math.round(2 * Double.parseDouble(el.getAttribute("cy")));
      assertThat(img.getRGB(x, y) & 0xFFFFFF).as("PNG pixel at SVG point %d", i).isEqualTo(Figure.PALETTE[0].getRGB() & 0xFFFFFF);
      points++;
    }
    assertThat(points).isEqualTo(6 + 1);
  }

  @Test
  void htmlPagesAndSvgFilesGetTheSameChart() {
    Figure f = threeRuns(3);
    assertThat(f.inlineSvg()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" ");
    assertThat(f.inlineSvg().replaceFirst(" xmlns=\"http://www.w3.org/2000/svg\"", "")).isEqualTo(f.htmlSvg());
    assertThat(f.svg()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + f.inlineSvg());
  }

  @Test
  void coloursAreThePaletteInOrder() {
    assertThat(Figure.colour(0)).isEqualTo("#0072B2");
    assertThat(Figure.colour(1)).isEqualTo("#D55E00");
    assertThat(Figure.colour(Figure.PALETTE.length)).isEqualTo(Figure.colour(0));
    assertThatThrownBy(() -> Figure.colour(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inlineSvgHasNoPrologue() {
    String inline = threeRuns(2).inlineSvg();
    assertThat(inline).startsWith("<svg").doesNotContain("<!DOCTYPE").doesNotContain("<?xml");
  }

  @Test
  void rejectsUnknownExtensionsAndEmptyFigures(@TempDir Path d) {
    assertThatThrownBy(() -> threeRuns(2).write(d.resolve("fig.jpg"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fig.jpg").hasMessageContaining(".png or .svg");
    assertThatThrownBy(() -> Figure.of("x", List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  /** Parses SVG without fetching its external DTD (tests never touch the network). */
  static Document parse(String svg) throws Exception {
    var dbf = DocumentBuilderFactory.newInstance();
    dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    dbf.setNamespaceAware(false);
    return dbf.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  static List<String> texts(Document doc) {
    NodeList nodes = doc.getElementsByTagName("text");
    var out = new ArrayList<String>();
    for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent());
    return out;
  }
}
