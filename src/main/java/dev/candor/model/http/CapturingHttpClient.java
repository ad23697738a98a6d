package dev.candor.model.http;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.ModelOptions;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A LangChain4j {@link HttpClient} over the JDK's blocking {@link HttpURLConnection} (right for calls made on virtual
 * threads, and cheaper per call than the JDK's asynchronous {@code java.net.http} client or Apache HttpClient: issue 7
 * profiles) that records every call into the thread's open {@link Exchange}: status, response headers, raw body, I/O
 * failure, latency. LangChain4j's own JDK client throws away headers on errors (so Retry-After would be lost) and
 * offers no per-call timeout; this one keeps both. Non-2xx responses are still thrown as {@link HttpException} so
 * LangChain4j behaves as usual. Keep-alive connections are pooled by the JDK (up to {@value #MAX_CONNECTIONS} idle
 * per server); redirects are not followed (a 3xx is reported as the error it is) and nothing is retried here, not
 * even by the JDK ({@code sun.net.http.retryPost=false}): the engine retries, and records every attempt, a kept-alive
 * connection the server had closed included. The per-call timeout is a deadline for the whole call, from connecting
 * to the last byte of the body: a server that keeps sending a byte now and then cannot hold a call past it (the
 * call runs on a virtual thread of its own, interrupted at the deadline, which closes its socket). Bodies longer
 * than the client's limit ({@link Builder#maxResponseBytes}, default {@value #DEFAULT_MAX_RESPONSE_BYTES} bytes)
 * fail the call with {@link ResponseTooLargeException} before they fill the heap. Streaming (SSE)
 * is not supported: Candor's providers make blocking calls. An exchange opened with {@link Exchange#dryRun()} or
 * {@link Exchange#replay(String)} makes no network call: the first records the request body, the second answers
 * with a given body (both for provider batch APIs).
 */
public final class CapturingHttpClient implements HttpClient {
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect", "upgrade", "content-type", "transfer-encoding");

  /** The default cap on a response body: 64 MiB, far beyond any model answer. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = ModelOptions.DEFAULT_MAX_RESPONSE_BYTES;

  /** Idle keep-alive connections kept per server: more than any run's concurrency ({@code --max-connections}). */
  static final int MAX_CONNECTIONS = 4096;

  static {
    // The JDK keeps at most 5 idle keep-alive connections per server unless told otherwise: a run at 64 connections
    // would reconnect on most calls. Raised unless the user set it.
    if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", String.valueOf(MAX_CONNECTIONS));
    // Nor should the JDK resend a POST on its own when a connection breaks: the engine retries, and records each attempt.
    if (System.getProperty("sun.net.http.retryPost") == null) System.setProperty("sun.net.http.retryPost", "false");
  }

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final long maxResponseBytes;

  CapturingHttpClient(Duration connectTimeout, Duration readTimeout) {
    this(connectTimeout, readTimeout, DEFAULT_MAX_RESPONSE_BYTES);
  }

  CapturingHttpClient(Duration connectTimeout, Duration readTimeout, long maxResponseBytes) {
    if (maxResponseBytes < 1) throw InvalidSetting.expected(Setting.MAX_RESPONSE_BYTES, "a whole number >= 1", maxResponseBytes);
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxResponseBytes = Math.min(maxResponseBytes, Integer.MAX_VALUE - 8); // a Java array's limit
  }

  /** Thrown (as the call's I/O failure) when a response body is longer than the client's limit. */
  public static final class ResponseTooLargeException extends IOException {
    private final long limit;

    ResponseTooLargeException(long limit, long declared) {
      super("response body " + (declared >= 0 ? "of " + declared + " bytes " : "") + "exceeds the limit of " + limit + " bytes");
      this.limit = limit;
    }

    /** The limit in bytes. */
    public long limit() { return limit; }
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
    Duration timeout = ex != null && ex.timeout() != null ? ex.timeout() : readTimeout;
    if (ex != null) ex.started(request.url());
    long t0 = System.nanoTime();
    Received r;
    try {
      r = sendWithin(request, timeout);
    } catch (IOException | IllegalArgumentException e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (Thread.currentThread().isInterrupted()) { // a virtual thread's blocking socket call ends this way when interrupted
        InterruptedException ie = new InterruptedException("interrupted");
        if (ex != null) ex.failed(ie, ms);
        throw new RuntimeException(ie);
      }
      IOException io = e instanceof IOException i ? i : new IOException(e.getMessage(), e);
      if (ex != null) ex.failed(io, ms);
      throw new UncheckedIOException(io);
    }
    long latency = (System.nanoTime() - t0) / 1_000_000;
    if (ex != null) ex.responded(r.status(), r.headers(), r.body(), latency);
    if (r.status() < 200 || r.status() >= 300) throw new HttpException(r.status(), r.body());
    return SuccessfulHttpResponse.builder().statusCode(r.status()).headers(r.headers()).body(r.body()).build();
  }

  private final java.util.concurrent.ConcurrentHashMap<String, Target> targets = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * An address parsed once (a provider calls the same one or two addresses all run long), with {@code direct} set
   * when the JDK's proxy selector ({@code http.proxyHost}, {@code https.proxyHost}, {@code http.nonProxyHosts}…)
   * sends it to no proxy: its connections then skip the selector, which would otherwise build a URI on every call.
   */
  private record Target(java.net.URL url, boolean direct) {
    HttpURLConnection open() throws IOException {
      return (HttpURLConnection) (direct ? url.openConnection(java.net.Proxy.NO_PROXY) : url.openConnection());
    }
  }

  private Target target(String address) throws IOException {
    Target t = targets.get(address);
    if (t != null) return t;
    URI uri = URI.create(address);
    java.net.ProxySelector selector = java.net.ProxySelector.getDefault();
    boolean direct = selector == null || selector.select(uri).stream().allMatch(p -> p.type() == java.net.Proxy.Type.DIRECT);
    t = new Target(uri.toURL(), direct);
    if (targets.size() < 64) targets.put(address, t);
    return t;
  }

  /**
   * {@link #send} within the deadline {@code timeout} (none when null or not positive): the call runs on a virtual
   * thread of its own, which is interrupted (closing its socket) if the deadline passes or this thread is interrupted.
   */
  private Received sendWithin(HttpRequest request, Duration timeout) throws IOException {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) return send(request, null);
    java.util.concurrent.FutureTask<Received> call = new java.util.concurrent.FutureTask<>(() -> send(request, timeout));
    Thread.ofVirtual().name("candor-http").start(call);
    try {
      return call.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      call.cancel(true);
      throw new java.net.SocketTimeoutException("no complete response within the deadline of " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IOException(cause);
    }
  }

  /** One blocking call: the request written, the whole response (error bodies too) read, up to the size limit. */
  private Received send(HttpRequest request, Duration timeout) throws IOException {
    HttpURLConnection c = target(request.url()).open();
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    if (timeout != null && !timeout.isZero() && !timeout.isNegative()) c.setReadTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    c.setRequestMethod(request.method() == HttpMethod.POST ? "POST" : request.method() == HttpMethod.DELETE ? "DELETE" : "GET");
    String contentType = null;
    for (var h : request.headers().entrySet()) {
      String name = h.getKey();
      if (name == null) continue;
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("content-type") && !h.getValue().isEmpty()) contentType = h.getValue().get(0);
      if (RESTRICTED.contains(lower)) continue;
      for (String v : h.getValue()) c.addRequestProperty(name, v);
    }
    if (request.method() == HttpMethod.POST) {
      byte[] body = (request.body() == null ? "" : request.body()).getBytes(StandardCharsets.UTF_8);
      c.setRequestProperty("Content-Type", contentType == null ? "application/json" : contentType);
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    c.getHeaderFields().forEach((k, v) -> { if (k != null) headers.put(k, v); }); // the null key is the status line
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    byte[] bytes;
    if (in == null) {
      bytes = new byte[0];
    } else {
      try (in) {
        // with a declared length, one array of that size: readAllBytes reads into a 16 KB chunk and copies it out,
        // garbage many times the size of a typical 1-2 KB answer on every call
        long declared = c.getContentLengthLong();
        if (declared > maxResponseBytes) throw new ResponseTooLargeException(maxResponseBytes, declared);
        bytes = in.readNBytes((int) (declared >= 0 ? declared : maxResponseBytes + 1));
        if (bytes.length > maxResponseBytes) throw new ResponseTooLargeException(maxResponseBytes, -1);
      }
    }
    return new Received(status, headers, new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    throw new UnsupportedOperationException("streaming is not supported by Candor's capturing HTTP client");
  }

  /** Builds {@link CapturingHttpClient}s. */
  public static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration readTimeout;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    @Override public Duration connectTimeout() { return connectTimeout; }
    @Override public Builder connectTimeout(Duration d) { if (d != null) connectTimeout = d; return this; }
    @Override public Duration readTimeout() { return readTimeout; }
    @Override public Builder readTimeout(Duration d) { readTimeout = d; return this; }
    /** The longest response body accepted, in bytes (default {@value #DEFAULT_MAX_RESPONSE_BYTES}). */
    public Builder maxResponseBytes(long n) { maxResponseBytes = n; return this; }

    @Override public CapturingHttpClient build() {
      return new CapturingHttpClient(connectTimeout, readTimeout, maxResponseBytes);
    }
  }

}
