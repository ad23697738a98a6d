package dev.candor.report.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.Percent;
import dev.candor.stats.Comparison;
import dev.candor.stats.Holm;
import dev.candor.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer over HTTP on 127.0.0.1: pages, filters, paging, escaping, GET-only, binding. */
class ViewerTest {
  @TempDir static Path dir;
  static Store store;
  static Viewer.Handle viewer;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    store = Store.open(dir.resolve("v.db").toString());
    Fixtures.small(store);
    Fixtures.hostile(store);
    Fixtures.later(store);
    viewer = Viewer.start(store, null, 0);
  }

  @AfterAll
  static void stop() {
    if (viewer != null) viewer.close();
    if (store != null) store.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(viewer.url() + path.substring(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void bindsLoopbackByDefaultOnAFreePort() {
    assertThat(viewer.host()).isEqualTo("127.0.0.1");
    assertThat(viewer.port()).isPositive();
    assertThat(viewer.url()).isEqualTo("http://127.0.0.1:" + viewer.port() + "/");
  }

  @Test
  void warnsOnlyForNonLoopbackHosts() throws Exception {
    assertThat(Viewer.exposureWarning("127.0.0.1")).isNull();
    assertThat(Viewer.exposureWarning("localhost")).isNull();
    assertThat(Viewer.exposureWarning("::1")).isNull();
    assertThat(Viewer.exposureWarning("0.0.0.0")).contains("warning").contains("0.0.0.0").contains("no login");
    // an explicit loopback host starts without a warning
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (Viewer.Handle h = Viewer.start(store, "127.0.0.1", 0, true, new PrintStream(err, true, StandardCharsets.UTF_8))) {
      assertThat(h.port()).isPositive().isNotEqualTo(viewer.port());
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThatThrownBy(() -> Viewer.start(store, null, 70000)).hasMessageContaining("port: expected 0..65535").hasFieldOrPropertyWithValue("setting", dev.candor.InvalidSetting.Setting.PORT);
  }

  /** The status line of a GET / sent with this Host header over a raw socket (HttpClient will not set Host). */
  static String statusWithHost(String host) throws Exception {
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", viewer.port())) {
      sock.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }
  }

  @Test
  void answersOnlyToLoopbackNamesAddressesAndItsBoundHost() throws Exception {
    int port = viewer.port();
    for (String ok : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "10.1.2.3:" + port))
      assertThat(statusWithHost(ok)).as(ok).contains(" 200");
    for (String bad : List.of("evil.example:" + port, "attacker.localhost.evil.example", "127.0.0.1.nip.io:" + port))
      assertThat(statusWithHost(bad)).as(bad).contains(" 421");
    assertThat(Viewer.hostAllowed("candor-box:7070", "candor-box")).isTrue();
    assertThat(Viewer.hostAllowed(null, "127.0.0.1")).isFalse();
  }

  @Test
  void runPathsAreIdsOrPrefixesNotLikePatterns() throws Exception {
    for (String pattern : List.of("%25", "_", "2%25"))
      assertThat(get("/runs/" + pattern).statusCode()).as(pattern).isEqualTo(404);
  }

  @Test
  void portInUseIsAClearError() {
    assertThatThrownBy(() -> Viewer.start(store, null, viewer.port())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port: cannot listen on 127.0.0.1:" + viewer.port()).hasFieldOrPropertyWithValue("setting", dev.candor.InvalidSetting.Setting.PORT);
  }

  @Test
  void listsRuns() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
    assertThat(r.body()).contains("href=\"/runs/small\"").contains("small run").contains("<td class=\"num\">17</td>");
    // a plain GET form picks runs to compare
    assertThat(r.body()).contains("<form id=\"pick\" method=\"get\" action=\"/compare\">")
        .contains("<input type=\"checkbox\" name=\"runs\" value=\"small\"").contains("<input type=\"checkbox\" name=\"runs\" value=\"later\"");
  }

  @Test
  void comparePageShowsEachRunsRateIntervalAndHolmFisherPAgainstThePrevious() throws Exception {
    HttpResponse<String> r = get("/compare?runs=small,later");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
    String body = r.body();
    // rates: posterior mean of Beta(1+k, 1+n-k) with its 2.5-97.5% quantiles and k/n
    BetaDistribution small = BetaDistribution.of(1 + 3, 1 + 7), later = BetaDistribution.of(1 + 9, 1 + 1);
    assertThat(body).contains("<tr><td>a</td><td class=\"num\">" + Percent.pct(4.0 / 12) + " <span class=\"ci\">"
        + bracket(small) + "</span> <span class=\"n\">3/10</span></td><td class=\"num\">" + Percent.pct(10.0 / 12)
        + " <span class=\"ci\">" + bracket(later) + "</span> <span class=\"n\">9/10</span></td>");
    // Fisher's exact p of 3/10 vs 9/10, Holm-adjusted with variant b's p = 1
    double p = Comparison.fisherP(3, 10, 9, 10);
    double holm = Holm.adjust(new double[] {p, Comparison.fisherP(0, 5, 0, 5)})[0];
    assertThat(holm).isLessThan(0.05);
    assertThat(body).contains("<td class=\"num\">" + p3(p) + "</td><td class=\"num sig\">" + p3(holm) + "</td>");
    assertThat(body).contains("<td class=\"num\">1.000</td><td class=\"num\">1.000</td>");
    assertThat(body).contains("Δ later run vs small run");
    // the figure: inline SVG, one hover tooltip per run and variant
    assertThat(body).contains("<div class=\"chart\" id=\"compare-figure\"><svg role=\"img\" aria-label=\"Rate per variant\"");
    assertThat(body.split("<rect class=\"tip\"", -1)).hasSize(1 + 4);
    assertThat(body).contains("<title>later run · a\nrate " + Percent.pct(10.0 / 12));
    assertThat(body).contains("k/n 9/10");
    // the same page from repeated parameters (the runs list's checkboxes)
    assertThat(get("/compare?runs=small&runs=later").body()).contains(p3(holm));
  }

  @Test
  void comparePageGroupsByAxisAndComparesAgainstTheFirst() throws Exception {
    String body = get("/compare?runs=small,later,small2&by=field").body();
    assertThat(body).contains("run &#39;small2&#39; not found");
    body = get("/compare?runs=small,later&by=field").body();
    assertThat(body).contains("<h2>Rate per field</h2>").contains("<tr><td>field=points</td>").contains("<tr><td>field=score</td>")
        .contains("<option value=\"field\" selected>value of field</option>").contains("aria-label=\"Rate by field\"");
    body = get("/compare?runs=later,small,later2&against=first").body();
    assertThat(body).contains("not found");
    body = get("/compare?runs=later,small&against=first&by=field").body();
    assertThat(body).contains("Δ small run vs later run").contains("against the first run")
        .contains("<a href=\"/compare?runs=small%2Clater&amp;by=field&amp;against=first\">Reverse the order of the runs</a>");
  }

  @Test
  void comparePageRejectsBadQueriesClearly() throws Exception {
    assertThat(get("/compare").statusCode()).isEqualTo(400);
    HttpResponse<String> one = get("/compare?runs=small");
    assertThat(one.statusCode()).isEqualTo(400);
    assertThat(one.body()).contains("runs: expected at least two run ids");
    assertThat(get("/compare?runs=small,nope").statusCode()).isEqualTo(404);
    HttpResponse<String> axis = get("/compare?runs=small,later&by=nope");
    assertThat(axis.statusCode()).isEqualTo(400);
    assertThat(axis.body()).contains("by: unknown axis &#39;nope&#39;");
    assertThat(get("/compare?runs=small,later&against=last").body()).contains("against: expected");
    assertThat(get("/compare?runs=small,sma").body()).contains("given twice");
  }

  private static String bracket(BetaDistribution b) {
    return String.format(java.util.Locale.ROOT, "[%.1f, %.1f]", 100 * b.inverseCumulativeProbability(0.025), 100 * b.inverseCumulativeProbability(0.975));
  }

  private static String p3(double p) {
    return String.format(java.util.Locale.ROOT, "%.3f", p);
  }

  @Test
  void runPageShowsKnRateAndBetaIntervalPerVariant() throws Exception {
    String body = get("/runs/small").body();
    BetaDistribution a = BetaDistribution.of(1 + 3, 1 + 10 - 3);
    String lo = Percent.pct(a.inverseCumulativeProbability(0.025));
    String hi = Percent.pct(a.inverseCumulativeProbability(0.975));
    assertThat(lo).isNotEqualTo(hi);
    assertThat(body).contains("<td class=\"num\">3</td><td class=\"num\">10</td><td class=\"num\">30.0%</td><td class=\"num\">" + lo + " – " + hi + "</td>");
    assertThat(body).contains("<td class=\"num\">0</td><td class=\"num\">5</td><td class=\"num\">0.0%</td>");
    assertThat(body).contains("unparsed 2").contains("field=points, hint=leaked");
    assertThat(body).contains("<svg id=\"interval-chart\"").contains("class=\"interval\"");
    // the chart's hover text of variant a (the one interval chart's tooltip): rate, 95% interval, k/n, what was not counted
    String interval = Percent.interval(a.inverseCumulativeProbability(0.025), a.inverseCumulativeProbability(0.975));
    assertThat(body).contains("<title>small run · a\nrate 33.3% (posterior mean; k/n = 30.0%)\n95% interval " + interval
        + "%\nk/n 3/10\nnot counted: 2\noutcomes: ").containsPattern("k/n 3/10\nnot counted: 2\noutcomes: [^<]*unparsed 2[^<]*</title>");
    // prefix resolution and unknown runs
    assertThat(get("/runs/sma").statusCode()).isEqualTo(200);
    HttpResponse<String> missing = get("/runs/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("run &#39;nope&#39; not found");
  }

  @Test
  void trajectoryListFiltersByVariantLabelAndText() throws Exception {
    String all = get("/runs/small/trajectories").body();
    assertThat(all).contains("17 trajectories · page 1 of 1");
    String variantB = get("/runs/small/trajectories?variant=b").body();
    assertThat(variantB).contains("5 trajectories").doesNotContain("sample=a-");
    String odd = get("/runs/small/trajectories?variant=a&label=odd").body();
    assertThat(odd).contains("3 trajectories").contains("sample=a-0&amp;epoch=1").contains("sample=a-2&amp;epoch=1").doesNotContain("sample=a-3&");
    String text = get("/runs/small/trajectories?q=" + enc("OUTPUT % 2")).body();
    assertThat(text).contains("1 trajectories").contains("sample=a-0&amp;epoch=1");
    String underscore = get("/runs/small/trajectories?q=" + enc("_")).body(); // LIKE wildcards are literal
    assertThat(underscore).contains("0 trajectories");
    assertThat(get("/runs/small/trajectories?page=0").statusCode()).isEqualTo(400);
    assertThat(get("/runs/small/trajectories?page=x").body()).contains("page: expected a whole number");
  }

  @Test
  void trajectoryPageShowsMessagesToolCallsDiffsAndMarksEvidence() throws Exception {
    String body = get("/runs/small/trajectory?sample=a-0&epoch=1").body();
    assertThat(body).contains("The metadata says <mark>reward = output % 2</mark>, so an odd number scores.");
    assertThat(body).contains("<mark>reward = output % 2</mark></div>"); // the tool result message
    assertThat(body).contains("tool call <b>read_file</b>").contains("&quot;path&quot; : &quot;grader.py&quot;");
    assertThat(body).contains("<b>write_file</b>").contains("wrote notes.txt").contains("<span class=\"add\">+hello</span>");
    assertThat(body).contains("I think the grader rewards odd numbers");
    assertThat(get("/runs/small/trajectory?sample=a-0&epoch=2").statusCode()).isEqualTo(404);
    assertThat(get("/runs/small/trajectory?epoch=1").statusCode()).isEqualTo(400);
  }

  @Test
  void trajectoryPageSaysWhetherTheScoreCounts() throws Exception {
    assertThat(get("/runs/small/trajectory?sample=a-0&epoch=1").body()).contains("<tr><th>status</th><td id=\"status\">scored</td></tr>");
    assertThat(get("/runs/small/trajectory?sample=a-10&epoch=1").body()) // an answer without a number: read, not counted
        .contains("<tr><th>status</th><td id=\"status\">not counted</td></tr>");
  }

  @Test
  void hostileOutputIsEscapedOnEveryPage() throws Exception {
    String sample = "s" + Fixtures.SCRIPT;
    for (String path : new String[] {"/", "/runs/hostile", "/runs/hostile/trajectories",
        "/runs/hostile/trajectories?q=" + enc("<script>") + "&variant=" + enc("v" + Fixtures.IMG),
        "/runs/hostile/trajectory?sample=" + enc(sample) + "&epoch=1", "/runs/" + enc("<script>x</script>"),
        "/compare?runs=hostile,small", "/compare?runs=hostile,small&by=" + enc("axis" + Fixtures.SCRIPT),
        "/compare?runs=small," + enc("<script>x</script>")}) {
      String body = get(path).body();
      assertThat(body).as(path).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
          .doesNotContainIgnoringCase("<svg onload").doesNotContain("href=\"javascript:").doesNotContainIgnoringCase("<textarea");
    }
    String page = get("/runs/hostile/trajectory?sample=" + enc(sample) + "&epoch=1").body();
    assertThat(page).contains("&lt;script&gt;window.__pwned=1;document.title=&#39;pwned&#39;&lt;/script&gt;");
    assertThat(page).contains("<mark>&lt;img src=x onerror=&quot;window.__pwned=2");
  }

  @Test
  void onlyGetIsServed() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(viewer.url() + "runs/small"))
          .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method).isIn(404, 405);
    }
    assertThat(store.runs().get("small")).isPresent();
  }
}
