package dev.candor.model.http;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.testing.FakeAnthropicServer;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many calls at once through one model: every output belongs to its own request (per-call capture is per thread). */
class ConcurrencyAndFakeServerTest {

  @Test void twoHundredConcurrentCallsEachGetTheirOwnAnswerAndRawBody() throws Exception {
    try (var server = FakeOpenAiServer.start().latency(Duration.ofMillis(200))) {
      server.respondWith(req -> {
        String q = req.path("messages").get(0).path("content").asText();
        return FakeOpenAiServer.completion().content("answer to " + q).reasoningContent("thinking about " + q).json();
      });
      Model m = CliWiring.openAi().create("gpt-x", new ModelOptions(server.baseUrl(), null));
      int n = 200;
      List<Future<Output>> futures = new ArrayList<>();
      try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < n; i++) {
          String q = "q" + i;
          futures.add(ex.submit(() -> m.generate(ModelRequest.of(List.of(Message.user(q)), GenerateConfig.DEFAULT))));
        }
      }
      for (int i = 0; i < n; i++) {
        Output o = futures.get(i).get();
        assertThat(o.text()).isEqualTo("answer to q" + i);
        assertThat(o.reasoning()).isEqualTo("thinking about q" + i);
        assertThat(o.rawJson()).contains("\"answer to q" + i + "\"");
      }
      assertThat(server.requestCount()).isEqualTo(n);
      assertThat(server.maxConcurrent()).as("requests overlapped on the server").isGreaterThan(20);
    }
  }

  @Test void concurrentFailuresKeepTheirOwnStatus() throws Exception {
    try (var server = FakeAnthropicServer.start().latency(Duration.ofMillis(100))) {
      server.respondWith(req -> {
        String q = req.path("messages").get(0).path("content").get(0).path("text").asText();
        if (q.endsWith("7")) throw new IllegalStateException("boom");  // fake server answers 500
        return FakeAnthropicServer.message().text(q).json();
      });
      Model m = CliWiring.anthropic().create("c", new ModelOptions(server.baseUrl(), null));
      List<Future<Object>> fs = new ArrayList<>();
      try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 60; i++) {
          String q = "q" + i;
          fs.add(ex.submit(() -> {
            try { return m.generate(ModelRequest.of(List.of(Message.user(q)), GenerateConfig.DEFAULT)).text(); }
            catch (ModelException e) { return e.httpStatus(); }
          }));
        }
      }
      for (int i = 0; i < 60; i++) {
        if (("q" + i).endsWith("7")) assertThat(fs.get(i).get()).isEqualTo(500);
        else assertThat(fs.get(i).get()).isEqualTo("q" + i);
      }
    }
  }

  @Test void fakeServerScriptingApi() throws Exception {
    try (var server = FakeOpenAiServer.start()) {
      HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var post = HttpRequest.newBuilder(URI.create(server.endpoint())).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}")).build();
      server.enqueue(Fault.rateLimited(5), Fault.unavailable());
      assertThat(server.pendingFaults()).isEqualTo(2);
      var r1 = c.send(post, HttpResponse.BodyHandlers.ofString());
      assertThat(r1.statusCode()).isEqualTo(429);
      assertThat(r1.headers().firstValue("retry-after")).hasValue("5");
      assertThat(c.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
      var ok = c.send(post, HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("\"model\":\"m1\"").contains("\"object\":\"chat.completion\"").contains("\"usage\"");
      assertThat(server.requestCount()).isEqualTo(3);
      assertThat(server.requestBodies()).hasSize(3).allSatisfy(b -> assertThat(b).contains("a b c"));
      assertThat(server.lastRequest().json().path("model").asText()).isEqualTo("m1");

      var notFound = c.send(HttpRequest.newBuilder(URI.create(server.origin() + "/v1/other")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(notFound.statusCode()).isEqualTo(404);
      assertThat(server.requestCount()).as("other paths are not counted").isEqualTo(3);

      server.latency(Duration.ofMillis(300));
      long t0 = System.nanoTime();
      c.send(post, HttpResponse.BodyHandlers.ofString());
      assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);

      server.reset();
      assertThat(server.requestCount()).isZero();
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test void anthropicFakeDefaultShape() throws Exception {
    try (var server = FakeAnthropicServer.start()) {
      HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var r = c.send(HttpRequest.newBuilder(URI.create(server.endpoint()))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-z\",\"max_tokens\":10,\"messages\":[]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"type\":\"message\"").contains("\"model\":\"claude-z\"").contains("\"stop_reason\":\"end_turn\"")
          .contains("\"input_tokens\"");
    }
  }
}
