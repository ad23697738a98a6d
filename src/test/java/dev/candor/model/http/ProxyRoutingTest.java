package dev.candor.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.FakeOpenAiServer;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calls follow the JDK's proxy selector: a host it sends to a proxy goes through it; others go direct. */
class ProxyRoutingTest {
  @Test
  void hostsTheSelectorProxiesGoThroughTheProxyOthersGoDirect() throws Exception {
    ProxySelector before = ProxySelector.getDefault();
    try (FakeOpenAiServer proxy = FakeOpenAiServer.start(); FakeOpenAiServer direct = FakeOpenAiServer.start()) {
      proxy.respondWith(FakeOpenAiServer.completion().content("via proxy").json());
      direct.respondWith(FakeOpenAiServer.completion().content("direct").json());
      int proxyPort = URI.create(proxy.origin()).getPort();
      ProxySelector.setDefault(new ProxySelector() {
        @Override public List<Proxy> select(URI uri) {
          return uri.getHost().endsWith(".invalid")
              ? List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxyPort))) : List.of(Proxy.NO_PROXY);
        }
        @Override public void connectFailed(URI uri, SocketAddress sa, IOException e) {}
      });
      CapturingHttpClient http = new CapturingHttpClient(Duration.ofSeconds(5), Duration.ofSeconds(5));
      // the host does not resolve: only the proxy can answer
      for (int i = 0; i < 2; i++) assertThat(call(http, "http://model.invalid/v1/chat/completions")).contains("via proxy");
      assertThat(call(http, direct.endpoint())).contains("direct");
      assertThat(proxy.requestCount()).isEqualTo(2);
      assertThat(direct.requestCount()).isEqualTo(1);
    } finally {
      ProxySelector.setDefault(before);
    }
  }

  private static String call(CapturingHttpClient http, String url) {
    return http.execute(HttpRequest.builder().method(HttpMethod.POST).url(url)
        .addHeader("Content-Type", "application/json").body("{\"model\":\"m\",\"messages\":[]}").build()).body();
  }
}
