package dev.candor.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Response bodies arrive whole whether the server declares their length or streams them chunked, small or larger than
 * the JDK's read chunk, and one cut short of its declared length is an error, not a short body.
 */
class ResponseBodyReadTest {
  private static final CapturingHttpClient HTTP = new CapturingHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5));

  @Test
  void declaredAndChunkedBodiesOfAnySizeArriveWhole() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      int size = Integer.parseInt(ex.getRequestURI().getQuery().replaceAll("\\D", ""));
      byte[] body = body(size);
      ex.sendResponseHeaders(200, ex.getRequestURI().getQuery().startsWith("chunked") ? 0 : body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions?";
      for (int size : new int[] {0, 1, 1500, 16_384, 16_385, 200_000}) {
        assertThat(call(base + "declared=" + size)).isEqualTo(new String(body(size), StandardCharsets.UTF_8));
        assertThat(call(base + "chunked=" + size)).isEqualTo(new String(body(size), StandardCharsets.UTF_8));
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aBodyCutShortOfItsDeclaredLengthFails() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (Socket s = ss.accept()) {
          s.getInputStream().read(new byte[8192]);
          s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
              + "{\"choices\":[").getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        } catch (Exception ignored) {
          // the client's failure is what the test checks
        }
      });
      assertThatThrownBy(() -> call("http://127.0.0.1:" + ss.getLocalPort() + "/v1/chat/completions"))
          .isInstanceOf(UncheckedIOException.class);
    }
  }

  private static byte[] body(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) b[i] = (byte) ('a' + i % 26);
    return b;
  }

  private static String call(String url) {
    return HTTP.execute(HttpRequest.builder().method(HttpMethod.POST).url(url)
        .addHeader("Content-Type", "application/json").body("{\"model\":\"m\",\"messages\":[]}").build()).body();
  }
}
