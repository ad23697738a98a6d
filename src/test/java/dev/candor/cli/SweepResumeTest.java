package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.candor.Json;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep over adapters a fake OpenAI-compatible server serves by step ({@code openai/myrun-step-{step}}), stopped
 * part-way (the server refuses the second adapter's calls), then continued by {@code candor resume GROUP} and by the
 * same sweep command: finished runs are skipped, the stopped run is resumed in place, nothing is asked or stored twice.
 */
@dev.candor.testing.Slow
class SweepResumeTest {
  @TempDir java.nio.file.Path dir;
  HttpServer server;
  volatile boolean refuse200 = true;
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/models", ex -> send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"myrun-step-300\"},{\"id\":\"base\"},"
        + "{\"id\":\"myrun-step-100\"},{\"id\":\"myrun-step-200\"}]}"));
    server.createContext("/v1/chat/completions", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String model = Json.MAPPER.readTree(body).path("model").asText();
      if (model.equals("myrun-step-200") && refuse200) {
        send(ex, 401, "{\"error\":{\"message\":\"bad key\"}}");
        return;
      }
      calls.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
      String answer = model.equals("myrun-step-100") ? "41" : "42"; // odd (the hint) early, even later
      send(ex, 200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"" + answer + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}");
    });
    server.start();
  }

  @AfterEach
  void stop() { server.stop(0); }

  private static void send(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  @Test
  void anInterruptedSweepContinuesWithoutDuplicatingWork() throws Exception {
    String db = dir.resolve("r.db").toString();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    String[] sweep = {"sweep", "--suite", "reward-hints", "--checkpoints", "openai/myrun-step-{step}", "--phase", "rl@0", "--phase", "safety@200",
        "--limit", "3", "--epochs", "2", "--max-attempts", "1", "--no-cache", "-q", "--base-url", base, "--group", "lora", "--db", db};
    Outcome first = candor(sweep);
    assertThat(first.code()).as(first.err()).isEqualTo(1);
    assertThat(first.out().strip()).isEqualTo("lora");
    assertThat(first.err()).contains("sweep lora stopped at checkpoint 2 of 3", "candor resume lora");
    assertThat(calls.get("myrun-step-100").get()).isEqualTo(6);

    refuse200 = false;
    Outcome resumed = candor("resume", "lora", "-q", "--db", db);
    assertThat(resumed.code()).as("the third run was never started: " + resumed.err()).isEqualTo(1);
    assertThat(resumed.err()).contains("has 2 of its 3 runs");
    assertThat(calls.get("myrun-step-200").get()).isEqualTo(6);

    Outcome again = candor(sweep);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("step 100 (openai/myrun-step-100): run", "is complete; skipped", "step 300 (openai/myrun-step-300): run");
    assertThat(calls.get("myrun-step-100").get()).as("finished work is not asked again").isEqualTo(6);
    assertThat(calls.get("myrun-step-200").get()).isEqualTo(6);
    assertThat(calls.get("myrun-step-300").get()).isEqualTo(6);

    List<String> rows = candor("runs", "--db", db).out().lines().filter(l -> l.contains("lora@")).toList();
    assertThat(rows).hasSize(3).allSatisfy(r -> assertThat(r).contains("complete", "6/6"));

    var j = Json.MAPPER.readTree(candor("curve", "lora", "--format", "json", "--db", db).out());
    assertThat(j.path("headline").path("points")).extracting(p -> p.path("k").asInt() + "/" + p.path("n").asInt()).containsExactly("6/6", "0/6", "0/6");
    assertThat(j.path("headline").path("points")).extracting(p -> p.path("phase").asText()).containsExactly("rl", "safety", "safety");
    assertThat(j.path("checkpoints")).extracting(c -> c.path("model").asText())
        .containsExactly("openai/myrun-step-100", "openai/myrun-step-200", "openai/myrun-step-300");
  }
}
