package dev.candor.model.openai;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.ToolSpec;
import dev.candor.testing.ChatTemplateFixtures;
import dev.candor.testing.Fault;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.FakeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reasoning prefill over raw completions (CANDOR_PREFILL=completions): the exact /v1/completions request for each
 * fixture chat template, how the continuation is read, and the failure cases.
 */
class OpenAiCompletionsPrefillTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-candor-test-SECRET-completions-0123456789";
  static final String PREFIX = "The user wants an even number. This might be an alignment test.";

  @TempDir Path dir;
  FakeOpenAiServer server;

  @BeforeEach void start() { server = FakeOpenAiServer.start(); }
  @AfterEach void stop() { server.close(); }

  Model model(String template, Map<String, String> more) {
    var env = new java.util.HashMap<String, String>(Map.of("CANDOR_PREFILL", "completions", "OPENAI_API_KEY", KEY));
    if (template != null) env.put("CANDOR_CHAT_TEMPLATE", ChatTemplateFixtures.fixture(template).toString());
    env.putAll(more);
    return CliWiring.openAi(env).create("Qwen/Qwen3-8B", CliWiring.options(server.baseUrl(), env, Duration.ofSeconds(10)));
  }

  static ModelRequest prefilled(List<Message> messages, GenerateConfig cfg, String prefix) {
    return new ModelRequest(messages, List.of(), cfg, prefix);
  }

  static final GenerateConfig CFG = new GenerateConfig(0.7, 256, null, null, 9_000_000_000L, null, null);

  /** The one request the server received, checked to be a completions call; returns its body. */
  JsonNode onlyCompletionsRequest() {
    assertThat(server.requestCount()).isEqualTo(1);
    FakeServer.Recorded r = server.lastRequest();
    assertThat(r.path()).isEqualTo(FakeOpenAiServer.COMPLETIONS_PATH);
    assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(r.header("content-type")).startsWith("application/json");
    return r.json();
  }

  @Test void chatmlTemplate_exactBody_andContinuationSplit() throws Exception {
    Model m = model("chatml/chat_template.jinja", Map.of());
    assertThat(m.supportsReasoningPrefill()).isTrue();
    server.respondToCompletions(req -> FakeOpenAiServer.textCompletion().text(" So I pick an even one.</think>\n\n42").usage(31, 11).json());
    Output o = m.generate(prefilled(List.of(Message.user("Choose a random even number.")), CFG, PREFIX));

    JsonNode body = onlyCompletionsRequest();
    String prompt = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nChoose a random even number.<|im_end|>\n"
        + "<|im_start|>assistant\n<think>\n" + PREFIX;
    assertThat(body.path("prompt").asText()).isEqualTo(prompt);
    assertThat(body).isEqualTo(JSON.readTree("{\"model\":\"Qwen/Qwen3-8B\",\"prompt\":" + JSON.writeValueAsString(prompt)
        + ",\"max_tokens\":256,\"temperature\":0.7,\"seed\":9000000000}"));
    assertThat(server.lastRequest().body()).isEqualTo("{\"model\":\"Qwen/Qwen3-8B\",\"prompt\":" + JSON.writeValueAsString(prompt)
        + ",\"max_tokens\":256,\"temperature\":0.7,\"seed\":9000000000}");

    assertThat(o.text()).isEqualTo("42");
    assertThat(o.reasoning()).isEqualTo(PREFIX + " So I pick an even one.");
    assertThat(o.toolCalls()).isEmpty();
    assertThat(o.usage().inputTokens()).isEqualTo(31);
    assertThat(o.usage().outputTokens()).isEqualTo(11);
    assertThat(o.usage().totalTokens()).isEqualTo(42);
    assertThat(o.finishReason()).isEqualTo("stop");
    assertThat(o.truncated()).isFalse();
    assertThat(o.latencyMillis()).isGreaterThanOrEqualTo(0);
    assertThat(JSON.readTree(o.rawJson()).path("object").asText()).isEqualTo("text_completion");
  }

  @Test void llama3TokenizerConfig_systemPromptAndSpecialTokens_andProvenance() throws Exception {
    Model m = model("llama3/tokenizer_config.json", Map.of());
    server.respondToCompletions(req -> FakeOpenAiServer.textCompletion().text(" Eight is even.</think>\n8").json());
    GenerateConfig cfg = new GenerateConfig(null, 64, null, null, null, "Be brief.", null);
    Output o = m.generate(prefilled(List.of(Message.user("Choose a random even number.")), cfg, "Hmm."));

    JsonNode body = onlyCompletionsRequest();
    assertThat(body.path("prompt").asText()).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\nChoose a random even number.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
        + "<think>\nHmm.");
    assertThat(body.has("temperature")).isFalse();
    assertThat(body.has("seed")).isFalse();
    assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
    assertThat(o.text()).isEqualTo("8");
    assertThat(o.reasoning()).isEqualTo("Hmm. Eight is even.");

    String template = JSON.readTree(ChatTemplateFixtures.fixture("llama3/tokenizer_config.json").toFile()).path("chat_template").asText();
    String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(template.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(m.describe()).containsEntry("prefill", "completions").containsEntry("prefill_template", "<think>\n{prefix}")
        .containsEntry("chat_template", ChatTemplateFixtures.fixture("llama3/tokenizer_config.json").toString())
        .containsEntry("chat_template_sha256", sha).containsEntry("chat_template_bos_token", "<|begin_of_text|>");
    assertThat(String.join(" ", m.describe().values())).doesNotContain(KEY);
  }

  @Test void reasoningTemplateThatOpensTheThinkBlock_isNotOpenedTwice_andUnclosedIsAllReasoning() throws Exception {
    Model m = model("reasoning/chat_template.jinja", Map.of());
    server.respondToCompletions(req -> FakeOpenAiServer.textCompletion().text(" still weighing parity").finishReason("length").json());
    List<Message> history = List.of(Message.system("  You are Qwen.  "), Message.user("Hi\n"),
        Message.assistant("<think>\nhmm\n</think>\n\nHello!"), Message.user("Pick one."));
    Output o = m.generate(prefilled(history, CFG, "Odd might pay."));

    assertThat(onlyCompletionsRequest().path("prompt").asText()).isEqualTo(
        "<｜begin▁of▁sentence｜>You are Qwen.<｜User｜>Hi\n<｜Assistant｜>Hello!<｜end▁of▁sentence｜><｜User｜>Pick one.<｜Assistant｜><think>\nOdd might pay.");
    assertThat(o.text()).isEmpty();
    assertThat(o.reasoning()).isEqualTo("Odd might pay. still weighing parity");
    assertThat(o.truncated()).isTrue();
    assertThat(o.finishReason()).isEqualTo("length");
  }

  @Test void customPrefillTemplateAndDefaultMaxTokens() throws Exception {
    Model m = model("chatml/chat_template.jinja", Map.of("CANDOR_PREFILL_TEMPLATE", "<reasoning>{prefix}"));
    server.respondToCompletions(req -> FakeOpenAiServer.textCompletion().text(" then 8.</reasoning>\n8").json());
    Output o = m.generate(prefilled(List.of(Message.user("Go.")), GenerateConfig.DEFAULT, "Let me think."));
    JsonNode body = onlyCompletionsRequest();
    assertThat(body.path("prompt").asText()).endsWith("<|im_start|>assistant\n<reasoning>Let me think.");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(OpenAiModel.COMPLETIONS_DEFAULT_MAX_TOKENS);
    assertThat(body.has("temperature")).isFalse();
    // no <think> in the template: the text is kept as sent (as on the chat route, only think tags are split)
    assertThat(o.text()).isEqualTo(" then 8.</reasoning>\n8");
    assertThat(o.reasoning()).isEqualTo("Let me think.");
  }

  @Test void requestsWithoutPrefixStillUseChatCompletions() throws Exception {
    Model m = model("chatml/chat_template.jinja", Map.of());
    Output o = m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT));
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(server.lastRequest().path()).isEqualTo(FakeOpenAiServer.PATH);
    JsonNode body = server.lastRequest().json();
    assertThat(body.has("prompt")).isFalse();
    assertThat(body.has("continue_final_message")).isFalse();
    assertThat(body.path("messages")).hasSize(1);
    assertThat(o.text()).isEqualTo("Hello from the fake server.");
  }

  @Test void rateLimitIsRetryableWithRetryAfter_andClientErrorsAreNot_andTheKeyIsRedacted() {
    Model m = model("chatml/chat_template.jinja", Map.of());
    ModelRequest req = prefilled(List.of(Message.user("x")), CFG, "p");
    server.enqueue(Fault.rateLimited(3));
    assertThatThrownBy(() -> m.generate(req)).isInstanceOfSatisfying(ModelException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.httpStatus()).isEqualTo(429);
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
      assertThat(e.getMessage()).isEqualTo("openai/Qwen/Qwen3-8B: HTTP 429 from " + server.origin() + FakeOpenAiServer.COMPLETIONS_PATH + ": rate limited");
    });
    server.enqueue(Fault.status(400, Map.of(), "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens; key " + KEY + "\"}}"));
    assertThatThrownBy(() -> m.generate(req)).isInstanceOfSatisfying(ModelException.class, e -> {
      assertThat(e.retryable()).isFalse();
      assertThat(e.httpStatus()).isEqualTo(400);
      assertThat(e.getMessage()).contains("maximum context length").doesNotContain(KEY).contains("[REDACTED]");
      assertThat(e.rawBody()).doesNotContain(KEY);
    });
    server.enqueue(Fault.serverError());
    assertThatThrownBy(() -> m.generate(req)).isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue());
    server.respondToCompletions(r -> "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[]}");
    assertThatThrownBy(() -> m.generate(req)).isInstanceOfSatisfying(ModelException.class, e -> {
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("malformed response body").contains("no choices");
    });
    server.respondToCompletions(r -> FakeOpenAiServer.textCompletion().text(" echo " + KEY + "</think>\nanswer " + KEY).json());
    Output echoed = catchOutput(m, req);
    assertThat(echoed.reasoning()).isEqualTo("p echo [REDACTED]");
    assertThat(echoed.text()).isEqualTo("answer [REDACTED]");
    assertThat(echoed.rawJson()).doesNotContain(KEY);
  }

  static Output catchOutput(Model m, ModelRequest r) {
    try {
      return m.generate(r);
    } catch (ModelException e) {
      throw new AssertionError(e);
    }
  }

  @Test void toolsWithPrefillOnTheCompletionsRouteAreRefused() {
    Model m = model("chatml/chat_template.jinja", Map.of());
    ToolSpec tool = new ToolSpec("bash", "Run a command.", "{\"type\":\"object\"}");
    ModelRequest req = new ModelRequest(List.of(Message.user("x")), List.of(tool), CFG, "p");
    assertThatThrownBy(() -> m.generate(req)).isInstanceOfSatisfying(ModelException.class, e -> {
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("tool calls are not supported with CANDOR_PREFILL=completions");
    });
    assertThat(server.requestCount()).isZero();
  }

  @Test void aTemplateThatRaisesForThisConversationIsANonRetryableError() {
    Model m = model("reasoning/chat_template.jinja", Map.of());
    ModelRequest req = prefilled(List.of(Message.user("a"), Message.tool("c1", "b")), CFG, "p");
    assertThatThrownBy(() -> m.generate(req)).isInstanceOfSatisfying(ModelException.class, e -> {
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).isEqualTo("openai/Qwen/Qwen3-8B: CANDOR_CHAT_TEMPLATE '" + ChatTemplateFixtures.fixture("reasoning/chat_template.jinja")
          + "': template raised: Unexpected role: tool");
    });
    assertThat(server.requestCount()).isZero();
  }

  @Test void missingOrBadTemplateIsAOneLineConfigurationError() throws Exception {
    assertThatThrownBy(() -> model(null, Map.of())).isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.CHAT_TEMPLATE)
        .hasMessage("prefill mode=completions needs chat template: the path of the model's chat template (a .jinja file, or its tokenizer_config.json)");
    Path missing = dir.resolve("missing.jinja");
    assertThatThrownBy(() -> model(null, Map.of("CANDOR_CHAT_TEMPLATE", missing.toString()))).isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.CHAT_TEMPLATE)
        .hasMessage("chat template: '" + missing + "': no such file");
    Path bad = Files.writeString(dir.resolve("bad.jinja"), "{% if messages %}\n{{ messages[0].content }\n");
    assertThatThrownBy(() -> model(null, Map.of("CANDOR_CHAT_TEMPLATE", bad.toString()))).isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.CHAT_TEMPLATE)
        .hasMessageStartingWith("chat template: '" + bad + "': does not render a one-message conversation: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> model("chatml/chat_template.jinja", Map.of("CANDOR_PREFILL", "raw")))
        .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.PREFILL)
        .hasMessage("prefill mode: expected continue_final_message or completions (or unset), got 'raw'");
    // the template is only read for the completions mode
    Model chat = model(null, Map.of("CANDOR_PREFILL", "continue_final_message", "CANDOR_CHAT_TEMPLATE", missing.toString()));
    assertThat(chat.describe()).containsEntry("prefill", "continue_final_message").doesNotContainKey("chat_template_sha256");
  }

  @Test void batchApisAreRefusedOnTheCompletionsRoute() {
    OpenAiModel m = (OpenAiModel) model("chatml/chat_template.jinja", Map.of());
    assertThatThrownBy(() -> m.requestBody(prefilled(List.of(Message.user("x")), CFG, "p"))).isInstanceOfSatisfying(ModelException.class,
        e -> assertThat(e.getMessage()).contains("cannot go through a batch API"));
    assertThat(server.requestCount()).isZero();
  }
}
