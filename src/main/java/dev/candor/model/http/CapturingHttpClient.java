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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A LangChain4j {@link HttpClient} over Apache HttpClient 5 (classic, blocking: right for calls made on virtual
 * threads) that records every call into the thread's open {@link Exchange}: status, response headers, raw body, I/O
 * failure, latency. LangChain4j's own JDK client throws away headers on errors (so Retry-After would be lost) and
 * offers no per-call timeout; this one keeps both. Non-2xx responses are still thrown as {@link HttpException} so
 * LangChain4j behaves as usual. Redirects are not followed and nothing is retried here (a 3xx is reported as the
 * error it is; the engine retries and records attempts). The per-call timeout bounds the wait for the response
 * (socket inactivity: a non-streaming model API sends nothing until it is done). Streaming (SSE) is not supported:
 * Candor's providers make blocking calls. An exchange opened with {@link Exchange#dryRun()} or
 * {@link Exchange#replay(String)} makes no network call: the first records the request body, the second answers
 * with a given body (both for provider batch APIs).
 */
public final class CapturingHttpClient implements HttpClient {
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect", "upgrade", "content-type", "transfer-encoding");

  private final CloseableHttpClient client;
  private final Duration readTimeout;

  CapturingHttpClient(CloseableHttpClient client, Duration readTimeout) {
    this.client = client;
    this.readTimeout = readTimeout;
  }

  /** A builder for LangChain4j model builders' {@code httpClientBuilder(...)}. */
  public static Builder builder() { return new Builder(); }

  private record Received(int status, Map<String, List<String>> headers, String body) {}

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
    HttpUriRequestBase req = switch (request.method()) {
      case POST -> new HttpPost(request.url());
      case DELETE -> new HttpDelete(request.url());
      default -> new HttpGet(request.url());
    };
    String contentType = null;
    for (var h : request.headers().entrySet()) {
      String name = h.getKey();
      if (name == null) continue;
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("content-type") && !h.getValue().isEmpty()) contentType = h.getValue().get(0);
      if (RESTRICTED.contains(lower)) continue;
      for (String v : h.getValue()) req.addHeader(name, v);
    }
    if (request.method() == HttpMethod.POST) {
      String body = request.body() == null ? "" : request.body();
      ContentType ct = contentType == null ? ContentType.APPLICATION_JSON : ContentType.parse(contentType);
      if (ct.getCharset() == null) ct = ct.withCharset(StandardCharsets.UTF_8);
      req.setEntity(new StringEntity(body, ct));
    }
    Duration timeout = ex != null && ex.timeout() != null ? ex.timeout() : readTimeout;
    if (timeout != null && !timeout.isZero() && !timeout.isNegative())
      req.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
    if (ex != null) ex.started(request.url());
    long t0 = System.nanoTime();
    Received r;
    try {
      r = client.execute(req, resp -> {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : resp.getHeaders()) headers.computeIfAbsent(h.getName(), k -> new ArrayList<>(1)).add(h.getValue());
        byte[] bytes = resp.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(resp.getEntity());
        return new Received(resp.getCode(), headers, new String(bytes, StandardCharsets.UTF_8));
      });
    } catch (IOException e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (Thread.currentThread().isInterrupted()) { // a virtual thread's blocking socket call ends this way when interrupted
        InterruptedException ie = new InterruptedException("interrupted");
        if (ex != null) ex.failed(ie, ms);
        throw new RuntimeException(ie);
      }
      if (ex != null) ex.failed(e, ms);
      throw new UncheckedIOException(e);
    }
    long latency = (System.nanoTime() - t0) / 1_000_000;
    if (ex != null) ex.responded(r.status(), r.headers(), r.body(), latency);
    if (r.status() < 200 || r.status() >= 300) throw new HttpException(r.status(), r.body());
    return SuccessfulHttpResponse.builder().statusCode(r.status()).headers(r.headers()).body(r.body()).build();
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

  /** Builds {@link CapturingHttpClient}s: one connection pool each, as many connections as callers ask for. */
  public static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout;
    private boolean localPlainHttp;

    /**
     * Sets what suits this base URL: for a plain-http server on this machine (loopback host) no CA store at all,
     * since such a client never needs TLS.
     */
    public Builder forBaseUrl(String baseUrl) {
      String host = baseUrl.startsWith("http://") ? java.net.URI.create(baseUrl).getHost() : null;
      localPlainHttp = host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1"));
      return this;
    }

    @Override public Duration connectTimeout() { return connectTimeout; }
    @Override public Builder connectTimeout(Duration d) { if (d != null) connectTimeout = d; return this; }
    @Override public Duration readTimeout() { return readTimeout; }
    @Override public Builder readTimeout(Duration d) { readTimeout = d; return this; }

    @Override public CapturingHttpClient build() {
      var pool = PoolingHttpClientConnectionManagerBuilder.create()
          .setMaxConnTotal(MAX_CONNECTIONS).setMaxConnPerRoute(MAX_CONNECTIONS)
          .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout)).build());
      if (localPlainHttp) pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(noTrustAnchors())); // skips loading the CA store
      CloseableHttpClient c = HttpClients.custom().setConnectionManager(pool.build())
          .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
          .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.DISABLED).build())
          .build();
      return new CapturingHttpClient(c, readTimeout);
    }
  }

  /** Connections per pool: more than any run's concurrency, which the engine bounds ({@code --max-connections}). */
  static final int MAX_CONNECTIONS = 4096;
}
