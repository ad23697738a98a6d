package dev.candor.run;

import dev.candor.cli.CliWiring;

import dev.candor.core.RunConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.testing.StoredJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.Sample;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.batch.AnthropicBatchApi;
import dev.candor.model.batch.BatchApi;
import dev.candor.model.batch.BatchException;
import dev.candor.model.batch.BatchItem;
import dev.candor.model.batch.BatchResult;
import dev.candor.model.batch.BatchStatus;
import dev.candor.model.batch.OpenAiBatchApi;
import dev.candor.store.BatchRecord;
import dev.candor.store.Store;
import dev.candor.core.Trajectory;
import dev.candor.testing.DyingBatchApi;
import dev.candor.testing.FakeAnthropicBatchServer;
import dev.candor.testing.FakeAnthropicServer;
import dev.candor.testing.FakeOpenAiBatchServer;
import dev.candor.testing.RunConfigs;
import dev.candor.testing.Slow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A --batch submission interrupted between the provider accepting it and the store saving its id: the resume finds
 * the batch at the (fake, local) provider instead of paying for the same requests twice.
 */
class BatchIntentTest {
  private static final String KEY = "sk-test-batch-secret-0123456789";
  private static final Duration POLL = Duration.ofMillis(10);
  private static final List<Sample> SAMPLES = BatchRunnerTest.SAMPLES;
  private static EmbeddedPostgres pg;

