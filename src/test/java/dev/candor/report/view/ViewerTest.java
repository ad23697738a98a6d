package dev.candor.report.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThatThrownBy(() -> Viewer.start(store, null, 70000)).hasMessageContaining("--port: expected 0..65535");
  }

  @Test
  void portInUseIsAClearError() {
    assertThatThrownBy(() -> Viewer.start(store, null, viewer.port())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port: cannot listen on 127.0.0.1:" + viewer.port());
  }

  @Test
  void listsRuns() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
    assertThat(r.body()).contains("href=\"/runs/small\"").contains("small run").contains("<td class=\"num\">17</td>");
  }

  @Test
  void runPageShowsKnRateAndBetaIntervalPerVariant() throws Exception {
    String body = get("/runs/small").body();
    BetaDistribution a = BetaDistribution.of(1 + 3, 1 + 10 - 3);
    String lo = Pages.pct(a.inverseCumulativeProbability(0.025));
    String hi = Pages.pct(a.inverseCumulativeProbability(0.975));
    assertThat(lo).isNotEqualTo(hi);
    assertThat(body).contains("<td class=\"num\">3</td><td class=\"num\">10</td><td class=\"num\">30.0%</td><td class=\"num\">" + lo + " – " + hi + "</td>");
    assertThat(body).contains("<td class=\"num\">0</td><td class=\"num\">5</td><td class=\"num\">0.0%</td>");
    assertThat(body).contains("unparsed 2").contains("field=points, hint=leaked");
    assertThat(body).contains("<svg id=\"interval-chart\"").contains("class=\"interval\"");
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
  void hostileOutputIsEscapedOnEveryPage() throws Exception {
    String sample = "s" + Fixtures.SCRIPT;
    for (String path : new String[] {"/", "/runs/hostile", "/runs/hostile/trajectories",
        "/runs/hostile/trajectories?q=" + enc("<script>") + "&variant=" + enc("v" + Fixtures.IMG),
        "/runs/hostile/trajectory?sample=" + enc(sample) + "&epoch=1", "/runs/" + enc("<script>x</script>")}) {
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
    assertThat(store.run("small")).isPresent();
  }
}
