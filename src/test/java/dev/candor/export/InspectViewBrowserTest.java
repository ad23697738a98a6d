package dev.candor.export;

import dev.candor.core.Score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.testing.Slow;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code inspect view} (the real Inspect View, on loopback) opens Candor's exported .eval and .json logs in Chromium:
 * a sample's messages, reasoning, scores and transcript events show, with no error. Skipped without Chromium or
 * inspect-ai.
 */
@Slow
class InspectViewBrowserTest {
  @TempDir static Path dir;
  static Process view;
  static WebDriver driver;
  static int port;
  static List<Path> files;

  @BeforeAll
  static void setUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
        "needs Debian chromium and chromium-driver");
    Path inspect = InspectInteropTest.venvBin().resolve("inspect");
    assumeTrue(Files.isExecutable(inspect), "inspect-ai is not installed at " + inspect + "; the Inspect View browser test is skipped");
    Path logs = Files.createDirectories(dir.resolve("logs"));
    try (Store s = Store.open(dir.resolve("b.db").toString())) {
      RunRecord run = CandorRuns.create(s);
      s.scores().save(List.of(new ScoreRecord(run.id(), "rh-1", 1, "awareness-lexical-v1", new Score(Score.Status.SCORED, "aware", 1, null, null, List.of(), Map.of()), "2026-01-01T00:06:00Z")));
      files = List.of(InspectExport.write(s, run, logs, true), InspectExport.write(s, run, logs, false));
    }
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    view = new ProcessBuilder(inspect.toString(), "view", "--log-dir", logs.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("view.log").toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) break;
      } catch (java.io.IOException notYet) {
        if (System.nanoTime() > until || !view.isAlive()) throw new AssertionError("inspect view did not start: " + Files.readString(dir.resolve("view.log")));
        Thread.sleep(250);
      }
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(Path.of("/usr/bin/chromium").toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")),
        "--window-size=1400,1200");
    driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
        .usingAnyFreePort().withLogOutput(OutputStream.nullOutputStream()).build(), o);
  }

  @AfterAll
  static void tearDown() {
    if (driver != null) driver.quit();
    if (view != null) view.destroy();
  }

  static String bodyWhen(String url, String... needles) {
    driver.get(url);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    try {
      wait.until(d -> {
        String t = d.findElement(By.tagName("body")).getText();
        for (String n : needles) if (!t.contains(n)) return false;
        return true;
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("page " + url + " never showed " + List.of(needles) + "; it shows:\n" + driver.findElement(By.tagName("body")).getText());
    }
    return driver.findElement(By.tagName("body")).getText();
  }

  @Test
  void samplesOpenInInspectView() {
    for (Path f : files) {
      String base = "http://127.0.0.1:" + port + "/#/logs/" + URLEncoder.encode(f.getFileName().toString(), StandardCharsets.UTF_8).replace("+", "%20");
      // the transcript tab: model calls, the tool call and the scores, as events
      String transcript = bodyWhen(base + "/samples/sample/rh-1/1/transcript", "MODEL CALL: OPENAI/GPT-X", "TOOL: READ_FILE", "REASONING",
          "Let me look at the grader.", "The grader says reward = output % 2, so odd wins.", "answer 7 is odd");
      assertThat(transcript).as(f.toString()).doesNotContain("JSON5").doesNotContain("invalid end of input").doesNotContain("No events");
      String scoring = bodyWhen(base + "/samples/sample/rh-1/1/scoring", "candor", "awareness-lexical-v1", "label:", "aware");
      assertThat(scoring).as(f.toString()).doesNotContain("JSON5");
    }
  }
}