  @TempDir Path dir;

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  String db(String kind) throws Exception {
    if (kind.equals("sqlite")) return dir.resolve("intent.db").toString();
    if (pg == null) pg = EmbeddedPostgres.builder().start();
    String name = "intent_" + System.nanoTime();
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  static Set<Trajectory.Key> allKeys(int epochs) {
    Set<Trajectory.Key> out = new HashSet<>();
    for (Sample s : SAMPLES) for (int e = 1; e <= epochs; e++) out.add(new Trajectory.Key(s.id(), e));
    return out;
  }

  @Slow // the postgresql case starts an embedded server
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void openAiSubmissionKilledAfterAcceptIsFoundByItsTokenOnResume(String kind) throws Exception {
    RunConfig cfg = BatchRunnerTest.cfg("openai/gpt-batch", null, 2);
    String url = db(kind);
    try (FakeOpenAiBatchServer server = FakeOpenAiBatchServer.start()) {
      server.runningPolls(1).respondWith(BatchRunnerTest::openAiAnswer);
      OpenAiBatchApi api = new OpenAiBatchApi(server.baseUrl(), KEY, null);
      DyingBatchApi dying = new DyingBatchApi(api, true);
      AtomicReference<String> accepted = dying.accepted;
      String runId;
      String token;
      try (Store first = Store.open(url)) {
        runId = Runs.create(first, cfg, SAMPLES, null).id();
        BatchRunner dies = runner(first, dying);
        assertThatThrownBy(() -> dies.execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, BatchRunnerTest.openAi(server.baseUrl()), RunEvents.NONE))
            .isInstanceOf(DyingBatchApi.Killed.class);
        // The provider holds the batch; the store only the intent, without the id.
        assertThat(accepted.get()).isNotNull();
        BatchRecord intent = first.batches().of(runId).getFirst();
        assertThat(first.batches().of(runId)).hasSize(1);
        assertThat(intent.status()).isEqualTo(BatchRecord.SUBMITTING);
        assertThat(intent.unresolved()).isTrue();
        assertThat(intent.batchId()).isNull();
        assertThat(intent.items()).isEqualTo(12);
        token = intent.token();
        assertThat(token).matches("[0-9a-f-]{36}");
      }
      // The token went to the provider: in the batch metadata and the uploaded file's name.
      JsonNode create = server.requests("POST", "/v1/batches").getFirst().json();
      assertThat(create.path("metadata").path("candor_token").asText()).isEqualTo(token);
      assertThat(server.uploadedName(1)).isEqualTo("candor-batch-" + token + ".jsonl");
      // Meanwhile 130 newer batches were made by others, so the lookup pages (limit 100) to find ours.
      long now = Instant.now().getEpochSecond();
      for (int i = 0; i < 130; i++) server.foreignBatch(now + 5 + i, 12);

      try (Store second = Store.open(url)) {
        RunResult r = runner(second, api)
            .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, BatchRunnerTest.openAi(server.baseUrl()), RunEvents.NONE);
        assertThat(r.fatal()).isNull();
        assertThat(r.complete()).isTrue();
        assertThat(r.errors()).isZero();
        assertThat(server.requests("POST", "/v1/batches")).as("no second batch").hasSize(1);
        assertThat(server.requests("POST", "/v1/files")).hasSize(1);
        var lists = server.requests("GET", "/v1/batches").stream().filter(q -> q.path().equals("/v1/batches")).toList();
        assertThat(lists).hasSize(2);
        assertThat(lists.get(0).param("limit")).isEqualTo("100");
        assertThat(lists.get(0).param("after")).isNull();
        assertThat(lists.get(1).param("after")).startsWith("batch_other");
        assertThat(second.batches().of(runId)).singleElement().satisfies(b -> {
          assertThat(b.batchId()).isEqualTo(accepted.get());
          assertThat(b.token()).isEqualTo(token);
          assertThat(b.status()).isEqualTo("ended");
        });
        // Every (sample, epoch) exactly once, all from the adopted batch.
        assertThat(second.trajectories().count(runId)).isEqualTo(12);
        assertThat(second.trajectories().completedKeys(runId)).isEqualTo(allKeys(2));
        second.trajectories().forEach(runId, t -> {
          assertThat(StoredJson.attempts(t)).contains(accepted.get());
          assertThat(t.score().answer()).isEqualTo(String.valueOf(t.seed() % 100));
        });
        assertThat(second.runs().get(runId).orElseThrow().status()).isEqualTo("complete");
      }
    }
  }

  @Test
  void aSubmissionTheProviderNeverReceivedIsDroppedAndSentExactlyOnce() throws Exception {
    RunConfig cfg = BatchRunnerTest.cfg("openai/gpt-batch", null, 1);
    try (FakeOpenAiBatchServer server = FakeOpenAiBatchServer.start(); Store store = Store.open(dir.resolve("drop.db").toString())) {
      server.runningPolls(0).respondWith(BatchRunnerTest::openAiAnswer);
      OpenAiBatchApi api = new OpenAiBatchApi(server.baseUrl(), KEY, null);
      String runId = Runs.create(store, cfg, SAMPLES, null).id();
      BatchRunner dies = runner(store, new DyingBatchApi(api, false));
      assertThatThrownBy(() -> dies.execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, BatchRunnerTest.openAi(server.baseUrl()), RunEvents.NONE))
          .isInstanceOf(DyingBatchApi.Killed.class);
      assertThat(server.requests("POST", "/v1/batches")).isEmpty();
      // 250 batches of others from two days ago: the lookup stops at the first one older than the submission.
      long old = Instant.now().minus(Duration.ofDays(2)).getEpochSecond();
      for (int i = 0; i < 250; i++) server.foreignBatch(old + i, 6);

      RunResult r = runner(store, api)
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, BatchRunnerTest.openAi(server.baseUrl()), RunEvents.NONE);
      assertThat(r.complete()).isTrue();
      assertThat(server.requests("POST", "/v1/batches")).hasSize(1);
      assertThat(server.requests("GET", "/v1/batches").stream().filter(q -> q.path().equals("/v1/batches"))).hasSize(1);
      List<BatchRecord> bs = store.batches().of(runId);
      assertThat(bs).extracting(BatchRecord::status).containsExactly(BatchRecord.DROPPED, "ended");
      assertThat(bs.getFirst().batchId()).isNull();
      assertThat(bs.getFirst().detail()).contains("never accepted");
      assertThat(bs.get(1).items()).isEqualTo(6);
      assertThat(store.trajectories().completedKeys(runId)).isEqualTo(allKeys(1));
      assertThat(store.trajectories().count(runId)).isEqualTo(6);

      // A later resume has nothing to settle and sends nothing.
      runner(store, api)
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, BatchRunnerTest.openAi(server.baseUrl()), RunEvents.NONE);
      assertThat(server.requests("POST", "/v1/batches")).hasSize(1);
    }
  }

  static RunConfig anthropicCfg() {
    return RunConfigs.of("reward-hints", "anthropic/claude-batch").limit(SAMPLES.size()).maxConnections(8).timeoutSeconds(30)
        .generate(new dev.candor.model.GenerateConfig(0.7, 512, null, null, null, null, null)).seed(5).name("batch").build();
  }

  /** A batch runner over {@code api} that polls every {@link #POLL}. */
  private static BatchRunner runner(Store store, BatchApi api) {
    return new BatchRunner(store, Secrets.NONE, api, POLL);
  }

  static Model claude(String baseUrl) {
    return CliWiring.anthropic(Map.of("ANTHROPIC_API_KEY", KEY)).create("claude-batch", new ModelOptions(baseUrl, Duration.ofSeconds(10)));
  }

  static String claudeAnswer(JsonNode params) {
    return FakeAnthropicServer.message().model(params.path("model").asText()).text("My number is 7").usage(30, 9).json();
  }

  @Test
  void anthropicSubmissionKilledAfterAcceptAdoptsTheOnlyBatchOfItsSizeAndTime() throws Exception {
    RunConfig cfg = anthropicCfg();
    try (FakeAnthropicBatchServer server = FakeAnthropicBatchServer.start(); Store store = Store.open(dir.resolve("a.db").toString())) {
      server.runningPolls(1).respondWith(BatchIntentTest::claudeAnswer);
      AnthropicBatchApi api = new AnthropicBatchApi(server.baseUrl(), KEY, Duration.ofSeconds(30));
      // Other batches in the workspace: same size but from yesterday, another size now, same size now but cancelled.
      Instant now = Instant.now();
      server.foreignBatch(now.minus(Duration.ofDays(1)), 6);
      server.foreignBatch(now, 5);
      String cancelled = server.foreignBatch(now, 6);
      server.cancelBatch(cancelled);
      String runId = Runs.create(store, cfg, SAMPLES, null).id();
      DyingBatchApi dying = new DyingBatchApi(api, true);
      AtomicReference<String> accepted = dying.accepted;
      assertThatThrownBy(() -> runner(store, dying)
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE)).isInstanceOf(DyingBatchApi.Killed.class);
      server.foreignBatch(Instant.now().plus(Duration.ofHours(1)), 6); // made an hour later: outside the window

      RunResult r = runner(store, api)
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE);
      assertThat(r.fatal()).isNull();
      assertThat(r.complete()).isTrue();
      assertThat(server.requests("POST", "/v1/messages/batches")).hasSize(1);
      var list = server.requests("GET", "/v1/messages/batches").stream().filter(q -> q.path().equals("/v1/messages/batches")).toList();
      assertThat(list).hasSize(1);
      assertThat(list.getFirst().header("x-api-key")).isEqualTo(KEY);
      assertThat(store.batches().of(runId)).singleElement().satisfies(b -> {
        assertThat(b.batchId()).isEqualTo(accepted.get());
        assertThat(b.status()).isEqualTo("ended");
      });
      assertThat(store.trajectories().completedKeys(runId)).isEqualTo(allKeys(1));
      store.trajectories().forEach(runId, t -> assertThat(StoredJson.attempts(t)).contains(accepted.get()));
    }
  }

  @Test
  void anthropicAmbiguousLookupStopsNamingTheCandidatesUntilTheUserChooses() throws Exception {
    RunConfig cfg = anthropicCfg();
    try (FakeAnthropicBatchServer server = FakeAnthropicBatchServer.start(); Store store = Store.open(dir.resolve("amb.db").toString())) {
      server.runningPolls(0).respondWith(BatchIntentTest::claudeAnswer);
      AnthropicBatchApi api = new AnthropicBatchApi(server.baseUrl(), KEY, Duration.ofSeconds(30));
      String runId = Runs.create(store, cfg, SAMPLES, null).id();
      DyingBatchApi dying = new DyingBatchApi(api, true);
      AtomicReference<String> accepted = dying.accepted;
      assertThatThrownBy(() -> runner(store, dying)
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE)).isInstanceOf(DyingBatchApi.Killed.class);
      String other = server.foreignBatch(Instant.now(), 6); // someone else's batch of the same size at the same time

      RunResult r = runner(store, api)
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE);
      assertThat(r.fatal()).doesNotContain("\n").contains(accepted.get()).contains(other);
      // the CLI words it with the flag (cli.Flags): every mention of the setting is the setting, not text
      String asTheCliSaysIt = r.fatalSetting().render(s -> "--" + s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      assertThat(asTheCliSaysIt).contains("--adopt-batch ID").contains("--adopt-batch none");
      // Nothing guessed: no trajectory, no new batch, the submission still unresolved, neither candidate polled.
      assertThat(store.trajectories().count(runId)).isZero();
      assertThat(server.requests("POST", "/v1/messages/batches")).hasSize(1);
      assertThat(store.batches().of(runId)).singleElement().satisfies(b -> assertThat(b.unresolved()).isTrue());
      assertThat(server.polls(accepted.get())).isZero();
      assertThat(server.polls(other)).isZero();

      // A batch that is not a candidate is refused.
      RunResult wrong = runner(store, api).adoptBatch("msgbatch_elsewhere")
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE);
      assertThat(wrong.fatalSetting().setting()).isEqualTo(dev.candor.InvalidSetting.Setting.ADOPT_BATCH);
      assertThat(wrong.fatal()).startsWith("batch to adopt: msgbatch_elsewhere is not").contains(other);
      assertThat(store.batches().of(runId)).singleElement().satisfies(b -> assertThat(b.unresolved()).isTrue());

      // The user names Candor's batch: it is collected, nothing is sent again, the other batch is left alone.
      RunResult chosen = runner(store, api).adoptBatch(accepted.get())
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE);
      assertThat(chosen.complete()).isTrue();
      assertThat(server.requests("POST", "/v1/messages/batches")).hasSize(1);
      assertThat(server.polls(other)).isZero();
      assertThat(store.batches().of(runId)).singleElement().satisfies(b -> {
        assertThat(b.batchId()).isEqualTo(accepted.get());
        assertThat(b.status()).isEqualTo("ended");
      });
      assertThat(store.trajectories().completedKeys(runId)).isEqualTo(allKeys(1));

      // Nothing left to settle: --adopt-batch is refused.
      assertThatThrownBy(() -> runner(store, api).adoptBatch(other)
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE))
          .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.ADOPT_BATCH).hasMessageContaining(": run " + runId + " has no interrupted batch submission");
      assertThat(store.runs().get(runId).orElseThrow().status()).isEqualTo("complete");
    }
  }

  @Test
  void adoptBatchNoneSendsTheRequestsAgain() throws Exception {
    RunConfig cfg = anthropicCfg();
    try (FakeAnthropicBatchServer server = FakeAnthropicBatchServer.start(); Store store = Store.open(dir.resolve("none.db").toString())) {
      server.runningPolls(0).respondWith(BatchIntentTest::claudeAnswer);
      AnthropicBatchApi api = new AnthropicBatchApi(server.baseUrl(), KEY, Duration.ofSeconds(30));
      String runId = Runs.create(store, cfg, SAMPLES, null).id();
      assertThatThrownBy(() -> runner(store, new DyingBatchApi(api, false))
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE)).isInstanceOf(DyingBatchApi.Killed.class);
      String a = server.foreignBatch(Instant.now(), 6), b = server.foreignBatch(Instant.now(), 6);
      RunResult r = runner(store, api)
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE);
      assertThat(r.fatal()).contains(a).contains(b);
      RunResult again = runner(store, api).adoptBatch("none")
          .execute(runId, cfg, BatchRunnerTest.ENV, SAMPLES, claude(server.baseUrl()), RunEvents.NONE);
      assertThat(again.complete()).isTrue();
      assertThat(server.requests("POST", "/v1/messages/batches")).hasSize(1);
      assertThat(store.batches().of(runId)).extracting(BatchRecord::status).containsExactly(BatchRecord.DROPPED, "ended");
      assertThat(server.polls(a) + server.polls(b)).isZero();
    }
  }
}
