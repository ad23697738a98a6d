package dev.candor.run;

import dev.candor.cli.CliWiring;

import dev.candor.core.RunConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.suite.Environment;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.ToolSpec;
import dev.candor.store.Store;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.RunConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response cache answers only calls that would get the same answer: any change to what is asked, or of whom, misses. */
class ResponseCacheTest {
  @TempDir Path dir;

  static final GenerateConfig BASE = new GenerateConfig(0.7, 100, "low", 1024, 42L, "be brief", 30.0);
  static final ModelRequest REQUEST = new ModelRequest(List.of(Message.user("pick a number")), List.of(), BASE, null);

  static String key(ModelRequest r) { return ResponseCache.key("http://a/v1 {}", "openai/m", r, 1); }

  static ModelRequest withConfig(UnaryOperator<GenerateConfig> f) {
    return new ModelRequest(REQUEST.messages(), REQUEST.tools(), f.apply(BASE), REQUEST.reasoningPrefix());
  }

  @Test
  void everythingThatCanChangeAnAnswerChangesTheKey() {
    String k = key(REQUEST);
    assertThat(key(REQUEST)).isEqualTo(k);
    List<String> others = List.of(
        ResponseCache.key("http://b/v1 {}", "openai/m", REQUEST, 1), // another server
        ResponseCache.key("http://a/v1 {weights_sha256=2}", "openai/m", REQUEST, 1), // another provenance
        ResponseCache.key("http://a/v1 {}", "openai/other", REQUEST, 1), // another model
        ResponseCache.key("http://a/v1 {}", "openai/m", REQUEST, 2), // another epoch
        key(new ModelRequest(List.of(Message.user("pick another number")), List.of(), BASE, null)),
        key(new ModelRequest(REQUEST.messages(), List.of(new ToolSpec("t", "a tool", "{\"type\":\"object\"}")), BASE, null)),
        key(new ModelRequest(REQUEST.messages(), List.of(), BASE, "I think")),
        key(withConfig(c -> new GenerateConfig(0.8, 100, "low", 1024, 42L, "be brief", 30.0))),
        key(withConfig(c -> new GenerateConfig(0.7, 101, "low", 1024, 42L, "be brief", 30.0))),
        key(withConfig(c -> new GenerateConfig(0.7, 100, "high", 1024, 42L, "be brief", 30.0))),
        key(withConfig(c -> new GenerateConfig(0.7, 100, "low", 2048, 42L, "be brief", 30.0))),
        key(withConfig(c -> c.withSeed(43L))),
        key(withConfig(c -> c.withSeed(null))),
        key(withConfig(c -> new GenerateConfig(0.7, 100, "low", 1024, 42L, "be verbose", 30.0))),
        key(withConfig(c -> c.withToolChoice("required"))),
        key(withConfig(c -> c.withToolChoice("auto"))));
    assertThat(others).doesNotContain(k).doesNotHaveDuplicates();
    assertThat(key(withConfig(c -> new GenerateConfig(0.7, 100, "low", 1024, 42L, "be brief", 99.0))))
        .as("the timeout cannot change a successful answer").isEqualTo(k);
  }

  @Test
  void keysMadeBeforeToolChoiceExistedStayValid() {
    // computed on the code before GenerateConfig had a tool choice (commit 2f42011): an upgrade must not empty a cache
    assertThat(key(REQUEST)).isEqualTo("6f1b66172458970a63308c7e70fd8897eb2ea270ad4212c0fe5bc137be89d3d4");
  }

  @Test
  void theSourceIsTheEndpointWithoutCredentialsAndTheProvenance() {
    Model organismLike = new Model() {
      public String spec() { return "local/x"; }
      public Output generate(ModelRequest r) { throw new UnsupportedOperationException(); }
      public Map<String, String> describe() { return Map.of("seed", "1", "weights_sha256", "abc"); }
    };
    assertThat(ResponseCache.source(organismLike)).isEqualTo("in-process {seed=1, weights_sha256=abc}");
    Model server = CliWiring.openAi().create("m", new ModelOptions("http://me:secret@127.0.0.1:9/v1?key=sk-9", null));
    assertThat(ResponseCache.source(server)).isEqualTo("http://127.0.0.1:9/v1?key=*** {}").doesNotContain("secret", "sk-9");
  }

  /** The case: two servers serve the same model name; the second run must ask the second server. */
  @Test
  void aSecondServerOrAnotherSeedMissesTheCache() {
    try (FakeOpenAiServer odd = FakeOpenAiServer.start(); FakeOpenAiServer even = FakeOpenAiServer.start();
         Store store = Store.open(dir.resolve("c.db").toString())) {
      odd.respondWith(req -> FakeOpenAiServer.completion().content("7").json());
      even.respondWith(req -> FakeOpenAiServer.completion().content("8").json());
      Environment env = RewardHintEnvironment.standard();
      var samples = env.samples().subList(0, 6);

      RunResult a = run(store, env, samples, odd.baseUrl(), 1);
      assertThat(a.complete()).isTrue();
      assertThat(odd.requestCount()).isEqualTo(6);

      run(store, env, samples, even.baseUrl(), 1);
      assertThat(even.requestCount()).as("another server is asked, not answered from the first one's cache").isEqualTo(6);

      run(store, env, samples, odd.baseUrl(), 99);
      assertThat(odd.requestCount()).as("another --seed misses").isEqualTo(12);

      run(store, env, samples, odd.baseUrl(), 1);
      assertThat(odd.requestCount()).as("the very same run hits").isEqualTo(12);
    }
  }

  private static RunResult run(Store store, Environment env, List<dev.candor.core.Sample> samples, String baseUrl, long seed) {
    RunConfig cfg = RunConfigs.of("reward-hints", "openai/fake").baseUrl(baseUrl).maxAttempts(2).timeoutSeconds(5).seed(seed).noCache(false).build();
    Model m = CliWiring.openAi().create("fake", new ModelOptions(baseUrl, Duration.ofSeconds(5)));
    var run = Runs.create(store, cfg, samples, null);
    return new Engine(store, Secrets.NONE).cache(true).execute(run.id(), cfg, env, samples, m, RunEvents.NONE);
  }
}
