package dev.candor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.Percent;
import dev.candor.report.Tables.Format;
import dev.candor.stats.RateEstimate;
import dev.candor.stats.Tally;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<RateEstimate> ROWS = List.of(
      RateEstimate.of(new Tally("v1", Fixtures.axes("field", "reward", "para", "p1"), 10, 3,
          Map.of("odd", 3, "even", 7, "unparsed", 2, "error", 1))),
      RateEstimate.of(new Tally("v2, \"quoted\"", Fixtures.axes("field", "cost", "para", "p1"), 20, 0,
          Map.of("even", 20, "ambiguous", 4, "truncated", 1))),
      RateEstimate.of(new Tally("empty", Fixtures.axes("field", "loss"), 0, 0, Map.of("error", 5))));

  @Test
  void jsonHasEveryRequiredFieldAndEveryLabelCount() throws Exception {
    JsonNode arr = JSON.readTree(Tables.rates(ROWS, Format.JSON));
    assertThat(arr.isArray()).isTrue();
    assertThat(arr.size()).isEqualTo(3);
    JsonNode v1 = arr.get(0);
    for (String f : List.of("variant", "axes", "n", "k", "rate", "lo", "hi", "mean", "wilson_lo", "wilson_hi",
        "unparsed", "ambiguous", "truncated", "errors", "odd", "even"))
      assertThat(v1.has(f)).as("field %s", f).isTrue();
    assertThat(v1.get("variant").asText()).isEqualTo("v1");
    assertThat(v1.get("axes").get("field").asText()).isEqualTo("reward");
    assertThat(v1.get("n").asInt()).isEqualTo(10);
    assertThat(v1.get("k").asInt()).isEqualTo(3);
    assertThat(v1.get("rate").asDouble()).isEqualTo(0.3);
    assertThat(v1.get("mean").asDouble()).isCloseTo(4.0 / 12, within(1e-12));
    assertThat(v1.get("lo").asDouble()).isCloseTo(ROWS.get(0).lo(), within(1e-12));
    assertThat(v1.get("wilson_hi").asDouble()).isCloseTo(ROWS.get(0).wilsonHi(), within(1e-12));
    assertThat(v1.get("unparsed").asInt()).isEqualTo(2);
    assertThat(v1.get("errors").asInt()).isEqualTo(1);
    assertThat(v1.get("ambiguous").asInt()).isZero();
    assertThat(v1.get("total").asInt()).isEqualTo(13);
    JsonNode v2 = arr.get(1);
    assertThat(v2.get("ambiguous").asInt()).isEqualTo(4);
    assertThat(v2.get("truncated").asInt()).isEqualTo(1);
    assertThat(v2.get("odd").asInt()).isZero();
    JsonNode empty = arr.get(2);
    assertThat(empty.get("rate").isNull()).isTrue();
    assertThat(empty.get("wilson_lo").isNull()).isTrue();
    assertThat(empty.get("mean").asDouble()).isEqualTo(0.5);
    assertThat(empty.get("errors").asInt()).isEqualTo(5);
  }

  @Test
  void csvHasOneColumnPerAxisAndQuotesWhereNeeded() {
    String csv = Tables.rates(ROWS, Format.CSV);
    String[] lines = csv.split("\r\n");
    assertThat(lines).hasSize(4);
    List<String> header = Arrays.asList(lines[0].split(","));
    assertThat(header).startsWith("variant", "field", "para", "n", "k", "rate", "mean", "lo", "hi", "wilson_lo", "wilson_hi");
    assertThat(header).contains("unparsed", "ambiguous", "truncated", "errors", "odd", "even");
    assertThat(lines[1]).startsWith("v1,reward,p1,10,3,0.3,");
    assertThat(lines[2]).startsWith("\"v2, \"\"quoted\"\"\",cost,p1,20,0,0.0,");
    // n = 0: rate and Wilson empty, para empty (axis absent)
    assertThat(lines[3]).startsWith("empty,loss,,0,0,,0.5,");
    // every row has as many fields as the header, once quoted commas are accounted for
    assertThat(lines[1].split(",", -1)).hasSameSizeAs(lines[0].split(",", -1));
  }

  @Test
  void textTableIsAligned() {
    String text = Tables.rates(ROWS, Format.TEXT);
    String[] lines = text.split("\n");
    assertThat(lines).hasSize(5);
    assertThat(lines[0]).startsWith("variant").contains("95% CrI", "Wilson 95%", "unparsed", "errors");
    assertThat(lines[1]).matches("-+( +-+)+");
    // right-aligned numeric columns end where their header ends: the "n" column
    int nEnd = lines[0].indexOf("  n  ") + 3;
    assertThat(lines[2].charAt(nEnd - 1)).isEqualTo('0'); // "10"
    assertThat(lines[3].substring(nEnd - 2, nEnd)).isEqualTo("20");
    assertThat(lines[2]).contains("30.0%", "33.3%");
    assertThat(lines[4]).contains("–", "[2.5, 97.5]");
  }

  @Test
  void comparisonInAllFormats() throws Exception {
    Fixtures.TwoRuns two = Fixtures.twoRuns();
    List<RunComparison> cs = List.of(two.comparison());
    String text = Tables.comparison(two.runs(), cs, Format.TEXT);
    assertThat(text.lines().findFirst().orElseThrow()).contains("rl-late", "after-training", "Δ after-training vs rl-late", "p (Holm)");
    assertThat(text.lines().count()).isEqualTo(2 + 6);

    JsonNode arr = JSON.readTree(Tables.comparison(two.runs(), cs, Format.JSON));
    assertThat(arr.size()).isEqualTo(6);
    JsonNode row = arr.get(0);
    assertThat(row.get("runs").size()).isEqualTo(2);
    assertThat(row.get("runs").get(1).get("run").asText()).isEqualTo("run-b");
    JsonNode c = row.get("comparisons").get(0);
    var expected = two.comparison().cells().get(0);
    assertThat(c.get("p").asDouble()).isEqualTo(expected.p());
    assertThat(c.get("p_holm").asDouble()).isEqualTo(expected.pHolm());
    assertThat(c.get("diff").asDouble()).isEqualTo(expected.diff());

    String csv = Tables.comparison(two.runs(), cs, Format.CSV);
    String header = csv.lines().findFirst().orElseThrow();
    assertThat(header).contains("run-a_mean", "run-b_n", "run-b_vs_run-a_p", "run-b_vs_run-a_p_holm", "field", "para");
    assertThat(csv.lines().count()).isEqualTo(7);
  }

  /** A run without a cell and a cell with nothing counted: the JSON and CSV shapes stay exactly as they were. */
  @Test
  void comparisonJsonAndCsvKeepTheirShapeForMissingAndEmptyCells() {
    var a = RunResults.of(Fixtures.run("run-a", "A"), List.of(new Tally("v1", Fixtures.axes("field", "reward"), 4, 1,
        Map.of("odd", 1, "even", 3)), new Tally("v2", Fixtures.axes("field", "a, \"b\""), 0, 0, Map.of("unparsed", 2))), 1);
    var b = RunResults.of(Fixtures.run("run-b", "B"), List.of(new Tally("v1", Fixtures.axes("field", "reward"), 4, 4,
        Map.of("odd", 4))), 1);
    List<RunComparison> cs = List.of(new RunComparison("run-a", "run-b", List.of()));
    String json = Tables.comparison(List.of(a, b), cs, Format.JSON);
    assertThat(json).contains("""
        "runs" : [ {
            "run" : "run-a",
            "name" : "A",
            "n" : 0,
            "k" : 0,
            "rate" : null,
            "mean" : 0.5,""").contains("""
        }, {
            "run" : "run-b",
            "name" : "B",
            "n" : null
          } ],
          "comparisons" : [ {
            "baseline" : "run-a",
            "run" : "run-b",
            "p" : null
          } ]""");
    assertThat(Tables.comparison(List.of(a, b), cs, Format.CSV)).isEqualTo(
        "variant,field,run-a_n,run-a_k,run-a_rate,run-a_mean,run-a_lo,run-a_hi,run-b_n,run-b_k,run-b_rate,run-b_mean,run-b_lo,run-b_hi,"
            + "run-b_vs_run-a_diff,run-b_vs_run-a_diff_lo,run-b_vs_run-a_diff_hi,run-b_vs_run-a_p,run-b_vs_run-a_p_holm\r\n"
            + "v1,reward,4,1,0.25," + a.variants().get(0).mean() + "," + a.variants().get(0).lo() + "," + a.variants().get(0).hi()
            + ",4,4,1.0," + b.variants().get(0).mean() + "," + b.variants().get(0).lo() + "," + b.variants().get(0).hi() + ",,,,,\r\n"
            + "v2,\"a, \"\"b\"\"\",0,0,,0.5," + a.variants().get(1).lo() + "," + a.variants().get(1).hi() + ",,,,,,,,,,,\r\n");
    assertThat(Tables.rates(List.of(a.variants().get(1)), Format.JSON)).startsWith("""
        [ {
          "variant" : "v2",
          "axes" : {
            "field" : "a, \\"b\\""
          },
          "n" : 0,
          "k" : 0,
          "rate" : null,
          "mean" : 0.5,""").endsWith("""
          "total" : 2,
          "unparsed" : 2,
          "ambiguous" : 0,
          "truncated" : 0,
          "errors" : 0
        } ]
        """);
  }

  @Test
  void comparisonHtmlShowsRatesHolmPAndEscapes() {
    Fixtures.TwoRuns two = Fixtures.twoRuns();
    var hostile = new RunResults(Fixtures.run("run-b", "<b onmouseover=x>"), two.after().variants(), null, null);
    String html = Templates.render("partials/comparison.jte", Tables.comparisonTable(List.of(two.before(), hostile), List.of(two.comparison()), "<i>cell</i>"));
    assertThat(html).startsWith("<table class=\"comparison\">").doesNotContain("<b ").doesNotContain("<i>")
        .contains("&lt;b onmouseover=x&gt;", "&lt;i&gt;cell&lt;/i&gt;", "Δ &lt;b onmouseover=x&gt; vs rl-late");
    assertThat(html.split("<tr>", -1)).hasSize(1 + 1 + 6);
    var first = two.comparison().cells().get(0);
    RateEstimate e = two.before().variants().get(0);
    assertThat(html).contains("<tr><td>" + first.key() + "</td><td class=\"num\">" + Percent.pct(e.mean()) + " <span class=\"ci\">"
        + Percent.interval(e.lo(), e.hi()) + "</span> <span class=\"n\">" + e.k() + "/" + e.n() + "</span></td>");
    for (var c : two.comparison().cells()) {
      String holm = Tables.pValue(c.pHolm());
      String cls = c.pHolm() < 0.05 ? "num sig" : "num";
      assertThat(html).contains("<td class=\"num\">" + Tables.pValue(c.p()) + "</td><td class=\"" + cls + "\">" + holm + "</td>");
    }
    assertThat(two.comparison().cells().stream().anyMatch(c -> c.pHolm() < 0.05)).as("fixture has a significant cell").isTrue();
    assertThat(html).contains(" sig\">");
  }

  @Test
  void successiveComparesEachRunWithThePreviousOrTheFirst() {
    List<dev.candor.stats.Tally> a = Fixtures.tallies(1, 0.5, 6), b = Fixtures.tallies(2, 0.1, 6), c = Fixtures.tallies(3, 0.3, 6);
    List<RunComparison> prev = RunComparison.successive(List.of("a", "b", "c"), List.of(a, b, c), false);
    assertThat(prev).extracting(RunComparison::baselineRunId, RunComparison::runId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "b"), org.assertj.core.groups.Tuple.tuple("b", "c"));
    assertThat(prev.get(1).cells()).isEqualTo(dev.candor.stats.Comparison.of(b, c, RunLoader.STATS_SEED));
    List<RunComparison> first = RunComparison.successive(List.of("a", "b", "c"), List.of(a, b, c), true);
    assertThat(first).extracting(RunComparison::baselineRunId).containsExactly("a", "a");
    assertThat(first.get(1).cells()).isEqualTo(dev.candor.stats.Comparison.of(a, c, RunLoader.STATS_SEED));
    assertThatThrownBy(() -> RunComparison.successive(List.of("a"), List.of(a, b), false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparisonNamingAnUnknownRunIsRejected() {
    Fixtures.TwoRuns two = Fixtures.twoRuns();
    var bad = new RunComparison("run-x", "run-b", two.comparison().cells());
    assertThatThrownBy(() -> Tables.comparison(two.runs(), List.of(bad), Format.TEXT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'run-x'");
  }

  @Test
  void formatParsing() {
    assertThat(Format.parse("JSON")).isEqualTo(Format.JSON);
    assertThat(Format.parse(" csv ")).isEqualTo(Format.CSV);
    assertThatThrownBy(() -> Format.parse("xml")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("format: expected one of text, json, csv, got 'xml'");
  }
}
