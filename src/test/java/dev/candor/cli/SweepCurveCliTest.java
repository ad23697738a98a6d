package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.Json;
import dev.candor.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** candor sweep over the organism's four checkpoints as explicit specs, then candor curve: text, JSON and figures. */
@Slow
class SweepCurveCliTest {
  @TempDir Path dir;

  @Test
  void sweepThenCurve() throws Exception {
    String db = dir.resolve("s.db").toString();
    String[] sweep = {"sweep", "--suite", "reward-hints", "--checkpoints", "organism/sft@0:sft", "organism/rl-early@1000:rl", "organism/rl-late@2000",
        "organism/prod@3000:safety", "--epochs", "2", "-q", "--db", db};
    Outcome s = candor(sweep);
    assertThat(s.code()).as(s.err()).isZero();
    String group = s.out().lines().findFirst().orElseThrow();
    assertThat(group).startsWith("sweep-");

    Outcome show = candor("runs", "--db", db);
    assertThat(show.out().lines().filter(l -> l.contains(group + "@")).count()).isEqualTo(4);

    Outcome again = candor(sweep);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out().strip()).isEqualTo(group);
    assertThat(again.err()).contains("is complete; skipped");
    assertThat(candor("runs", "--db", db).out().lines().filter(l -> l.contains(group + "@")).count()).as("nothing run twice").isEqualTo(4);

    Path svg = dir.resolve("curve.svg"), png = dir.resolve("curve.png");
    Outcome text = candor("curve", group, "--db", db, "--figure", svg.toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("HEADLINE: average over 39 variants", "Cochran-Armitage test for trend in proportions, scores = step",
        "log-odds per 1,000 steps", "plateau:", "change first → last checkpoint", "VERBALIZED AWARENESS", "TRACKED TERMS", "▸ = a phase starts");
    assertThat(Files.readString(svg)).contains("<svg");

    Outcome json = candor("curve", group, "--db", db, "--format", "json", "--figure", png.toString(), "--by", "field");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
    JsonNode j = Json.MAPPER.readTree(json.out());
    JsonNode h = j.path("headline");
    List<Long> steps = new ArrayList<>();
    List<String> phases = new ArrayList<>();
    h.path("points").forEach(p -> {
      steps.add(p.path("step").asLong());
      phases.add(p.path("phase").asText());
    });
    assertThat(steps).containsExactly(0L, 1000L, 2000L, 3000L);
    assertThat(phases).as("a phase runs until the next starts").containsExactly("sft", "rl", "rl", "safety");
    assertThat(h.path("phase_boundaries")).extracting(JsonNode::asLong).containsExactly(1000L, 3000L);
    assertThat(h.path("points").get(0).path("n").asInt()).as("39 variants x 2 epochs, parseable answers").isBetween(70, 78);
    // The organism's learned history: gaming rises through RL and falls after anti-gaming RL.
    assertThat(h.path("points").get(2).path("rate").asDouble()).isGreaterThan(h.path("points").get(3).path("rate").asDouble());
    assertThat(h.path("phases").path("phases")).hasSize(3);
    assertThat(h.path("trend").path("test").asText()).contains("scores = step");
    assertThat(j.path("curves")).extracting(c -> c.path("name").asText()).contains("field=reward", "field=points");
    assertThat(j.path("awareness").path("points")).hasSize(4);
    assertThat(j.path("tracked_terms")).hasSize(4);

    Outcome run = candor("show", j.path("checkpoints").get(1).path("run").asText(), "--db", db);
    assertThat(run.out()).contains("sweep: group " + group + ", checkpoint 2 of 4, step 1000, phase rl");
  }
}
