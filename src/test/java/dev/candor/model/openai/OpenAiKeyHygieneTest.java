package dev.candor.model.openai;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.testing.Fault;
import dev.candor.testing.FakeOpenAiServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API key goes in the Authorization header and nowhere else: not in exceptions, raw JSON, or console output. */
class OpenAiKeyHygieneTest {
  static final String KEY = "sk-candor-test-SECRET-0123456789abcdef";

  @Test void keyIsSentAsBearerButNeverReported() throws Exception {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    List<String> reported = new ArrayList<>();
    try (var server = FakeOpenAiServer.start()) {
      PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
      System.setOut(capture);
      System.setErr(capture);
      // A hostile/buggy server that echoes the Authorization header into every answer and error.
      server.respondWith(req -> FakeOpenAiServer.completion().content("your key is " + server.lastRequest().header("authorization"))
          .reasoningContent("saw " + server.lastRequest().header("authorization")).json());
      Model m = CliWiring.openAi(Map.of("OPENAI_API_KEY", KEY)).create("gpt-x", new ModelOptions(server.baseUrl(), null));
      Output ok = m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT));
      assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer " + KEY);
      reported.add(ok.toString());
      reported.add(ok.rawJson());
      assertThat(ok.rawJson()).contains("[REDACTED]");

      for (int status : new int[] {401, 429, 500}) {
        server.enqueue(Fault.status(status, Map.of("Retry-After", "1"), "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));
        reported.addAll(describe(m));
      }
      server.enqueue(Fault.status(400, Map.of(), "not json at all " + KEY));
      reported.addAll(describe(m));
      server.enqueue(Fault.status(200, Map.of(), "{\"choices\": [\"" + KEY));
      reported.addAll(describe(m));
      server.enqueue(Fault.delay(Duration.ofSeconds(2)));
      Model fast = CliWiring.openAi(Map.of("OPENAI_API_KEY", KEY)).create("gpt-x", new ModelOptions(server.baseUrl(), Duration.ofMillis(200)));
      reported.addAll(describe(fast));
      server.enqueue(Fault.closeConnection());
      reported.addAll(describe(m));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(reported).hasSizeGreaterThan(10);
    assertThat(reported).allSatisfy(s -> assertThat(s).doesNotContain(KEY).doesNotContain("SECRET-0123"));
    assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(KEY);
  }

  @Test void officialEndpointWithoutKeyIsRefused() {
    assertThatThrownBy(() -> CliWiring.openAi().create("gpt-4o-mini", new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).satisfies(e -> assertThat(CliWiring.message(e)).startsWith("OPENAI_API_KEY is not set"));
  }

  @Test void baseUrlFromEnvAndPlaceholderKeyForLocalServers() throws Exception {
    try (var server = FakeOpenAiServer.start()) {
      Model m = CliWiring.openAi(Map.of("OPENAI_BASE_URL", server.baseUrl() + "/")).create("llama", new ModelOptions(null, null));
      m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT));
      assertThat(server.requestCount()).isEqualTo(1);
      assertThat(server.lastRequest().header("authorization")).isEqualTo("Bearer " + OpenAiProvider.PLACEHOLDER_KEY);
    }
  }

  @Test void optionsBaseUrlWinsOverEnv() throws Exception {
    try (var a = FakeOpenAiServer.start(); var b = FakeOpenAiServer.start()) {
      Model m = CliWiring.openAi(Map.of("OPENAI_BASE_URL", b.baseUrl())).create("llama", new ModelOptions(a.baseUrl(), null));
      m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT));
      assertThat(a.requestCount()).isEqualTo(1);
      assertThat(b.requestCount()).isZero();
    }
  }

  @Test void badBaseUrlAndEmptyModelNameAreOneLineErrors() {
    assertThatThrownBy(() -> CliWiring.openAi().create("m", new ModelOptions("ftp://x", null)))
        .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.BASE_URL).hasMessageStartingWith("base URL: expected an http(s) URL");
    assertThatThrownBy(() -> CliWiring.openAi().create(" ", new ModelOptions("http://127.0.0.1:1/v1", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openai/MODEL");
  }

  static List<String> describe(Model m) {
    try {
      m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT));
      throw new AssertionError("expected a failure");
    } catch (ModelException e) {
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      return List.of(String.valueOf(e.getMessage()), String.valueOf(e.rawBody()), sw.toString());
    }
  }
}
