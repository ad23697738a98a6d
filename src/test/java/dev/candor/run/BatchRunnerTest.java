package dev.candor.run;

import dev.candor.cli.CliWiring;

import dev.candor.core.RunConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.StoredJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.suite.Environment;
import dev.candor.core.Sample;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.batch.AnthropicBatchApi;
import dev.candor.model.batch.OpenAiBatchApi;
import dev.candor.store.BatchRecord;
import dev.candor.Json;
import dev.candor.store.Store;
import dev.candor.core.Trajectory;
import dev.candor.testing.FakeAnthropicBatchServer;
import dev.candor.testing.FakeAnthropicServer;
import dev.candor.testing.FakeOpenAiBatchServer;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.RunConfigs;
import dev.candor.testing.Slow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch mode against local fake OpenAI Batch and Anthropic Message Batches servers. */
class BatchRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-test-batch-secret-0123456789";
  private static final Duration POLL = Duration.ofMillis(10);

  @TempDir Path dir;

  static final Environment ENV = RewardHintEnvironment.standard();
  static final List<Sample> SAMPLES = ENV.samples().subList(0, 6);

  static RunConfig cfg(String model, String baseUrl, int epochs) {
    return RunConfigs.of("reward-hints", model).baseUrl(baseUrl).epochs(epochs).limit(SAMPLES.size()).maxConnections(8).timeoutSeconds(30).seed(11)
        .name("batch").build();
  }

  /** Answers with the request's seed modulo 100, so each stored answer shows which seed was sent. */
  static String openAiAnswer(JsonNode body) {
    return FakeOpenAiServer.completion().model(body.path("model").asText()).content("I pick " + body.path("seed").asLong() % 100)
        .reasoningContent("thinking about parity").usage(40, 5, 0).json();
  }

  static Model openAi(String baseUrl) {
    return CliWiring.openAi(Map.of("OPENAI_API_KEY", KEY)).create("gpt-batch", new ModelOptions(baseUrl, Duration.ofSeconds(10)));
  }

  static Map<Trajectory.Key, Trajectory> stored(Store store, String runId) {
    Map<Trajectory.Key, Trajectory> out = new HashMap<>();
    store.trajectories().forEach(runId, t -> out.put(t.key(), t));
    return out;
  }

  @Test
  void openAiBatchSubmitsEngineIdenticalRequestsAndStoresTrajectoriesLikeTheEngine() throws Exception {
    RunConfig cfg = cfg("openai/gpt-batch", null, 2);
    try (FakeOpenAiBatchServer server = FakeOpenAiBatchServer.start(); FakeOpenAiServer live = FakeOpenAiServer.start();
         Store store = Store.open(dir.resolve("b.db").toString())) {
      server.runningPolls(3).respondWith(BatchRunnerTest::openAiAnswer);
      live.respondWith(BatchRunnerTest::openAiAnswer);
      var run = Runs.create(store, cfg, SAMPLES, null);
      RunResult r = new BatchRunner(store, CliWiring.secrets(Map.of("OPENAI_API_KEY", KEY)), new OpenAiBatchApi(server.baseUrl(), KEY, null), POLL)
          .execute(run.id(), cfg, ENV, SAMPLES, openAi(server.baseUrl()), RunEvents.NONE);
      assertThat(r.complete()).isTrue();
      assertThat(r.stored()).isEqualTo(12);
      assertThat(r.errors()).isZero();

      // Upload: multipart, purpose batch, bearer key; one JSONL line per (sample, epoch).
      var uploads = server.requests("POST", "/v1/files");
      assertThat(uploads).hasSize(1);
      assertThat(uploads.getFirst().header("authorization")).isEqualTo("Bearer " + KEY);
      assertThat(uploads.getFirst().header("content-type")).startsWith("multipart/form-data; boundary=");
      List<JsonNode> lines = server.uploadedLines(1);
      assertThat(lines).hasSize(12);
      for (JsonNode line : lines) {
        assertThat(line.path("method").asText()).isEqualTo("POST");
        assertThat(line.path("url").asText()).isEqualTo("/v1/chat/completions");
        assertThat(line.path("custom_id").asText()).matches("s[0-5]-e[12]");
        assertThat(line.path("body").has("stream")).isFalse();
        String cid = line.path("custom_id").asText();
        Sample s = SAMPLES.get(Integer.parseInt(cid.substring(1, cid.indexOf('-'))));
        int epoch = Integer.parseInt(cid.substring(cid.indexOf("-e") + 2));
        assertThat(line.path("body").path("seed").asLong()).isEqualTo(Engine.sampleSeed(cfg.seed(), s.id(), epoch));
        assertThat(line.path("body").path("model").asText()).isEqualTo("gpt-batch");
        assertThat(line.path("body").path("messages").path(0).path("content").asText()).isEqualTo(s.prompt());
      }
      JsonNode create = server.requests("POST", "/v1/batches").getFirst().json();
      assertThat(create.path("input_file_id").asText()).isEqualTo("file-in-1");
      assertThat(create.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
      assertThat(create.path("completion_window").asText()).isEqualTo("24h");
      String batchId = store.batches().of(run.id()).getFirst().batchId();
      assertThat(server.polls(batchId)).isEqualTo(4); // validating, in_progress, in_progress, completed
      assertThat(store.batches().of(run.id())).singleElement().satisfies(b -> {
        assertThat(b.status()).isEqualTo("ended");
        assertThat(b.items()).isEqualTo(12);
      });

      // The same run done live by the engine stores the same request bodies and the same trajectories.
      var liveRun = Runs.create(store, cfg, SAMPLES, null);
      new Engine(store, Secrets.NONE).execute(liveRun.id(), cfg, ENV, SAMPLES, openAi(live.baseUrl()), RunEvents.NONE);
      Map<String, JsonNode> liveBodies = new HashMap<>();
      for (var req : live.requests()) liveBodies.put(req.json().path("seed").asText(), req.json());
      for (JsonNode line : lines) {
        JsonNode liveBody = liveBodies.get(line.path("body").path("seed").asText());
        var withoutStream = ((com.fasterxml.jackson.databind.node.ObjectNode) liveBody.deepCopy());
        withoutStream.remove("stream");
        assertThat(line.path("body")).isEqualTo(withoutStream);
      }
      var batchStored = stored(store, run.id());
      var liveStored = stored(store, liveRun.id());
      assertThat(batchStored.keySet()).isEqualTo(liveStored.keySet());
      for (var e : batchStored.entrySet()) {
        Trajectory b = e.getValue(), l = liveStored.get(e.getKey());
        assertThat(b.score().label()).isEqualTo(l.score().label());
        assertThat(b.score().value()).isEqualTo(l.score().value());
        assertThat(b.score().answer()).isEqualTo(l.score().answer()).isEqualTo(String.valueOf(b.seed() % 100));
        assertThat(b.output().text()).isEqualTo(l.output().text());
        assertThat(b.output().reasoning()).isEqualTo(l.output().reasoning()).isEqualTo("thinking about parity");
        assertThat(StoredJson.messages(b)).isEqualTo(StoredJson.messages(l));
        assertThat(b.seed()).isEqualTo(l.seed());
        assertThat(b.tokens().input()).isEqualTo(40L);
        assertThat(StoredJson.attempts(b)).contains("\"source\":\"batch\"").contains(batchId);
      }
      // The key is nowhere in what was stored.
      for (Trajectory t : batchStored.values()) assertThat(t.toString()).doesNotContain(KEY);
    }
  }

  @Test
  void perItemErrorsAreStoredAsErrorsAndResumeRetriesOnlyThem() throws Exception {
    RunConfig cfg = cfg("openai/gpt-batch", null, 2);
    try (FakeOpenAiBatchServer server = FakeOpenAiBatchServer.start(); Store store = Store.open(dir.resolve("e.db").toString())) {
      server.runningPolls(1).respondWith(BatchRunnerTest::openAiAnswer)
          .failItems(id -> id.endsWith("-e2") && !id.startsWith("s0"), 400, "invalid_request_error", "scripted: max_tokens too large");
      var run = Runs.create(store, cfg, SAMPLES, null);
      BatchRunner runner = new BatchRunner(store, Secrets.NONE, new OpenAiBatchApi(server.baseUrl(), KEY, null), POLL);
      RunResult r = runner.execute(run.id(), cfg, ENV, SAMPLES, openAi(server.baseUrl()), RunEvents.NONE);
      assertThat(r.stored()).isEqualTo(12);
      assertThat(r.errors()).isEqualTo(5);
      assertThat(store.trajectories().errorKeys(run.id())).hasSize(5).allSatisfy(k -> assertThat(k.epoch()).isEqualTo(2));
      Trajectory failed = store.trajectories().get(run.id(), SAMPLES.get(1).id(), 2).orElseThrow();
      assertThat(failed.score().label()).isEqualTo("error");
      assertThat(failed.error()).contains("HTTP 400").contains("scripted: max_tokens too large");
      assertThat(StoredJson.attempts(failed)).contains("\"http_status\":400");

      // Resume: a new batch holds exactly the five failed items.
      server.failItems(id -> false, 400, "x", "x");
      RunResult again = new BatchRunner(store, Secrets.NONE, new OpenAiBatchApi(server.baseUrl(), KEY, null), POLL)
          .execute(run.id(), cfg, ENV, SAMPLES, openAi(server.baseUrl()), RunEvents.NONE);
      assertThat(again.complete()).isTrue();
      assertThat(again.errors()).isZero();
      assertThat(server.uploadedLines(2)).hasSize(5).allSatisfy(l -> assertThat(l.path("custom_id").asText()).endsWith("-e2"));
      assertThat(store.batches().of(run.id())).hasSize(2).allSatisfy(b -> assertThat(b.status()).isEqualTo("ended"));
      assertThat(store.trajectories().count(run.id())).isEqualTo(12);
      Trajectory retried = store.trajectories().get(run.id(), SAMPLES.get(1).id(), 2).orElseThrow();
      assertThat(retried.error()).isNull();
      assertThat(Json.read(StoredJson.attempts(retried), List.class)).as("the failed try's attempt is kept (issue #16)")
          .extracting(x -> ((Map<?, ?>) x).get("http_status")).containsExactly(400, 200);
    }
  }

  @Test
  void expiredAndFailedBatchesLeaveErrorTrajectories() throws Exception {
    RunConfig cfg = cfg("openai/gpt-batch", null, 1);
    try (FakeOpenAiBatchServer server = FakeOpenAiBatchServer.start(); Store store = Store.open(dir.resolve("x.db").toString())) {
      server.runningPolls(1).respondWith(BatchRunnerTest::openAiAnswer).expireAfter(2);
      var run = Runs.create(store, cfg, SAMPLES, null);
      RunResult r = new BatchRunner(store, Secrets.NONE, new OpenAiBatchApi(server.baseUrl(), KEY, null), POLL)
          .execute(run.id(), cfg, ENV, SAMPLES, openAi(server.baseUrl()), RunEvents.NONE);
      assertThat(r.stored()).isEqualTo(6);
      assertThat(r.errors()).isEqualTo(4);
      List<String> errors = new ArrayList<>();
      store.trajectories().forEach(run.id(), t -> { if (t.error() != null) errors.add(t.error()); });
      assertThat(errors).hasSize(4).allSatisfy(e -> assertThat(e).contains("batch_expired"));
      assertThat(store.batches().of(run.id()).getFirst().detail()).startsWith("expired");

      // A batch that fails as a whole (validation): every item is an error naming why.
      server.expireAfter(-1).failBatch("line 1: model not found");
      RunResult again = new BatchRunner(store, Secrets.NONE, new OpenAiBatchApi(server.baseUrl(), KEY, null), POLL)
          .execute(run.id(), cfg, ENV, SAMPLES, openAi(server.baseUrl()), RunEvents.NONE);
      assertThat(again.errors()).isEqualTo(4);
      assertThat(store.batches().of(run.id())).hasSize(2);
      assertThat(store.batches().of(run.id()).get(1).status()).isEqualTo("failed");
      store.trajectories().forEach(run.id(), t -> { if (t.error() != null) assertThat(t.error()).contains("model not found"); });
    }
  }

  @Slow
  @Test
  void resumeAfterACrashMidPollPicksUpTheRunningBatchWithoutResubmitting() throws Exception {
    RunConfig cfg = cfg("openai/gpt-batch", null, 2);
    Path db = dir.resolve("crash.db");
    try (FakeOpenAiBatchServer server = FakeOpenAiBatchServer.start()) {
      server.runningPolls(1_000_000).respondWith(BatchRunnerTest::openAiAnswer);
      String runId;
      Store first = Store.open(db.toString());
      runId = Runs.create(first, cfg, SAMPLES, null).id();
      BatchRunner runner = new BatchRunner(first, Secrets.NONE, new OpenAiBatchApi(server.baseUrl(), KEY, null), POLL);
      CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(
          () -> runner.execute(runId, cfg, ENV, SAMPLES, openAi(server.baseUrl()), RunEvents.NONE));
      while (first.batches().of(runId).isEmpty() || server.polls(first.batches().of(runId).getFirst().batchId()) < 3) Thread.sleep(5);
      runner.stop(Duration.ofSeconds(1)); // the process "dies" while the batch runs
      RunResult stopped = running.get();
      assertThat(stopped.interrupted()).isTrue();
      assertThat(first.trajectories().count(runId)).isZero();
      BatchRecord open = first.batches().of(runId).getFirst();
      assertThat(open.status()).isEqualTo(BatchRecord.SUBMITTED);
      first.close();

      server.runningPolls(0); // the provider finishes meanwhile
      try (Store second = Store.open(db.toString())) {
        RunResult resumed = new BatchRunner(second, Secrets.NONE, new OpenAiBatchApi(server.baseUrl(), KEY, null), POLL)
            .execute(runId, cfg, ENV, SAMPLES, openAi(server.baseUrl()), RunEvents.NONE);
        assertThat(resumed.complete()).isTrue();
        assertThat(second.trajectories().count(runId)).isEqualTo(12);
        assertThat(second.trajectories().completedKeys(runId)).hasSize(12);
        assertThat(second.runs().get(runId).orElseThrow().status()).isEqualTo("complete");
      }
      assertThat(server.requests("POST", "/v1/batches")).hasSize(1);
      assertThat(server.requests("POST", "/v1/files")).hasSize(1);
    }
  }

  @Test
  void anthropicMessageBatchesRoundTrip() throws Exception {
    RunConfig cfg = RunConfigs.of("reward-hints", "anthropic/claude-batch").limit(SAMPLES.size()).maxConnections(8).timeoutSeconds(30)
        .generate(new dev.candor.model.GenerateConfig(0.7, 512, null, 1024, null, null, null)).seed(5).name("batch").build();
    try (FakeAnthropicBatchServer server = FakeAnthropicBatchServer.start(); FakeAnthropicServer live = FakeAnthropicServer.start();
         Store store = Store.open(dir.resolve("a.db").toString())) {
      java.util.function.Function<JsonNode, String> answer = params -> FakeAnthropicServer.message().model(params.path("model").asText())
          .thinking("odd pays more").text("My number is 7").usage(30, 9).json();
      server.runningPolls(2).respondWith(answer).expireAfter(5).failItems(id -> id.equals("s1-e1"), 400, "invalid_request_error", "scripted: bad prompt");
      live.respondWith(req -> answer.apply(req));
      Model model = CliWiring.anthropic(Map.of("ANTHROPIC_API_KEY", KEY)).create("claude-batch", new ModelOptions(server.baseUrl(), Duration.ofSeconds(10)));
      var run = Runs.create(store, cfg, SAMPLES, null);
      RunResult r = new BatchRunner(store, Secrets.NONE, new AnthropicBatchApi(server.baseUrl(), KEY, null), POLL)
          .execute(run.id(), cfg, ENV, SAMPLES, model, RunEvents.NONE);
      assertThat(r.stored()).isEqualTo(6);
      assertThat(r.errors()).isEqualTo(2); // s1 errored, s5 expired

      var create = server.requests("POST", "/v1/messages/batches").getFirst();
      assertThat(create.header("x-api-key")).isEqualTo(KEY);
      assertThat(create.header("anthropic-version")).isEqualTo("2023-06-01");
      JsonNode requests = create.json().path("requests");
      assertThat(requests).hasSize(6);
      // Params are exactly the live Messages API body (thinking budget, max_tokens, temperature, system…), minus stream.
      Model liveModel = CliWiring.anthropic().create("claude-batch", new ModelOptions(live.baseUrl(), Duration.ofSeconds(10)));
      new Engine(store, Secrets.NONE).execute(Runs.create(store, cfg, SAMPLES, null).id(), cfg, ENV, SAMPLES, liveModel, RunEvents.NONE);
      for (JsonNode req : requests) {
        JsonNode params = req.path("params");
        assertThat(params.path("thinking").path("budget_tokens").asInt()).isEqualTo(1024);
        assertThat(params.path("max_tokens").asInt()).isEqualTo(512);
        assertThat(params.has("stream")).isFalse();
        String prompt = params.path("messages").path(0).path("content").toString();
        JsonNode liveBody = live.requests().stream().map(x -> x.json()).filter(j -> j.path("messages").path(0).path("content").toString().equals(prompt))
            .findFirst().orElseThrow();
        var expected = (com.fasterxml.jackson.databind.node.ObjectNode) liveBody.deepCopy();
        expected.remove("stream");
        assertThat(params).isEqualTo(expected);
      }
      Trajectory ok = store.trajectories().get(run.id(), SAMPLES.get(0).id(), 1).orElseThrow();
      assertThat(ok.output().reasoning()).isEqualTo("odd pays more");
      assertThat(ok.score().answer()).isEqualTo("7");
      assertThat(ok.tokens().output()).isEqualTo(9L);
      assertThat(store.trajectories().get(run.id(), SAMPLES.get(1).id(), 1).orElseThrow().error()).contains("invalid_request_error").contains("scripted: bad prompt");
      assertThat(store.trajectories().get(run.id(), SAMPLES.get(5).id(), 1).orElseThrow().error()).contains("expired");
      String batchId = store.batches().of(run.id()).getFirst().batchId();
      assertThat(server.polls(batchId)).isEqualTo(3);
      assertThat(server.requests("GET", "/v1/messages/batches/" + batchId + "/results")).hasSize(1)
          .allSatisfy(g -> assertThat(g.header("x-api-key")).isEqualTo(KEY));
    }
  }

  @Test
  void largeRunsAreSplitToTheApisLimit() throws Exception {
    RunConfig cfg = cfg("openai/gpt-batch", null, 2);
    try (FakeOpenAiBatchServer server = FakeOpenAiBatchServer.start(); Store store = Store.open(dir.resolve("split.db").toString())) {
      server.runningPolls(0).respondWith(BatchRunnerTest::openAiAnswer);
      OpenAiBatchApi real = new OpenAiBatchApi(server.baseUrl(), KEY, null);
      dev.candor.model.batch.BatchApi five = new dev.candor.model.batch.BatchApi() {
        public String provider() { return real.provider(); }
        public int maxItems() { return 5; }
        public long maxBytes() { return real.maxBytes(); }
        public String submit(List<dev.candor.model.batch.BatchItem> items, String token) throws dev.candor.model.batch.BatchException { return real.submit(items, token); }
        public List<String> lookup(String token, int items, java.time.Instant at) throws dev.candor.model.batch.BatchException { return real.lookup(token, items, at); }
        public dev.candor.model.batch.BatchStatus status(String id) throws dev.candor.model.batch.BatchException { return real.status(id); }
        public List<dev.candor.model.batch.BatchResult> results(dev.candor.model.batch.BatchStatus b) throws dev.candor.model.batch.BatchException { return real.results(b); }
      };
      var run = Runs.create(store, cfg, SAMPLES, null);
      RunResult r = new BatchRunner(store, Secrets.NONE, five, POLL).execute(run.id(), cfg, ENV, SAMPLES, openAi(server.baseUrl()), RunEvents.NONE);
      assertThat(r.complete()).isTrue();
      assertThat(store.batches().of(run.id())).extracting(BatchRecord::items).containsExactly(5, 5, 2);
      assertThat(store.trajectories().completedKeys(run.id())).hasSize(12);
    }
  }
}
