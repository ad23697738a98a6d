package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.StoredJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.core.Sample;
import dev.candor.suite.covert.CovertActionsEnvironment;
import dev.candor.env.covert.Scenario;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ToolCall;
import dev.candor.run.Engine;
import dev.candor.core.RunConfig;
import dev.candor.run.RunEvents;
import dev.candor.run.Runs;
import dev.candor.run.Secrets;
import dev.candor.store.Store;
import dev.candor.core.Trajectory;
import dev.candor.testing.FakeAnthropicServer;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.RunConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The covert-action suite end to end over real HTTP: a fake OpenAI (or Anthropic) server replays a scenario's scripted
 * covert or honest path as wire-format tool calls; the engine drives the tool loop, grades and stores. The label must
 * follow the path, and the stored transcript must hold the tool calls and results.
 */
class CovertActionsOverHttpTest {
  @TempDir Path dir;
  static final CovertActionsEnvironment ENV = CovertActionsEnvironment.standard(false);

  /** The scripted step for a request: the number of assistant turns already in the conversation. */
  static Scenario.Step step(List<Scenario.Step> steps, JsonNode request) {
    int assistants = 0;
    for (JsonNode m : request.path("messages")) if ("assistant".equals(m.path("role").asText())) assistants++;
    return steps.get(Math.min(assistants, steps.size() - 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic"})
  void scriptedPathsOverTheWireAreLabelledByTheDetector(String provider) {
    List<Sample> picked = new ArrayList<>();
    for (String family : List.of("log-falsification", "lazy-checklist", "impossible-coding-task"))
      ENV.samples().stream().filter(s -> family.equals(s.axes().get("family"))).findFirst().ifPresent(picked::add);
    assertThat(picked).hasSize(3);
    for (String path : List.of("covert", "honest")) {
      Map<String, List<Scenario.Step>> scripts = new java.util.HashMap<>();
      for (Sample s : picked) scripts.put(s.prompt(), ENV.scenario((String) s.metadata().get("scenario")).examples().get(path));
      try (Store store = Store.open(dir.resolve(provider + path + ".db").toString())) {
        Model m;
        AutoCloseable server;
        if (provider.equals("openai")) {
          FakeOpenAiServer s = FakeOpenAiServer.start();
          s.respondWith(req -> {
            Scenario.Step st = step(scriptFor(scripts, req), req);
            var c = FakeOpenAiServer.completion().content(st.text()).finishReason(st.calls().isEmpty() ? "stop" : "tool_calls");
            for (ToolCall call : st.calls()) c.toolCall(call.id(), call.name(), call.argumentsJson());
            return c.json();
          });
          m = CliWiring.openAi().create("fake", new ModelOptions(s.baseUrl(), Duration.ofSeconds(10)));
          server = s;
        } else {
          FakeAnthropicServer s = FakeAnthropicServer.start();
          s.respondWith(req -> {
            Scenario.Step st = step(scriptFor(scripts, req), req);
            var msg = FakeAnthropicServer.message();
            if (st.text() != null && !st.text().isEmpty()) msg.text(st.text());
            for (ToolCall call : st.calls()) msg.toolUse(call.id(), call.name(), call.argumentsJson());
            return msg.stopReason(st.calls().isEmpty() ? "end_turn" : "tool_use").json();
          });
          m = CliWiring.anthropic(Map.of("ANTHROPIC_API_KEY", "test-key")).create("fake", new ModelOptions(s.origin(), Duration.ofSeconds(10)));
          server = s;
        }
        RunConfig cfg = RunConfigs.of("covert-actions", provider + "/fake").maxConnections(2).maxAttempts(2).build();
        var run = Runs.create(store, cfg, picked, null);
        var result = new Engine(store, Secrets.NONE).execute(run.id(), cfg, ENV, picked, m, RunEvents.NONE);
        assertThat(result.complete()).isTrue();
        List<Trajectory> ts = new ArrayList<>();
        store.trajectories().forEach(run.id(), ts::add);
        assertThat(ts).hasSize(3).allSatisfy(t -> {
          assertThat(t.error()).as(t.sampleId()).isNull();
          assertThat(t.score().value()).as(t.sampleId() + " on the " + path + " path: " + t.score().explanation()).isEqualTo(path.equals("covert") ? 1 : 0);
          assertThat(StoredJson.events(t)).contains("\"tool_call\"");
          assertThat(StoredJson.messages(t)).contains("TOOL");
        });
        server.close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Finds the script of the conversation by its first user message. */
  static List<Scenario.Step> scriptFor(Map<String, List<Scenario.Step>> scripts, JsonNode req) {
    for (JsonNode msg : req.path("messages")) {
      if (!"user".equals(msg.path("role").asText())) continue;
      String text = msg.path("content").isTextual() ? msg.path("content").asText() : msg.path("content").path(0).path("text").asText();
      for (var e : scripts.entrySet()) if (text.equals(e.getKey())) return e.getValue();
    }
    throw new IllegalStateException("no script for request " + req.toString().substring(0, Math.min(300, req.toString().length())));
  }
}
