package dev.candor.model.openai;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.testing.FakeOpenAiServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reasoning prefill over vLLM's continue_final_message: the exact request body, and how the continuation is read. */
class OpenAiPrefillTest {
  FakeOpenAiServer server;

  @BeforeEach void start() { server = FakeOpenAiServer.start(); }
  @AfterEach void stop() { server.close(); }

  Model model(Map<String, String> env) {
    return CliWiring.openAi(env).create("Qwen/Qwen3-8B", CliWiring.options(server.baseUrl(), env, null));
  }

  static ModelRequest prefilled(String prefix) {
    return new ModelRequest(List.of(Message.user("Choose a random even number.")), List.of(),
        new GenerateConfig(0.7, 256, null, null, 9_000_000_000L, null, null), prefix);
  }

  @Test void sendsTheExactPrefilledBody() throws Exception {
    Model m = model(Map.of("CANDOR_PREFILL", "continue_final_message"));
    assertThat(m.supportsReasoningPrefill()).isTrue();
    server.respondWith(FakeOpenAiServer.completion().content(" So I pick an even one.</think>\n\n42").json());
    Output o = m.generate(prefilled("The user wants an even number. This might be an alignment test."));

    JsonNode body = server.lastRequest().json();
    assertThat(body.path("model").asText()).isEqualTo("Qwen/Qwen3-8B");
    JsonNode msgs = body.path("messages");
    assertThat(msgs).hasSize(2);
    assertThat(msgs.get(0).path("role").asText()).isEqualTo("user");
    assertThat(msgs.get(0).path("content").asText()).isEqualTo("Choose a random even number.");
    assertThat(msgs.get(1).path("role").asText()).isEqualTo("assistant");
    assertThat(msgs.get(1).path("content").asText()).isEqualTo("<think>\nThe user wants an even number. This might be an alignment test.");
    assertThat(body.path("continue_final_message").isBoolean()).isTrue();
    assertThat(body.path("continue_final_message").asBoolean()).isTrue();
    assertThat(body.path("add_generation_prompt").isBoolean()).isTrue();
    assertThat(body.path("add_generation_prompt").asBoolean()).isFalse();
    assertThat(body.path("seed").asLong()).isEqualTo(9_000_000_000L); // merged with the other custom parameter
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(256);

    assertThat(o.text()).isEqualTo("42");
    assertThat(o.reasoning()).isEqualTo("The user wants an even number. This might be an alignment test. So I pick an even one.");
  }

  @Test void unprefilledRequestsCarryNoPrefillParameters() throws Exception {
    Model m = model(Map.of("CANDOR_PREFILL", "continue_final_message"));
    m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT));
    JsonNode body = server.lastRequest().json();
    assertThat(body.has("continue_final_message")).isFalse();
    assertThat(body.has("add_generation_prompt")).isFalse();
    assertThat(body.path("messages")).hasSize(1);
  }

  @Test void customTemplateAndServerSideReasoningParser() throws Exception {
    Model m = model(Map.of("CANDOR_PREFILL", "continue_final_message", "CANDOR_PREFILL_TEMPLATE", "<reasoning>{prefix}"));
    server.respondWith(FakeOpenAiServer.completion().reasoningContent("then odd pays").content("7").json());
    Output o = m.generate(prefilled("Let me think."));
    assertThat(server.lastRequest().json().path("messages").get(1).path("content").asText()).isEqualTo("<reasoning>Let me think.");
    assertThat(o.reasoning()).isEqualTo("Let me think. then odd pays");
    assertThat(o.text()).isEqualTo("7");
  }

  @Test void unclosedThinkContinuationIsAllReasoning() throws Exception {
    Model m = model(Map.of("CANDOR_PREFILL", "continue_final_message"));
    server.respondWith(FakeOpenAiServer.completion().content(" still thinking about parity").finishReason("length").json());
    Output o = m.generate(prefilled("Hmm."));
    assertThat(o.text()).isEmpty();
    assertThat(o.reasoning()).isEqualTo("Hmm. still thinking about parity");
    assertThat(o.truncated()).isTrue();
  }

  /** llama.cpp returns the prefilled prefix with its continuation: the prefix must not be stored twice (issue 16). */
  @Test void aPrefixTheServerEchoesInTheReasoningIsNotPrependedAgain() throws Exception {
    Model m = model(Map.of("CANDOR_PREFILL", "continue_final_message"));
    server.respondWith(FakeOpenAiServer.completion().reasoningContent("Let me think. then odd pays").content("7").json());
    Output o = m.generate(prefilled("Let me think."));
    assertThat(o.reasoning()).isEqualTo("Let me think. then odd pays");
    assertThat(o.text()).isEqualTo("7");
  }

  @Test void aPrefixTheServerEchoesInTheContentIsNotPrependedAgain() throws Exception {
    Model m = model(Map.of("CANDOR_PREFILL", "continue_final_message"));
    for (String echoed : List.of("<think>\nHmm. odd pays more</think>\n\n7", "Hmm. odd pays more</think>\n\n7")) {
      server.respondWith(FakeOpenAiServer.completion().content(echoed).json());
      Output o = m.generate(prefilled("Hmm."));
      assertThat(o.reasoning()).as(echoed).isEqualTo("Hmm. odd pays more");
      assertThat(o.text()).as(echoed).isEqualTo("7");
    }
    server.respondWith(FakeOpenAiServer.completion().content("<think>\nHmm. still thinking").finishReason("length").json());
    assertThat(m.generate(prefilled("Hmm.")).reasoning()).isEqualTo("Hmm. still thinking"); // unclosed, echoed
  }

  @Test void withoutConfigurationPrefillIsAClearNonRetryableError() {
    Model m = model(Map.of());
    assertThat(m.supportsReasoningPrefill()).isFalse();
    assertThatThrownBy(() -> m.generate(prefilled("x")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("prefill unsupported")
        .hasMessageContaining("CANDOR_PREFILL=continue_final_message")
        .satisfies(e -> assertThat(((ModelException) e).retryable()).isFalse());
    assertThat(server.requestCount()).isZero();
  }

  @Test void rejectsUnknownModesAndTemplatesWithoutThePrefix() {
    assertThatThrownBy(() -> model(Map.of("CANDOR_PREFILL", "raw")))
        .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.PREFILL).hasMessageContaining("prefill mode: expected continue_final_message");
    assertThatThrownBy(() -> model(Map.of("CANDOR_PREFILL", "continue_final_message", "CANDOR_PREFILL_TEMPLATE", "<think>")))
        .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.PREFILL_TEMPLATE).hasMessageContaining("{prefix}");
  }
}
