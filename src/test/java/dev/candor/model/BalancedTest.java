package dev.candor.model;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.Outputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BalancedTest {
  private static ModelRegistry registry() { return new ModelRegistry().register(CliWiring.openAi()); }

  @Test
  void spreadsCallsOverAFleetByInFlightLoad() throws Exception {
    try (FakeOpenAiServer fast1 = FakeOpenAiServer.start().latency(Duration.ofMillis(10));
         FakeOpenAiServer fast2 = FakeOpenAiServer.start().latency(Duration.ofMillis(10));
         FakeOpenAiServer slow = FakeOpenAiServer.start().latency(Duration.ofMillis(150))) {
      Model m = Balanced.open(registry(), "openai/fleet-model", List.of(fast1.baseUrl(), fast2.baseUrl(), slow.baseUrl()),
          new ModelOptions(null, Duration.ofSeconds(30)));
      assertThat(m).isInstanceOf(Balanced.class);
      assertThat(m.spec()).isEqualTo("openai/fleet-model");
      Balanced b = (Balanced) m;
      int callers = 12, perCaller = 15;
      List<Future<String>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < callers; c++)
          results.add(pool.submit(() -> {
            String last = null;
            for (int k = 0; k < perCaller; k++)
              last = m.generate(ModelRequest.of(List.of(Message.user("pick a number")), GenerateConfig.DEFAULT)).text();
            return last;
          }));
        for (Future<String> f : results) assertThat(f.get()).isEqualTo("Hello from the fake server.");
      }
      int total = callers * perCaller;
      assertThat(fast1.requestCount() + fast2.requestCount() + slow.requestCount()).isEqualTo(total);
      assertThat(fast1.requestCount()).isPositive();
      assertThat(fast2.requestCount()).isPositive();
      assertThat(slow.requestCount()).isPositive();
      // The slow endpoint holds its calls 15x longer, so it is least loaded far less often.
      assertThat(slow.requestCount()).isLessThan(fast1.requestCount() / 2).isLessThan(fast2.requestCount() / 2);
      assertThat(b.inFlight()).containsExactly(0, 0, 0);
      // Every request carried the same model name.
      assertThat(slow.lastRequest().json().path("model").asText()).isEqualTo("fleet-model");
    }
  }

  /** A model that blocks until released, so the test controls what is in flight. */
  static final class Gate implements Model {
    final CountDownLatch release = new CountDownLatch(1);
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    final String name;
    final boolean fail;
    Gate(String name, boolean fail) { this.name = name; this.fail = fail; }
    public String spec() { return "fake/x"; }
    public Output generate(ModelRequest r) throws ModelException {
      calls.incrementAndGet();
      if (fail) throw new ModelException("fake: HTTP 500 from " + name, true, 500, null, "{}", null);
      try { release.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
      return Outputs.text(name).build();
    }
  }

  @Test
  void picksTheLeastLoadedAndTiesGoRoundRobin() throws Exception {
    Gate a = new Gate("a", false), b = new Gate("b", false), c = new Gate("c", false);
    Balanced m = new Balanced(List.of(a, b, c));
    ModelRequest req = ModelRequest.of(List.of(Message.user("x")), GenerateConfig.DEFAULT);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Output>> fs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        fs.add(pool.submit(() -> m.generate(req)));
        int expected = i + 1;
        while (a.calls.get() + b.calls.get() + c.calls.get() < expected) Thread.sleep(1);
      }
      // Three calls at once: one on each endpoint.
      assertThat(m.inFlight()).containsExactly(1, 1, 1);
      b.release.countDown(); // b frees up: the next call must go to b, the only idle one, though the round-robin turn is a's
      fs.get(1).get();
      while (m.inFlight()[1] != 0) Thread.sleep(1);
      fs.add(pool.submit(() -> m.generate(req)));
      fs.getLast().get();
      assertThat(b.calls.get()).isEqualTo(2);
      assertThat(a.calls.get()).isEqualTo(1);
      assertThat(c.calls.get()).isEqualTo(1);
      a.release.countDown();
      c.release.countDown();
      for (Future<Output> f : fs) f.get();
    }
    assertThat(m.inFlight()).containsExactly(0, 0, 0);
  }

  @Test
  void failedCallsReleaseTheirSlot() {
    Gate bad = new Gate("bad", true);
    Balanced m = new Balanced(List.of(bad, bad));
    ModelRequest req = ModelRequest.of(List.of(Message.user("x")), GenerateConfig.DEFAULT);
    for (int i = 0; i < 4; i++) assertThatThrownBy(() -> m.generate(req)).isInstanceOf(ModelException.class).hasMessageContaining("HTTP 500");
    assertThat(m.inFlight()).containsExactly(0, 0);
  }

  @Test
  void splitsBaseUrlValues() {
    assertThat(Balanced.splitUrls("http://a:1/v1, http://b:2/v1,http://c:3/v1")).containsExactly("http://a:1/v1", "http://b:2/v1", "http://c:3/v1");
    assertThat(Balanced.splitUrls(null)).containsExactly((String) null);
    assertThatThrownBy(() -> Balanced.splitUrls("http://a:1/v1,,http://b")).isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.BASE_URL).hasMessageStartingWith("base URL:");
    assertThatThrownBy(() -> Balanced.open(registry(), "openai/m", List.of("http://a:1/v1", "ftp://b"), new ModelOptions(null, null)))
        .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.BASE_URL).hasMessageStartingWith("base URL:");
  }
}
