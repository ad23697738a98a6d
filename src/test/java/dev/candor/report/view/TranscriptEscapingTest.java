package dev.candor.report.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.model.Message;
import dev.candor.model.ToolCall;
import dev.candor.report.Example;
import dev.candor.report.HtmlReport;
import dev.candor.report.RunInfo;
import dev.candor.report.RunResults;
import dev.candor.stats.Tally;
import dev.candor.Json;
import dev.candor.store.TrajectoryFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transcript whose model-written text tries to leave its element (a script, a closing textarea, an attribute
 * break-out with an image handler) renders as inert text in the offline report and in the viewer: the templates
 * escape every piece of it, so none of it comes out as markup.
 */
class TranscriptEscapingTest {
  static final String PAYLOAD = "<script>alert(1)</script></textarea>\"><img src=x onerror=alert(2)>";
  static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/textarea&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;";

  private static void assertInert(String html) {
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("</textarea")
        .doesNotContainIgnoringCase("<img");
    assertThat(html).contains(ESCAPED);
  }

  @Test
  void reportShowsTheTranscriptAsText() {
    var run = new RunInfo("r1", "run " + PAYLOAD, "m", "reward-hints", "0.1.0", null,
        Json.MAPPER.createObjectNode().put("x", PAYLOAD), 1L, "complete");
    var results = RunResults.of(run, List.of(new Tally("v" + PAYLOAD, Map.of("field", PAYLOAD), 2, 1, Map.of("odd", 1, "even", 1))), 1);
    String html = new HtmlReport("t " + PAYLOAD, List.of(results), List.of(),
        List.of(new Example("r1", "v" + PAYLOAD, "odd" + PAYLOAD, "prompt " + PAYLOAD, "reasoning " + PAYLOAD, "answer " + PAYLOAD))).render();
    assertInert(html);
    assertThat(html).contains("<pre>answer " + ESCAPED + "</pre>", "<pre>reasoning " + ESCAPED + "</pre>", "<pre>prompt " + ESCAPED + "</pre>");
  }

  @Test
  void viewerShowsTheTranscriptAsText() {
    var run = Fixtures.run("r1", "run " + PAYLOAD);
    String messages = Json.write(List.of(Message.user(PAYLOAD), Message.assistant(PAYLOAD, PAYLOAD,
        List.of(new ToolCall("id" + PAYLOAD, "tool" + PAYLOAD, "{}"))), Message.tool("id" + PAYLOAD, PAYLOAD)));
    var t = Fixtures.traj("s" + PAYLOAD, 1, "v" + PAYLOAD, "odd" + PAYLOAD, 1, PAYLOAD, PAYLOAD,
        Json.write(List.of("alert(1)")), messages, "[]");
    String page = Pages.trajectory(run, t, null);
    assertInert(page);
    assertThat(page).contains("<div class=\"text\" id=\"output\">&lt;script&gt;<mark>alert(1)</mark>&lt;/script&gt;&lt;/textarea&gt;");
    assertInert(Pages.runs("db", List.of(new Pages.RunRow(run, 1))));
    assertInert(Pages.trajectories(run, new TrajectoryFilter("v" + PAYLOAD, null, PAYLOAD), 1, 1,
        List.of(), List.of("v" + PAYLOAD), List.of(PAYLOAD)));
  }
}
