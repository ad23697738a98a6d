package dev.candor.model.anthropic;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.ToolCall;
import dev.candor.model.ToolSpec;
import dev.candor.testing.FakeAnthropicServer;
import dev.candor.testing.Fault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest {
  static final String KEY = "sk-ant-candor-test-SECRET-fedcba9876543210";
  FakeAnthropicServer server;
  Model model;

  @BeforeEach void start() {
    server = FakeAnthropicServer.start();
    model = CliWiring.anthropic(Map.of("ANTHROPIC_API_KEY", KEY)).create("claude-x", new ModelOptions(server.baseUrl(), null));
  }

  @AfterEach void stop() { server.close(); }

  Output ask(GenerateConfig cfg) throws ModelException {
    return model.generate(ModelRequest.of(List.of(Message.user("Choose a random even number.")), cfg));
  }

  @Test void textUsageStopReasonRawAndHeaders() throws Exception {
    server.respondWith(FakeAnthropicServer.message().text("4").usage(25, 2).json());
    Output o = ask(GenerateConfig.DEFAULT);
    assertThat(o.text()).isEqualTo("4");
    assertThat(o.reasoning()).isNull();
    assertThat(o.finishReason()).isEqualTo("end_turn");
    assertThat(o.truncated()).isFalse();
    assertThat(o.usage()).isEqualTo(new dev.candor.model.Usage(25, 2, -1, 27));
    assertThat(o.rawJson()).contains("\"type\":\"message\"");
    assertThat(model.spec()).isEqualTo("anthropic/claude-x");
    var req = server.lastRequest();
    assertThat(req.path()).isEqualTo("/v1/messages");
    assertThat(req.header("x-api-key")).isEqualTo(KEY);
    assertThat(req.header("anthropic-version")).isNotBlank();
    assertThat(req.header("authorization")).isNull();
  }

  @Test void requestFieldsDefaultMaxTokensNoThinking() throws Exception {
    ask(GenerateConfig.DEFAULT);
    JsonNode body = server.lastRequest().json();
    assertThat(body.path("model").asText()).isEqualTo("claude-x");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
    assertThat(body.has("thinking")).isFalse();
    assertThat(body.has("temperature")).isFalse();
    assertThat(body.has("system")).isFalse();
    assertThat(body.path("messages")).hasSize(1);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(0).toString()).contains("Choose a random even number.");
  }

  @Test void requestFieldsWithThinkingBudgetSystemAndTemperature() throws Exception {
    ask(new GenerateConfig(1.0, 8000, "high", 2048, 7L, "You are a careful assistant.", null));
    JsonNode body = server.lastRequest().json();
    assertThat(body.path("max_tokens").asInt()).isEqualTo(8000);
    assertThat(body.path("temperature").asDouble()).isEqualTo(1.0);
    assertThat(body.path("thinking").path("type").asText()).isEqualTo("enabled");
    assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
    assertThat(body.path("system").toString()).contains("You are a careful assistant.");
    assertThat(body.path("messages")).hasSize(1);
    assertThat(body.has("seed")).isFalse();
  }

  @Test void bigBudgetWithoutMaxTokensStillFits() throws Exception {
    ask(new GenerateConfig(null, null, null, 10000, null, null, null));
    JsonNode body = server.lastRequest().json();
    assertThat(body.path("max_tokens").asInt()).isGreaterThan(body.path("thinking").path("budget_tokens").asInt());
  }

  @Test void thinkingAndRedactedThinkingAreCaptured() throws Exception {
    server.respondWith(FakeAnthropicServer.message().thinking("reward = output % 2, odd pays.")
        .redactedThinking("EmwKAhgBEgy3va3pzix/LafPsn4a").text("7").json());
    Output o = ask(new GenerateConfig(null, null, null, 1024, null, null, null));
    assertThat(o.text()).isEqualTo("7");
    assertThat(o.reasoning()).isEqualTo("reward = output % 2, odd pays.\n\n" + AnthropicModel.REDACTED_MARKER);
    assertThat(o.rawJson()).contains("redacted_thinking").contains("EmwKAhgBEgy3va3pzix/LafPsn4a");
  }

  @Test void onlyRedactedThinking() throws Exception {
    server.respondWith(FakeAnthropicServer.message().redactedThinking("opaque").text("2").json());
    assertThat(ask(GenerateConfig.DEFAULT).reasoning()).isEqualTo(AnthropicModel.REDACTED_MARKER);
  }

  @Test void maxTokensStopIsTruncated() throws Exception {
    server.respondWith(FakeAnthropicServer.message().thinking("still going").stopReason("max_tokens").json());
    Output o = ask(new GenerateConfig(null, 2000, null, 1024, null, null, null));
    assertThat(o.truncated()).isTrue();
    assertThat(o.finishReason()).isEqualTo("max_tokens");
    assertThat(o.text()).isEmpty();
    assertThat(o.reasoning()).isEqualTo("still going");
  }

  @Test void toolUseRoundTripWithThinkingSignatures() throws Exception {
    String schema = "{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\",\"enum\":[\"ls\",\"cat\"]}},\"required\":[\"cmd\"]}";
    var tool = new ToolSpec("bash", "Run a command", schema);
    server.respondWith(FakeAnthropicServer.message().thinking("I should look first.", "sig-XYZ")
        .text("Let me check.").toolUse("toolu_01", "bash", "{\"cmd\":\"ls\"}").json());
    var cfg = new GenerateConfig(null, 4000, null, 1024, null, null, null);
    Output first = model.generate(new ModelRequest(List.of(Message.user("what is here?")), List.of(tool), cfg, null));
    assertThat(first.toolCalls()).containsExactly(new ToolCall("toolu_01", "bash", "{\"cmd\":\"ls\"}"));
    assertThat(first.finishReason()).isEqualTo("tool_use");
    assertThat(first.text()).isEqualTo("Let me check.");
    assertThat(first.reasoning()).isEqualTo("I should look first.");

    JsonNode tools = server.lastRequest().json().path("tools");
    assertThat(server.lastRequest().json().has("tool_choice")).as("unset: the API's default").isFalse();
    assertThat(tools).hasSize(1);
    assertThat(tools.get(0).path("name").asText()).isEqualTo("bash");
    assertThat(tools.get(0).path("description").asText()).isEqualTo("Run a command");
    assertThat(tools.get(0).path("input_schema").path("type").asText()).isEqualTo("object");
    assertThat(tools.get(0).path("input_schema").path("properties").path("cmd").path("enum").toString()).isEqualTo("[\"ls\",\"cat\"]");
    assertThat(tools.get(0).path("input_schema").path("required").get(0).asText()).isEqualTo("cmd");

    server.respondWith(FakeAnthropicServer.message().text("There is a grader.py.").json());
    var convo = List.of(Message.user("what is here?"),
        Message.assistant(first.text(), first.reasoning(), first.toolCalls()),
        Message.tool("toolu_01", "grader.py\nREADME.md"));
    Output second = model.generate(new ModelRequest(convo, List.of(tool), cfg, null));
    assertThat(second.text()).isEqualTo("There is a grader.py.");

    JsonNode msgs = server.lastRequest().json().path("messages");
    assertThat(msgs).hasSize(3);
    JsonNode assistant = msgs.get(1);
    assertThat(assistant.path("role").asText()).isEqualTo("assistant");
    JsonNode thinking = find(assistant.path("content"), "thinking");
    assertThat(thinking).as("thinking block sent back").isNotNull();
    assertThat(thinking.path("thinking").asText()).isEqualTo("I should look first.");
    assertThat(thinking.path("signature").asText()).isEqualTo("sig-XYZ");
    JsonNode use = find(assistant.path("content"), "tool_use");
    assertThat(use.path("id").asText()).isEqualTo("toolu_01");
    assertThat(use.path("name").asText()).isEqualTo("bash");
    assertThat(use.path("input").path("cmd").asText()).isEqualTo("ls");
    JsonNode result = find(msgs.get(2).path("content"), "tool_result");
    assertThat(msgs.get(2).path("role").asText()).isEqualTo("user");
    assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_01");
    assertThat(result.toString()).contains("grader.py\\nREADME.md");
  }

  static JsonNode find(JsonNode blocks, String type) {
    for (JsonNode b : blocks) if (type.equals(b.path("type").asText())) return b;
    return null;
  }

  @Test void requiredToolChoiceIsAny() throws Exception {
    var tool = new ToolSpec("submit", "Submit", "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}");
    server.respondWith(FakeAnthropicServer.message().toolUse("toolu_02", "submit", "{\"answer\":\"4\"}").json());
    model.generate(new ModelRequest(List.of(Message.user("go")), List.of(tool), GenerateConfig.DEFAULT.withToolChoice("required"), null));
    assertThat(server.lastRequest().json().path("tool_choice").path("type").asText()).isEqualTo("any");
  }

  @Test void overloadedAndRateLimitErrorsAreRetryableWithRetryAfter() {
    server.enqueue(Fault.status(429, Map.of("retry-after", "12"), FakeAnthropicServer.error("rate_limit_error", "Number of requests has exceeded your rate limit")));
    ModelException e = catchThrowableOfType(ModelException.class, () -> ask(GenerateConfig.DEFAULT));
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
    assertThat(e.getMessage()).isEqualTo("anthropic/claude-x: HTTP 429 from " + server.endpoint() + ": Number of requests has exceeded your rate limit");

    server.enqueue(Fault.status(529, Map.of(), FakeAnthropicServer.error("overloaded_error", "Overloaded")));
    e = catchThrowableOfType(ModelException.class, () -> ask(GenerateConfig.DEFAULT));
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(529);
  }

  @Test void clientErrorsAreNotRetryable() {
    for (int status : new int[] {400, 401, 403, 404, 422}) {
      server.enqueue(Fault.status(status, Map.of(), FakeAnthropicServer.error("invalid_request_error", "bad " + status)));
      ModelException e = catchThrowableOfType(ModelException.class, () -> ask(GenerateConfig.DEFAULT));
      assertThat(e.retryable()).as("status %d", status).isFalse();
      assertThat(e.httpStatus()).isEqualTo(status);
      assertThat(e.getMessage()).endsWith(": bad " + status);
    }
  }

  @Test void timeoutsMalformedAndDroppedConnectionsAreRetryable() {
    server.enqueue(Fault.delay(Duration.ofSeconds(3)), Fault.malformedJson(), Fault.truncatedBody(), Fault.closeConnection());
    var fast = new GenerateConfig(null, null, null, null, null, null, 0.3);
    for (int i = 0; i < 4; i++) {
      ModelException e = catchThrowableOfType(ModelException.class, () -> ask(fast));
      assertThat(e).as("fault %d", i).isNotNull();
      assertThat(e.retryable()).as("fault %d: %s", i, e.getMessage()).isTrue();
      assertThat(e.getMessage()).doesNotContain("\n").startsWith("anthropic/claude-x: ");
    }
    assertThat(server.requestCount()).isEqualTo(4);
  }

  @Test void keyNeverReported() throws Exception {
    server.respondWith(req -> FakeAnthropicServer.message().text("echo " + server.lastRequest().header("x-api-key")).json());
    Output o = ask(GenerateConfig.DEFAULT);
    assertThat(o.rawJson()).doesNotContain(KEY).contains("[REDACTED]");
    assertThat(o.text()).doesNotContain(KEY);
    server.enqueue(Fault.status(401, Map.of(), FakeAnthropicServer.error("authentication_error", "invalid x-api-key " + KEY)));
    ModelException e = catchThrowableOfType(ModelException.class, () -> ask(GenerateConfig.DEFAULT));
    StringWriter sw = new StringWriter();
    e.printStackTrace(new PrintWriter(sw));
    assertThat(e.getMessage()).doesNotContain(KEY);
    assertThat(e.rawBody()).doesNotContain(KEY);
    assertThat(sw.toString()).doesNotContain(KEY);
  }

  @Test void missingKeyAndBaseUrlHandling() throws Exception {
    assertThatThrownBy(() -> CliWiring.anthropic().create("claude-x", new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).satisfies(e -> assertThat(CliWiring.message(e)).startsWith("ANTHROPIC_API_KEY is not set"));
    // Env base URL without /v1 (as the SDKs take it) works, with a placeholder key.
    Model m = CliWiring.anthropic(Map.of("ANTHROPIC_BASE_URL", server.origin())).create("claude-x", new ModelOptions(null, null));
    m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT));
    assertThat(server.lastRequest().path()).isEqualTo("/v1/messages");
    assertThat(server.lastRequest().header("x-api-key")).isEqualTo(AnthropicProvider.PLACEHOLDER_KEY);
  }
}
