package dev.candor.model.openai;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.candor.testing.FakeOpenAiServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {
  FakeOpenAiServer server;
  Model model;

  @BeforeEach void start() {
    server = FakeOpenAiServer.start();
    model = CliWiring.openAi().create("gpt-x", new ModelOptions(server.baseUrl(), null));
  }

  @AfterEach void stop() { server.close(); }

  static ModelRequest ask(String text, GenerateConfig cfg) {
    return ModelRequest.of(List.of(Message.user(text)), cfg);
  }

  @Test void answersWithTextUsageFinishReasonLatencyAndRawBody() throws Exception {
    server.respondWith(req -> FakeOpenAiServer.completion().content("4").usage(21, 3, -1).json());
    Output out = model.generate(ask("Choose a random even number.", GenerateConfig.DEFAULT));
    assertThat(out.text()).isEqualTo("4");
    assertThat(out.reasoning()).isNull();
    assertThat(out.finishReason()).isEqualTo("stop");
    assertThat(out.truncated()).isFalse();
    assertThat(out.usage().inputTokens()).isEqualTo(21);
    assertThat(out.usage().outputTokens()).isEqualTo(3);
    assertThat(out.usage().totalTokens()).isEqualTo(24);
    assertThat(out.usage().reasoningTokens()).isEqualTo(-1);
    assertThat(out.latencyMillis()).isGreaterThanOrEqualTo(0);
    assertThat(out.rawJson()).contains("\"object\":\"chat.completion\"").contains("\"content\":\"4\"");
    assertThat(model.spec()).isEqualTo("openai/gpt-x");
    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions");
  }

  @Test void sendsGenerationOptionsInTheRequestBody() throws Exception {
    var cfg = new GenerateConfig(0.7, 256, "high", null, 1234L, "Be terse.", null);
    model.generate(ask("hi", cfg));
    JsonNode body = server.lastRequest().json();
    assertThat(body.path("model").asText()).isEqualTo("gpt-x");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.has("max_completion_tokens")).isFalse();
    assertThat(body.path("reasoning_effort").asText()).isEqualTo("high");
    assertThat(body.path("seed").asLong()).isEqualTo(1234L);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Be terse.");
    assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("hi");
    assertThat(body.path("messages")).hasSize(2);
    assertThat(body.has("stream") && body.path("stream").asBoolean()).isFalse();
  }

  @Test void omitsUnsetOptions() throws Exception {
    model.generate(ask("hi", GenerateConfig.DEFAULT));
    JsonNode body = server.lastRequest().json();
    assertThat(body.has("temperature")).isFalse();
    assertThat(body.has("max_tokens")).isFalse();
    assertThat(body.has("seed")).isFalse();
    assertThat(body.has("reasoning_effort")).isFalse();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.path("messages")).hasSize(1);
  }

  @Test void toolChoiceIsSentOnlyWithTools() throws Exception {
    var tool = new ToolSpec("submit", "Submit the answer", "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}");
    var cfg = GenerateConfig.DEFAULT.withToolChoice("required");
    model.generate(new ModelRequest(List.of(Message.user("go")), List.of(tool), cfg, null));
    assertThat(server.lastRequest().json().path("tool_choice").asText()).isEqualTo("required");
    model.generate(new ModelRequest(List.of(Message.user("go")), List.of(), cfg, null));
    assertThat(server.lastRequest().json().has("tool_choice")).as("a request without tools has no tool choice").isFalse();
    model.generate(new ModelRequest(List.of(Message.user("go")), List.of(tool), GenerateConfig.DEFAULT, null));
    assertThat(server.lastRequest().json().has("tool_choice")).as("unset: the server's default").isFalse();
    assertThatThrownBy(() -> GenerateConfig.DEFAULT.withToolChoice("any"))
        .hasMessage("tool choice: expected auto, required or none, got 'any'");
  }

  @Test void seedBeyond32BitsIsSentExactly() throws Exception {
    model.generate(ask("hi", GenerateConfig.DEFAULT.withSeed(9_000_000_000L)));
    assertThat(server.lastRequest().json().path("seed").asLong()).isEqualTo(9_000_000_000L);
  }

  @Test void configSystemPromptDoesNotDuplicateAnExistingSystemMessage() throws Exception {
    var cfg = new GenerateConfig(null, null, null, null, null, "from config", null);
    model.generate(ModelRequest.of(List.of(Message.system("already here"), Message.user("hi")), cfg));
    JsonNode msgs = server.lastRequest().json().path("messages");
    assertThat(msgs).hasSize(2);
    assertThat(msgs.get(0).path("content").asText()).isEqualTo("already here");
  }

  @Test void officialEndpointUsesMaxCompletionTokens() throws Exception {
    // Same code path as api.openai.com, pointed at the fake server through the model class directly.
    var m = new OpenAiModel("o-x", server.baseUrl(), "sk-test", true, java.time.Duration.ofSeconds(10));
    m.generate(ask("hi", new GenerateConfig(null, 99, null, null, null, null, null)));
    JsonNode body = server.lastRequest().json();
    assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(99);
    assertThat(body.has("max_tokens")).isFalse();
  }

  @Test void toolsAreSentAsFunctionToolsAndToolCallsComeBack() throws Exception {
    String schema = """
        {"type":"object","properties":{"path":{"type":"string","description":"file to read"},
         "lines":{"type":"array","items":{"type":"integer"}}},"required":["path"],"additionalProperties":false}""";
    var tool = new ToolSpec("read_file", "Read a file from the workspace", schema);
    server.respondWith(req -> FakeOpenAiServer.completion()
        .toolCall("call_abc", "read_file", "{\"path\":\"grader.py\"}").json());
    Output out = model.generate(new ModelRequest(List.of(Message.user("look around")), List.of(tool), GenerateConfig.DEFAULT, null));
    assertThat(out.toolCalls()).containsExactly(new ToolCall("call_abc", "read_file", "{\"path\":\"grader.py\"}"));
    assertThat(out.finishReason()).isEqualTo("tool_calls");
    assertThat(out.text()).isEmpty();

    JsonNode tools = server.lastRequest().json().path("tools");
    assertThat(tools).hasSize(1);
    assertThat(tools.get(0).path("type").asText()).isEqualTo("function");
    JsonNode fn = tools.get(0).path("function");
    assertThat(fn.path("name").asText()).isEqualTo("read_file");
    assertThat(fn.path("description").asText()).isEqualTo("Read a file from the workspace");
    assertThat(fn.path("parameters").path("type").asText()).isEqualTo("object");
    assertThat(fn.path("parameters").path("properties").path("path").path("description").asText()).isEqualTo("file to read");
    assertThat(fn.path("parameters").path("properties").path("lines").path("items").path("type").asText()).isEqualTo("integer");
    assertThat(fn.path("parameters").path("required").get(0).asText()).isEqualTo("path");

    // Round trip: the assistant's tool call and the tool result go back in OpenAI's shape.
    server.respondWith(req -> FakeOpenAiServer.completion().content("The grader rewards odd numbers.").json());
    var convo = List.of(Message.user("look around"), Message.assistant("", null, out.toolCalls()),
        Message.tool("call_abc", "reward = output % 2"));
    Output second = model.generate(new ModelRequest(convo, List.of(tool), GenerateConfig.DEFAULT, null));
    assertThat(second.text()).isEqualTo("The grader rewards odd numbers.");
    JsonNode msgs = server.lastRequest().json().path("messages");
    assertThat(msgs).hasSize(3);
    assertThat(msgs.get(1).path("role").asText()).isEqualTo("assistant");
    JsonNode call = msgs.get(1).path("tool_calls").get(0);
    assertThat(call.path("id").asText()).isEqualTo("call_abc");
    assertThat(call.path("type").asText()).isEqualTo("function");
    assertThat(call.path("function").path("name").asText()).isEqualTo("read_file");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"path\":\"grader.py\"}");
    assertThat(msgs.get(2).path("role").asText()).isEqualTo("tool");
    assertThat(msgs.get(2).path("tool_call_id").asText()).isEqualTo("call_abc");
    assertThat(msgs.get(2).path("content").asText()).isEqualTo("reward = output % 2");
  }

  @Test void reasoningPrefillIsRefused() {
    assertThatThrownBy(() -> model.generate(new ModelRequest(List.of(Message.user("x")), List.of(), null, "Let me think")))
        .isInstanceOf(ModelException.class).hasMessageContaining("prefill")
        .matches(e -> !((ModelException) e).retryable());
    assertThat(server.requestCount()).isZero();
  }
}
