package dev.candor.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The per-call timeout is a deadline for the whole call, not a socket-inactivity timeout: a server dripping a byte
 * now and then (in the headers or in the body) cannot hold a call past it. Response bodies beyond the client's limit
 * fail the call instead of filling the heap, declared or chunked. (Issue 16, items 4 and 5.)
 */
class DeadlineAndSizeLimitTest {

  /** A server that answers every connection with {@code head}, then one byte of {@code drip} every 200 ms. */
  private static ServerSocket dripping(String head, String drip) throws Exception {
    ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!ss.isClosed()) {
        try {
          Socket s = ss.accept();
          Thread.ofVirtual().start(() -> {
            try (s) {
              s.getInputStream().read(new byte[65536]);
              OutputStream out = s.getOutputStream();
              out.write(head.getBytes(StandardCharsets.US_ASCII));
              out.flush();
              for (int i = 0; i < drip.length(); i++) {
                Thread.sleep(200);
                out.write(drip.charAt(i));
                out.flush();
              }
            } catch (Exception ignored) {
              // the client gave up: what the test wants
            }
          });
        } catch (Exception closed) {
          return;
        }
      }
    });
    return ss;
  }

  private static String call(CapturingHttpClient http, int port) {
    return http.execute(HttpRequest.builder().method(HttpMethod.POST).url("http://127.0.0.1:" + port + "/v1/chat/completions")
        .addHeader("Content-Type", "application/json").body("{}").build()).body();
  }

  @Test
  void aServerDrippingTheBodyCannotHoldACallPastItsDeadline() throws Exception {
    String body = "x".repeat(100); // 20 s of dripping
    try (ServerSocket ss = dripping("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n", body)) {
      CapturingHttpClient http = new CapturingHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(1));
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> call(http, ss.getLocalPort()))
          .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SocketTimeoutException.class);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(8_000);
    }
  }

  @Test
  void aServerDrippingTheHeadersCannotHoldACallPastItsDeadline() throws Exception {
    String headers = "HTTP/1.1 200 OK\r\nX-Slow: " + "y".repeat(100) + "\r\n\r\n";
    try (ServerSocket ss = dripping("", headers)) {
      CapturingHttpClient http = new CapturingHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(1));
      long t0 = System.nanoTime();
      try (Exchange ex = Exchange.open(Duration.ofMillis(1500))) { // the exchange's timeout wins over the client's
        assertThatThrownBy(() -> call(http, ss.getLocalPort()))
            .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SocketTimeoutException.class);
        assertThat(ex.ioFailure()).isInstanceOf(SocketTimeoutException.class);
        assertThat(ex.status()).isEqualTo(-1);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).isBetween(1_400L, 8_000L);
    }
  }

  @Test
  void aDeclaredBodyOverTheLimitFailsBeforeItIsRead() throws Exception {
    // Declares 3 GB and sends none of it: the call fails at once instead of allocating or waiting.
    try (ServerSocket ss = dripping("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3000000000\r\n\r\n", "")) {
      CapturingHttpClient http = new CapturingHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(30), 1000);
      try (Exchange ex = Exchange.open(null)) {
        assertThatThrownBy(() -> call(http, ss.getLocalPort()))
            .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(CapturingHttpClient.ResponseTooLargeException.class)
            .hasMessageContaining("3000000000").hasMessageContaining("limit of 1000 bytes");
        assertThat(ex.ioFailure()).isInstanceOf(CapturingHttpClient.ResponseTooLargeException.class);
      }
    }
  }

  @Test
  void aChunkedBodyOverTheLimitFailsAndOneAtTheLimitArrives() throws Exception {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      int size = Integer.parseInt(ex.getRequestURI().getQuery());
      ex.sendResponseHeaders(200, 0); // chunked: no declared length
      try (OutputStream os = ex.getResponseBody()) {
        os.write("z".repeat(size).getBytes(StandardCharsets.US_ASCII));
      } catch (java.io.IOException ignored) {
        // the client hung up after its limit
      }
    });
    server.start();
    try {
      CapturingHttpClient http = new CapturingHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(30), 100_000);
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions?";
      assertThat(http.execute(HttpRequest.builder().method(HttpMethod.POST).url(base + "100000").body("{}").build()).body()).hasSize(100_000);
      assertThatThrownBy(() -> http.execute(HttpRequest.builder().method(HttpMethod.POST).url(base + "100001").body("{}").build()))
          .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(CapturingHttpClient.ResponseTooLargeException.class);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theLimitIsAtLeastOneByte() {
    assertThatThrownBy(() -> CapturingHttpClient.builder().maxResponseBytes(0).build())
        .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.MAX_RESPONSE_BYTES);
  }
}
