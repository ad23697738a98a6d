package dev.candor.report.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.candor.store.Store;
import dev.candor.testing.Slow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The viewer in a real headless Chromium: stored outputs carrying script tags, event-handler attributes and
 * javascript: links execute nowhere (checked with and without the Content-Security-Policy, so escaping alone is
 * proven), the run page's interval chart and the compare page's figure (one colour per run, hover targets) render. Skipped when Debian's chromium and chromium-driver are absent.
 */
@Slow
class ViewerBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  @TempDir static Path dir;
  static Store store;
  static WebDriver driver;

  @BeforeAll
  static void setUp() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "needs Debian chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
    store = Store.open(dir.resolve("b.db").toString());
    Fixtures.small(store);
    Fixtures.hostile(store);
    Fixtures.later(store);
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")), "--window-size=1280,1100");
    ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
        .withLogOutput(OutputStream.nullOutputStream()).build();
    driver = new ChromeDriver(svc, o);
  }

  @AfterAll
  static void tearDown() {
    if (driver != null) driver.quit();
    if (store != null) store.close();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void hostileOutputNeverExecutesWithOrWithoutTheContentSecurityPolicy() throws Exception {
    for (boolean csp : new boolean[] {true, false}) {
      try (Viewer.Handle v = Viewer.start(store, null, 0, csp, new PrintStream(OutputStream.nullOutputStream()))) {
        String base = v.url();
        List<String> pages = List.of(base, base + "runs/hostile", base + "runs/hostile/trajectories",
            base + "runs/hostile/trajectories?q=" + enc("<script>") + "&variant=" + enc("v" + Fixtures.IMG),
            base + "runs/hostile/trajectory?sample=" + enc("s" + Fixtures.SCRIPT) + "&epoch=1",
            base + "compare?runs=hostile,small", base + "compare?runs=small,hostile&by=" + enc("axis" + Fixtures.SCRIPT));
        for (String url : pages) {
          driver.get(url);
          Thread.sleep(300); // time for a failed image load to fire onerror, had one been created
          JavascriptExecutor js = (JavascriptExecutor) driver;
          String where = (csp ? "with CSP: " : "without CSP: ") + url;
          assertThat(js.executeScript("return typeof window.__pwned")).as(where).isEqualTo("undefined");
          assertThat(driver.getTitle()).as(where).isNotEqualTo("pwned").endsWith(" · Candor"); // the payload would set it to exactly "pwned"
          assertThat(js.executeScript("return document.querySelectorAll('script').length")).as(where).isEqualTo(0L);
          assertThat(js.executeScript("return document.querySelectorAll('img,svg [onload],[onerror],[onload],textarea').length")).as(where).isEqualTo(0L);
          assertThat(js.executeScript("return document.querySelectorAll('a[href^=\"javascript:\" i]').length")).as(where).isEqualTo(0L);
        }
        // the payload is shown as text, and clicking the text of the would-be link does nothing
        driver.get(pages.get(4));
        String text = driver.findElement(By.id("output")).getText();
        assertThat(text).contains(Fixtures.SCRIPT).contains("href=\"javascript:window.__pwned=3\"");
        driver.findElement(By.id("output")).click();
        assertThat(((JavascriptExecutor) driver).executeScript("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(driver.findElements(By.id("evil"))).isEmpty();
      }
    }
  }

  @Test
  void runPageChartRenders() throws Exception {
    try (Viewer.Handle v = Viewer.start(store, null, 0)) {
      driver.get(v.url() + "runs/small");
      WebElement svg = driver.findElement(By.id("interval-chart"));
      Rectangle r = svg.getRect();
      assertThat(r.getWidth()).isPositive();
      assertThat(r.getHeight()).isPositive();
      assertThat(svg.findElements(By.cssSelector("path.interval"))).hasSize(2);
      ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", svg);
      r = svg.getRect();
      long scrollY = (Long) ((JavascriptExecutor) driver).executeScript("return Math.round(window.scrollY)");
      byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Path out = Path.of("target", "viewer-run-page.png");
      Files.createDirectories(out.getParent());
      Files.write(out, png);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      Set<Integer> colours = new HashSet<>();
      int runPixels = 0;
      for (int y = (int) (r.getY() - scrollY); y < Math.min(img.getHeight(), r.getY() - scrollY + r.getHeight()); y++)
        for (int x = r.getX(); x < Math.min(img.getWidth(), r.getX() + r.getWidth()); x++) {
          if (y < 0) continue;
          int rgb = img.getRGB(x, y) & 0xFFFFFF;
          colours.add(rgb);
          if (near(rgb, 0x0072B2)) runPixels++;
        }
      assertThat(colours.size()).as("distinct colours in the chart area").isGreaterThan(5);
      // the run's colour paints its interval bars and rate points (one chart for every page: the run is series 0)
      assertThat(runPixels).as("interval bar and rate point pixels").isGreaterThan(70);
      List<WebElement> points = svg.findElements(By.cssSelector("path.interval + ellipse"));
      assertThat(points).hasSize(2);
      for (WebElement p : points) assertThat(p.getRect().getWidth()).as("rate point").isPositive();
    }
  }

  @Test
  void comparePageRendersTheFigureWithOneColourPerRunAndHoverTargetsOnTop() throws Exception {
    try (Viewer.Handle v = Viewer.start(store, null, 0)) {
      // pick the runs with the runs list's checkboxes, as a user would
      driver.get(v.url());
      driver.findElement(By.cssSelector("input[name=runs][value=small]")).click();
      driver.findElement(By.cssSelector("input[name=runs][value=later]")).click();
      driver.findElement(By.cssSelector("#pick button[type=submit]")).click();
      // the click starts a navigation; wait for it rather than reading the URL of the page being left
      new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(10))
          .until(org.openqa.selenium.support.ui.ExpectedConditions.urlContains("/compare?runs="));
      assertThat(driver.getCurrentUrl()).contains("/compare?runs=");
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Compare 2 runs");
      assertThat(driver.findElements(By.cssSelector("#compare-table table.comparison tbody tr"))).hasSize(2);
      assertThat(driver.findElement(By.cssSelector("#compare-table td.sig")).getText()).matches("0\\.0[0-4]\\d");

      WebElement svg = driver.findElement(By.cssSelector("#compare-figure svg"));
      JavascriptExecutor js = (JavascriptExecutor) driver;
      js.executeScript("arguments[0].scrollIntoView()", svg);
      Rectangle r = svg.getRect();
      assertThat(r.getWidth()).isGreaterThan(500);
      assertThat(r.getHeight()).isGreaterThan(100);
      long scrollY = (Long) js.executeScript("return Math.round(window.scrollY)");
      byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Path out = Path.of("target", "viewer-compare-page.png");
      Files.createDirectories(out.getParent());
      Files.write(out, png);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      int[] runColour = {0x0072B2, 0xD55E00, 0x009E73};
      int[] pixels = new int[runColour.length];
      for (int y = Math.max(0, (int) (r.getY() - scrollY)); y < Math.min(img.getHeight(), r.getY() - scrollY + r.getHeight()); y++)
        for (int x = r.getX(); x < Math.min(img.getWidth(), r.getX() + r.getWidth()); x++) {
          int rgb = img.getRGB(x, y) & 0xFFFFFF;
          for (int i = 0; i < runColour.length; i++) if (near(rgb, runColour[i])) pixels[i]++;
        }
      assertThat(pixels[0]).as("first run's colour").isGreaterThan(40);
      assertThat(pixels[1]).as("second run's colour").isGreaterThan(40);
      assertThat(pixels[2]).as("no third colour for two runs").isLessThan(5);
      assertThat(driver.findElement(By.cssSelector("#compared-runs .swatch")).getCssValue("background-color")).isEqualTo("rgba(0, 114, 178, 1)");

      // hover targets: one per run and variant, on top of the drawing, each titled with run, variant, rate, interval, k/n
      List<WebElement> tips = svg.findElements(By.cssSelector("rect.tip"));
      assertThat(tips).hasSize(4);
      for (WebElement tip : tips) {
        Object hit = js.executeScript("const b = arguments[0].getBoundingClientRect();"
            + "return document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2) === arguments[0];", tip);
        assertThat(hit).isEqualTo(true);
      }
      WebElement laterA = null;
      for (WebElement tip : tips) {
        String title = (String) js.executeScript("return arguments[0].querySelector('title').textContent", tip);
        if (title.startsWith("later run · a\n")) {
          assertThat(title).contains("\nrate 83.3% (posterior mean; k/n = 90.0%)\n95% interval [").contains("k/n 9/10");
          laterA = tip;
        }
      }
      assertThat(laterA).as("tooltip of run 'later', variant a").isNotNull();
      new org.openqa.selenium.interactions.Actions(driver).moveToElement(laterA).perform();
      assertThat(js.executeScript("return document.querySelectorAll('#compare-figure rect.tip:hover').length")).isEqualTo(1L);
    }
  }

  @Test
  void trajectoryPageMarksEvidenceVisibly() throws Exception {
    try (Viewer.Handle v = Viewer.start(store, null, 0)) {
      driver.get(v.url() + "runs/small/trajectory?sample=a-0&epoch=1");
      List<WebElement> marks = driver.findElements(By.cssSelector("#reasoning mark"));
      assertThat(marks).hasSize(1);
      assertThat(marks.getFirst().getText()).isEqualTo("reward = output % 2");
      assertThat(marks.getFirst().getRect().getWidth()).isPositive();
      assertThat(marks.getFirst().getCssValue("background-color")).isEqualTo("rgba(255, 224, 102, 1)");
      assertThat(driver.findElement(By.cssSelector("#events .diff .add")).getText()).isEqualTo("+hello");
      Files.write(Path.of("target", "viewer-trajectory-page.png"), ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
  }

  private static boolean near(int rgb, int target) {
    for (int shift = 0; shift <= 16; shift += 8)
      if (Math.abs(((rgb >> shift) & 0xFF) - ((target >> shift) & 0xFF)) > 12) return false;
    return true;
  }
}
