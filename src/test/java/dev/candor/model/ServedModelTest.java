package dev.candor.model;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.FakeAnthropicServer;
import dev.candor.testing.TinyOpenAiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a server reports about the model it serves: its /v1/models entry (fetched once, a missing endpoint failing
 * nothing) and the model and system fingerprint its responses name, first seen and whether they changed
 * (issue 16, item 19).
 */
class ServedModelTest {
  static ModelRequest hi() { return ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT); }

  @Test
  void openAiReportsItsModelListEntryOnceAndWhatItsResponsesNamed() throws Exception {
    try (TinyOpenAiServer server = new TinyOpenAiServer()) {
      server.fingerprints = n -> n <= 2 ? "fp_1" : "fp_2";
      Model m = CliWiring.openAi().create("m", new ModelOptions(server.origin() + "/v1", Duration.ofSeconds(5)));
      Map<String, String> before = ((ServedModel) m).served();
      assertThat(before).containsEntry("models.id", "m").containsEntry("models.owned_by", "vllm")
          .containsEntry("models.max_model_len", "32768").containsEntry("models.created", "1764900000")
          .containsEntry("models.root", "/models/m").doesNotContainKey("response_model");
      for (int i = 0; i < 3; i++) m.generate(hi());
      Map<String, String> after = ((ServedModel) m).served();
      assertThat(after).containsEntry("models.id", "m")
          .containsEntry("response_model", "m-served").containsEntry("response_model_values", "m-served")
          .containsEntry("response_system_fingerprint", "fp_1").containsEntry("response_system_fingerprint_values", "fp_1 | fp_2");
      assertThat(server.modelListCount()).as("the model list is fetched once").isEqualTo(1);
    }
  }

  @Test
  void aMissingModelListIsRecordedAsSuchAndFailsNothing() throws Exception {
    try (TinyOpenAiServer server = new TinyOpenAiServer()) {
      server.models = null;
      Model m = CliWiring.openAi().create("m", new ModelOptions(server.origin() + "/v1", Duration.ofSeconds(5)));
      assertThat(((ServedModel) m).served()).containsOnlyKeys("models.error");
      assertThat(((ServedModel) m).served().get("models.error")).contains("HTTP 404").contains("/v1/models");
      assertThat(m.generate(hi()).text()).isEqualTo("Answer: 3");
      assertThat(((ServedModel) m).served()).containsEntry("response_model", "m-served");
    }
  }

  @Test
  void aFleetMergesItsEndpointsReports() throws Exception {
    try (TinyOpenAiServer a = new TinyOpenAiServer(); TinyOpenAiServer b = new TinyOpenAiServer()) {
      b.fingerprints = n -> "fp_b";
      Model m = Balanced.open(new ModelRegistry().register(CliWiring.openAi()), "openai/m",
          List.of(a.origin() + "/v1", b.origin() + "/v1"), new ModelOptions(null, Duration.ofSeconds(5)));
      for (int i = 0; i < 6; i++) m.generate(hi());
      Map<String, String> s = ((ServedModel) m).served();
      assertThat(s).containsEntry("response_system_fingerprint_changed", "true").containsEntry("response_model_changed", "false");
      assertThat(s.get("response_system_fingerprint_values")).contains("fp_1").contains("fp_b");
    }
  }

  @Test
  void anthropicReportsTheModelItsResponsesNamed() throws Exception {
    try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
      Model m = CliWiring.anthropic().create("claude-x", new ModelOptions(server.baseUrl(), Duration.ofSeconds(5)));
      m.generate(hi());
      assertThat(((ServedModel) m).served()).containsEntry("response_model", "claude-x");
    }
  }

  @Test
  void mergeKeepsWhatWasSeenFirstAndNotesChanges() {
    Map<String, String> first = Map.of("models.id", "m", "response_model", "a", "response_model_values", "a");
    Map<String, String> same = ServedModel.merge(first, Map.of("models.id", "m2", "response_model", "a", "response_model_values", "a"));
    assertThat(same).containsEntry("models.id", "m").containsEntry("response_model", "a").containsEntry("response_model_changed", "false");
    Map<String, String> changed = ServedModel.merge(same, Map.of("response_model", "b", "response_model_values", "b"));
    assertThat(changed).containsEntry("response_model", "a").containsEntry("response_model_values", "a | b")
        .containsEntry("response_model_changed", "true");
    assertThat(ServedModel.summary(changed)).isEqualTo("models.id=m; response_model=a; response_model changed: a | b");
  }
}
