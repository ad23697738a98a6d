package dev.candor.model.http;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A LangChain4j {@link HttpClient} over the JDK's {@link java.net.http.HttpClient} that records every call into the
 * thread's open {@link Exchange}: status, response headers, raw body, I/O failure, latency. LangChain4j's own JDK
 * client throws away headers on errors (so Retry-After would be lost) and offers no per-call timeout; this one keeps
 * both. Non-2xx responses are still thrown as {@link HttpException} so LangChain4j behaves as usual. Streaming (SSE)
 * is not supported: Candor's providers make blocking calls. An exchange opened with {@link Exchange#dryRun()} or
 * {@link Exchange#replay(String)} makes no network call: the first records the request body, the second answers
 * with a given body (both for provider batch APIs).
 */
public final class CapturingHttpClient implements HttpClient {
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect", "upgrade");

  private final java.net.http.HttpClient jdk;
  private final Duration readTimeout;

  CapturingHttpClient(java.net.http.HttpClient jdk, Duration readTimeout) {
    this.jdk = jdk;
    this.readTimeout = readTimeout;
  }

  /** A builder for LangChain4j model builders' {@code httpClientBuilder(...)}. */
  public static Builder builder() { return new Builder(); }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
    Exchange ex = Exchange.current();
    if (ex != null && ex.isDryRun()) {
      ex.started(request.url());
      ex.recordRequest(request.body());
      throw new Exchange.NotSent();
    }
    if (ex != null && ex.replayBody() != null) {
      ex.started(request.url());
      Map<String, List<String>> headers = Map.of("content-type", List.of("application/json"));
      ex.responded(200, headers, ex.replayBody(), 0);
      return SuccessfulHttpResponse.builder().statusCode(200).headers(headers).body(ex.replayBody()).build();
    }
    var b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
    request.headers().forEach((name, values) -> {
      if (name == null || RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) return;
      for (String v : values) b.header(name, v);
    });
    String body = request.body();
    if (request.method() == HttpMethod.POST) b.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body == null ? "" : body, StandardCharsets.UTF_8));
    else if (request.method() == HttpMethod.DELETE) b.DELETE();
    else b.GET();
    Duration timeout = ex != null && ex.timeout() != null ? ex.timeout() : readTimeout;
    if (timeout != null && !timeout.isZero() && !timeout.isNegative()) b.timeout(timeout);
    if (ex != null) ex.started(request.url());
    long t0 = System.nanoTime();
    HttpResponse<byte[]> resp;
    try {
      resp = jdk.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      if (ex != null) ex.failed(e, (System.nanoTime() - t0) / 1_000_000);
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (ex != null) ex.failed(e, (System.nanoTime() - t0) / 1_000_000);
      throw new RuntimeException(e);
    }
    long latency = (System.nanoTime() - t0) / 1_000_000;
    String text = new String(resp.body(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = resp.headers().map();
    if (ex != null) ex.responded(resp.statusCode(), headers, text, latency);
    if (resp.statusCode() < 200 || resp.statusCode() >= 300) throw new HttpException(resp.statusCode(), text);
    return SuccessfulHttpResponse.builder().statusCode(resp.statusCode()).headers(headers).body(text).build();
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("streaming is not supported by Candor's capturing HTTP client");
  }

  /**
   * A TLS context that trusts no one: for clients of plain-http servers, which never need TLS; building the JDK's
   * default context instead parses the whole CA store. A redirect to https fails certificate checks (safe).
   */
  private static javax.net.ssl.SSLContext noTrustAnchors() {
    try {
      var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[0], null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("TLS unavailable", e);
    }
  }

  /** Builds {@link CapturingHttpClient}s; HTTP/1.1 is forced for plain-http base URLs (local servers). */
  public static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout;
    private boolean http1;

    private boolean localPlainHttp;

    /** Use HTTP/1.1 only (no h2c upgrade attempts); right for local {@code http://} servers. */
    public Builder http1(boolean on) { this.http1 = on; return this; }

    /**
     * Sets what suits this base URL: HTTP/1.1 for {@code http://}, and for a plain-http server on this machine
     * (loopback host) no CA store at all, since such a client never needs TLS.
     */
    public Builder forBaseUrl(String baseUrl) {
      http1 = baseUrl.startsWith("http://");
      String host = http1 ? java.net.URI.create(baseUrl).getHost() : null;
      localPlainHttp = host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1"));
      return this;
    }

    @Override public Duration connectTimeout() { return connectTimeout; }
    @Override public Builder connectTimeout(Duration d) { if (d != null) connectTimeout = d; return this; }
    @Override public Duration readTimeout() { return readTimeout; }
    @Override public Builder readTimeout(Duration d) { readTimeout = d; return this; }

    @Override public CapturingHttpClient build() {
      var jb = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout)
          .followRedirects(java.net.http.HttpClient.Redirect.NORMAL);
      if (http1) jb.version(java.net.http.HttpClient.Version.HTTP_1_1);
      if (localPlainHttp) jb.sslContext(noTrustAnchors()); // skips loading the CA store (~0.2 s at start)
      return new CapturingHttpClient(jb.build(), readTimeout);
    }
  }
}
