package dev.candor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A minimal OpenAI-compatible server on 127.0.0.1 that records every request's method and full URI (query string
 * included, which {@link FakeServer} does not keep): {@code POST …/chat/completions} answers "Answer: 3" naming the
 * model and system fingerprint given by {@link #fingerprints} for the n-th call; {@code GET …/models} answers
 * {@link #models} (null: 404). A chat request whose model is {@code broken} gets a 500 echoing its URI.
 */
public final class TinyOpenAiServer implements AutoCloseable {
  private final HttpServer server;
  public final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger chats = new AtomicInteger();
  public volatile String models = "{\"object\":\"list\",\"data\":[{\"id\":\"other\",\"object\":\"model\",\"owned_by\":\"vllm\"},"
      + "{\"id\":\"m\",\"object\":\"model\",\"created\":1764900000,\"owned_by\":\"vllm\",\"root\":\"/models/m\",\"max_model_len\":32768}]}";
  public volatile IntFunction<String> fingerprints = n -> "fp_1";

  public TinyOpenAiServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  /** {@code http://127.0.0.1:PORT} */
  public String origin() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

  public int chatCount() { return chats.get(); }

  public long modelListCount() { return requests.stream().filter(r -> r.startsWith("GET ") && r.contains("/models")).count(); }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    URI uri = ex.getRequestURI();
    requests.add(ex.getRequestMethod() + " " + uri);
    int status = 200;
    String out;
    if (uri.getPath().endsWith("/models") && ex.getRequestMethod().equals("GET")) {
      out = models;
      if (out == null) { status = 404; out = "{\"error\":{\"message\":\"not found\"}}"; }
    } else if (uri.getPath().endsWith("/chat/completions")) {
      if (body.contains("\"model\":\"broken\"")) {
        status = 500;
        out = "{\"error\":{\"message\":\"upstream failed for " + uri + "\"}}";
      } else {
        int n = chats.incrementAndGet();
        out = "{\"id\":\"c" + n + "\",\"object\":\"chat.completion\",\"model\":\"m-served\",\"system_fingerprint\":\"" + fingerprints.apply(n)
            + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Answer: 3\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}";
      }
    } else {
      status = 404;
      out = "{\"error\":{\"message\":\"no route\"}}";
    }
    byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override public void close() { server.stop(0); }
}
