package dev.candor.model.openai;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.testing.Fault;
import dev.candor.testing.FakeOpenAiServer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiErrorsTest {
  FakeOpenAiServer server;
  Model model;

  @BeforeEach void start() {
    server = FakeOpenAiServer.start();
    model = CliWiring.openAi().create("gpt-x", new ModelOptions(server.baseUrl(), null));
  }

  @AfterEach void stop() { server.close(); }

  ModelException fail(GenerateConfig cfg) {
    return catchThrowableOfType(ModelException.class,
        () -> model.generate(ModelRequest.of(List.of(Message.user("hi")), cfg)));
  }

  ModelException fail() { return fail(GenerateConfig.DEFAULT); }

  @Test void rateLimitWithRetryAfterSeconds() {
    server.enqueue(Fault.rateLimited(7));
    ModelException e = fail();
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(e.rawBody()).contains("rate_limit_exceeded");
    assertThat(e.getMessage()).isEqualTo("openai/gpt-x: HTTP 429 from " + server.endpoint() + ": rate limited");
    assertThat(server.requestCount()).as("no library retries").isEqualTo(1);
  }

  @Test void retryAfterHttpDate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
    server.enqueue(Fault.rateLimited(date, null));
    ModelException e = fail();
    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
  }

  @Test void retryAfterMsWinsOverRetryAfter() {
    server.enqueue(Fault.rateLimited("3", "1500"));
    assertThat(fail().retryAfter()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test void noRetryAfterHeaderGivesNull() {
    server.enqueue(Fault.status(429, "slow down"));
    ModelException e = fail();
    assertThat(e.retryAfter()).isNull();
    assertThat(e.retryable()).isTrue();
  }

  @ParameterizedTest @ValueSource(ints = {408, 409, 429, 500, 502, 503, 504, 529})
  void retryableStatuses(int status) {
    server.enqueue(Fault.status(status, "boom " + status));
    ModelException e = fail();
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.getMessage()).contains("HTTP " + status).contains("boom " + status);
  }

  @ParameterizedTest @ValueSource(ints = {400, 401, 403, 404, 422})
  void nonRetryableStatuses(int status) {
    server.enqueue(Fault.status(status, "nope " + status));
    ModelException e = fail();
    assertThat(e.retryable()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.getMessage()).isEqualTo("openai/gpt-x: HTTP " + status + " from " + server.endpoint() + ": nope " + status);
  }

  @Test void nonJsonErrorBodyIsQuotedOnOneLine() {
    server.enqueue(Fault.status(502, Map.of("Content-Type", "text/html"), "<html>\n<body>Bad Gateway</body>\n</html>"));
    ModelException e = fail();
    assertThat(e.getMessage()).doesNotContain("\n").contains("Bad Gateway");
    assertThat(e.rawBody()).contains("\n");
  }

  @Test void serverErrorThenSuccessNeedsTheEnginesRetry() throws Exception {
    server.enqueue(Fault.serverError());
    assertThat(fail().httpStatus()).isEqualTo(500);
    Output ok = model.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT));
    assertThat(ok.text()).isEqualTo("Hello from the fake server.");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test void timeoutFromConfigIsRetryableWithoutStatus() {
    server.enqueue(Fault.delay(Duration.ofSeconds(3)));
    ModelException e = fail(new GenerateConfig(null, null, null, null, null, null, 0.3));
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(-1);
    assertThat(e.getMessage()).startsWith("openai/gpt-x: timed out after 0.300s waiting for " + server.endpoint());
  }

  @Test void timeoutFromOptions() {
    var m = CliWiring.openAi().create("gpt-x", new ModelOptions(server.baseUrl(), Duration.ofMillis(300)));
    server.enqueue(Fault.delay(Duration.ofSeconds(3)));
    ModelException e = catchThrowableOfType(ModelException.class,
        () -> m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT)));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("timed out");
  }

  @Test void malformedJsonBodyIsRetryableAndKept() {
    server.enqueue(Fault.malformedJson());
    ModelException e = fail();
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.rawBody()).startsWith("{\"id\": \"chatcmpl-broken\"");
    assertThat(e.getMessage()).startsWith("openai/gpt-x: malformed response body from " + server.endpoint()).doesNotContain("\n");
  }

  @Test void truncatedBodyIsRetryable() {
    server.enqueue(Fault.truncatedBody());
    ModelException e = fail();
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).doesNotContain("\n").contains(server.endpoint());
  }

  @Test void droppedConnectionIsRetryable() {
    server.enqueue(Fault.closeConnection());
    ModelException e = fail();
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(-1);
    assertThat(e.getMessage()).startsWith("openai/gpt-x: connection failed calling " + server.endpoint());
  }

  @Test void refusedConnectionIsRetryable() {
    String url = server.baseUrl();
    server.close();
    var m = CliWiring.openAi().create("gpt-x", new ModelOptions(url, null));
    ModelException e = catchThrowableOfType(ModelException.class,
        () -> m.generate(ModelRequest.of(List.of(Message.user("hi")), GenerateConfig.DEFAULT)));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).startsWith("openai/gpt-x: could not connect to");
  }

  @Test void errorObjectInsideA200BodyIsMapped() {
    server.respondWith("{\"error\":{\"message\":\"Provider returned error\",\"code\":429}}");
    ModelException e = fail();
    assertThat(e.retryable()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.getMessage()).contains("Provider returned error");
  }

  @Test void emptyChoicesIsMalformed() {
    server.respondWith("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}");
    ModelException e = fail();
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("malformed response body");
  }

  @Test void badToolSchemaIsNotRetryableAndNothingIsSent() {
    var tool = new dev.candor.model.ToolSpec("t", "d", "[1,2]");
    assertThatThrownBy(() -> model.generate(new ModelRequest(List.of(Message.user("x")), List.of(tool), null, null)))
        .isInstanceOf(ModelException.class).hasMessageContaining("tool 't'")
        .matches(e -> !((ModelException) e).retryable());
    assertThat(server.requestCount()).isZero();
  }
}
