package dev.candor.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.candor.cli.CliWiring;
import dev.candor.model.ModelProvider.Checkpoint;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkpoints named by step on an OpenAI-compatible server (vLLM LoRA adapters), listed from a local fake server's GET /models. */
class OpenAiCheckpointsTest {
  HttpServer server;
  volatile String models = "[]";
  volatile int status = 200;
  final List<String> auth = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/models", ex -> {
      auth.add(ex.getRequestHeaders().getFirst("Authorization"));
      byte[] body = ("{\"object\":\"list\",\"data\":" + models + "}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() { server.stop(0); }

  String base() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"; }

  static String ids(String... ids) {
    return "[" + String.join(",", java.util.Arrays.stream(ids).map(i -> "{\"id\":\"" + i + "\",\"object\":\"model\"}").toList()) + "]";
  }

  List<Checkpoint> list(String pattern, String baseUrl, Map<String, String> env) {
    return CliWiring.registry(env).checkpoints("openai/" + pattern, CliWiring.options(baseUrl, env, Duration.ofSeconds(5)));
  }

  @Test
  void keepsTheMatchingIdsOrderedByTheirStepDigits() {
    models = ids("Qwen/Qwen3-8B", "myrun-step-100", "myrun-step-20", "myrun-step-5", "myrun-step-3x", "otherrun-step-7", "myrun-step-");
    assertThat(list("myrun-step-{step}", base(), Map.of("OPENAI_API_KEY", "k-123"))).containsExactly(
        new Checkpoint("openai/myrun-step-5", 5, ""), new Checkpoint("openai/myrun-step-20", 20, ""),
        new Checkpoint("openai/myrun-step-100", 100, ""));
    assertThat(auth).containsOnly("Bearer k-123");
    // * stands for any text; the step is all the digits {step} stands for, even after a *
    assertThat(list("*-step-{step}", base(), Map.of())).extracting(Checkpoint::model).containsExactly("openai/myrun-step-5",
        "openai/otherrun-step-7", "openai/myrun-step-20", "openai/myrun-step-100");
  }

  @Test
  void aStarBeforeTheStepLeavesTheStepWhole() {
    models = ids("ckpt-1200", "ckpt-300");
    assertThat(list("ckpt*{step}", base(), Map.of())).extracting(Checkpoint::step).containsExactly(300L, 1200L);
  }

  @Test
  void refusesWithOneLineNamingWhatIsWrong() {
    models = ids("a-step-7", "b-step-7", "c");
    assertThatThrownBy(() -> list("*-step-{step}", base(), Map.of())).hasMessageContaining("matches two models at step 7")
        .hasMessageContaining("'a-step-7' and 'b-step-7'");
    assertThatThrownBy(() -> list("zzz-{step}", base(), Map.of())).hasMessageContaining("matches none of the 3 models listed at " + base() + "/models");
    assertThatThrownBy(() -> list("myrun-*", base(), Map.of())).hasMessageContaining("expected {step} exactly once");
    assertThatThrownBy(() -> list("{step}-{step}", base(), Map.of())).hasMessageContaining("expected {step} exactly once");
    status = 500;
    assertThatThrownBy(() -> list("a-step-{step}", base(), Map.of())).hasMessageContaining("answered HTTP 500");
    status = 200;
    models = "{\"not\":\"a list\"}";
    assertThatThrownBy(() -> list("a-step-{step}", base(), Map.of())).hasMessageContaining("not an OpenAI model list");
  }

  @Test
  void credentialsInTheBaseUrlNeverReachTheMessage() throws Exception {
    models = ids("x");
    assertThatThrownBy(() -> list("a-{step}", base() + "?api_key=sekrit-42", Map.of())).hasMessageNotContaining("sekrit-42")
        .hasMessageContaining("api_key=***");
    int port;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> list("a-{step}", "http://user:pw-sekrit@127.0.0.1:" + port + "/v1", Map.of()))
        .hasMessageContaining("cannot list the models at http://127.0.0.1:" + port + "/v1/models").hasMessageNotContaining("pw-sekrit");
  }
}
