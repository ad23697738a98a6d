package dev.candor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.testing.Outputs;
import dev.candor.testing.Slow;
import static dev.candor.testing.TrajectoryBuilder.trajectory;

import dev.candor.core.Trajectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same store behaviour on the embedded SQLite default and on a real PostgreSQL server started by the test. */
@Slow
class StoreTest {
  static EmbeddedPostgres pg;
  @TempDir static Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  /** A cached output with every field set: the cache maps it to JSON and back at the store's boundary. */
  static final dev.candor.model.Output CACHED = Outputs.text("last").reasoning("thinking")
      .toolCalls(List.of(new dev.candor.model.ToolCall("c1", "bash", "{\"cmd\":\"ls\"}"))).usage(new dev.candor.model.Usage(3, 4, 1, 7))
      .truncated(true).latencyMillis(42).build();

  static int dbCounter;

  static Stream<String> databases() {
    return Stream.of("sqlite", "postgresql");
  }

  static String url(String kind) {
    dbCounter++;
    return kind.equals("sqlite") ? dir.resolve("s" + dbCounter + ".db").toString()
        : pg.getJdbcUrl("postgres", "postgres");
  }

  static RunRecord run(String id) {
    return new RunRecord(id, "name", "suite", "fake/m", "created", "test", 1, 2, "{}", "2026-01-01T00:00:00Z", null, null);
  }

  static Trajectory traj(String sample, int epoch, String label, Integer value, String error) {
    return trajectory(sample, epoch).variant("v-" + sample).verdict(label, value).answer("3").explanation("x").output("3", "think <b>")
        .finishReason("stop").tokens(1L, 2L, 0L).latencyMs(5L).seed(9L).messages(List.of()).events(List.of()).raw("{}")
        .attempts(List.of()).error(error).times("t0", "t1").build();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void concurrentSavesShareCommitsAndABadRowFailsOnlyItsCaller(String kind) throws Exception {
    try (Store s = Store.open(url(kind))) {
      String id = "group-" + kind + "-" + dbCounter;
      List<StoredSample> samples = new ArrayList<>();
      for (int i = 0; i < 200; i++) samples.add(new StoredSample("x" + i, i, "v", "{}", "[]", "{}"));
      s.runs().create(run(id), samples);
      java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 200; i++) {
          int n = i;
          futures.add(pool.submit(() -> {
            // sample x77 has no label (NOT NULL): its save must fail, and only its save
            Trajectory t = traj("x" + n, 1, n == 77 ? null : "odd", 1, null);
            try {
              s.trajectories().save(id, t);
              // returned: the row is committed and visible
              assertThat(s.trajectories().get(id, "x" + n, 1)).isPresent();
            } catch (StoreException e) {
              failed.incrementAndGet();
              assertThat(e.getMessage()).contains("x77");
            }
          }));
        }
        for (var f : futures) f.get(); // rethrows an assertion that failed inside
      }
      assertThat(failed.get()).isEqualTo(1);
      assertThat(s.trajectories().count(id)).isEqualTo(199);
      assertThat(s.trajectories().get(id, "x77", 1)).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void cacheRowsJoinGroupCommitsWithoutWaitingAndAreDurableBeforeTheTrajectoryAfterThem(String kind) throws Exception {
    String location = url(kind);
    String id = "cache-" + kind + "-" + dbCounter;
    try (Store s = Store.open(location)) {
      List<StoredSample> samples = new ArrayList<>();
      for (int i = 0; i < 100; i++) samples.add(new StoredSample("x" + i, i, "v", "{}", "[]", "{}"));
      s.runs().create(run(id), samples);
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 100; i++) {
          int n = i;
          futures.add(pool.submit(() -> {
            String key = id + "-k" + n;
            s.cache().put(key, "fake/m", Outputs.text("" + n).build()); // returns at once
            s.trajectories().save(id, traj("x" + n, 1, "odd", 1, null));
            // rows commit in the order queued: once the trajectory is committed, so is its call's cache row
            assertThat(s.cache().get(key)).isEqualTo(Outputs.text("" + n).build());
          }));
        }
        for (var f : futures) f.get();
      }
      s.cache().put(id + "-k0", "fake/m", Outputs.text("again").build()); // first writer wins
      s.cache().put(id + "-last", "fake/m", CACHED); // nothing after it: close commits it
    }
    try (Store s = Store.open(location)) {
      assertThat(s.trajectories().count(id)).isEqualTo(100);
      assertThat(s.cache().get(id + "-k0")).isEqualTo(Outputs.text("0").build());
      assertThat(s.cache().get(id + "-last")).as("every field of the output reads back").isEqualTo(CACHED);
      assertThat(s.cache().get(id + "-missing")).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void recordsProviderBatchesOfARun(String kind) {
    try (Store s = Store.open(url(kind))) {
      String id = "batch-" + kind + "-" + dbCounter;
      s.runs().create(run(id), List.of(new StoredSample("a", 0, "v-a", "{}", "[]", "{}")));
      s.batches().save(new BatchRecord(id, "batch_2", "openai", BatchRecord.SUBMITTED, 2, "[\"s0-e1\",\"s0-e2\"]", "2026-01-01T00:00:02Z", null, "submitted"));
      s.batches().save(new BatchRecord(id, "batch_1", "openai", BatchRecord.SUBMITTED, 1, "[\"s0-e3\"]", "2026-01-01T00:00:01Z", null, "submitted"));
      s.batches().update(id, "batch_1", "ended", "2026-01-01T01:00:00Z", "completed: 1 completed, 0 failed of 1");
      List<BatchRecord> bs = s.batches().of(id);
      assertThat(bs).extracting(BatchRecord::batchId).containsExactly("batch_1", "batch_2");
      assertThat(bs.get(0).open()).isFalse();
      assertThat(bs.get(0).detail()).startsWith("completed");
      assertThat(bs.get(1).open()).isTrue();
      assertThat(bs.get(1).customIdsJson()).isEqualTo("[\"s0-e1\",\"s0-e2\"]");
      assertThat(s.batches().of("no-such-run")).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void batchSubmissionsAreRecordedBeforeTheyAreSentAndSettledAfter(String kind) {
    try (Store s = Store.open(url(kind))) {
      String id = "intent-" + kind + "-" + dbCounter;
      s.runs().create(run(id), List.of(new StoredSample("a", 0, "v-a", "{}", "[]", "{}")));
      // Two submissions without provider ids yet (NULL batch ids side by side).
      s.batches().save(new BatchRecord(id, null, "openai", BatchRecord.SUBMITTING, 2, "[\"s0-e1\",\"s0-e2\"]", "2026-01-01T00:00:01Z", null, "submitting", "tok-1"));
      s.batches().save(new BatchRecord(id, null, "openai", BatchRecord.SUBMITTING, 1, "[\"s0-e3\"]", "2026-01-01T00:00:02Z", null, "submitting", "tok-2"));
      assertThat(s.batches().of(id)).allSatisfy(b -> {
        assertThat(b.unresolved()).isTrue();
        assertThat(b.open()).isFalse();
        assertThat(b.batchId()).isNull();
      });
      String batchId = "batch_" + kind + "_" + dbCounter;
      assertThat(s.batches().recorded(batchId)).isFalse();
      s.batches().accept(id, "tok-1", batchId, "submitted 2 requests");
      s.batches().drop(id, "tok-2", "never accepted");
      assertThat(s.batches().recorded(batchId)).isTrue();
      List<BatchRecord> bs = s.batches().of(id);
      assertThat(bs).extracting(BatchRecord::token).containsExactly("tok-1", "tok-2");
      assertThat(bs.get(0).batchId()).isEqualTo(batchId);
      assertThat(bs.get(0).open()).isTrue();
      assertThat(bs.get(0).detail()).isEqualTo("submitted 2 requests");
      assertThat(bs.get(1).status()).isEqualTo(BatchRecord.DROPPED);
      assertThat(bs.get(1).batchId()).isNull();
      assertThat(bs.get(1).finishedAt()).isNotNull();
      // A settled submission cannot be accepted again (nor one that does not exist).
      assertThatThrownBy(() -> s.batches().accept(id, "tok-2", "batch_late", "x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("tok-2");
      assertThatThrownBy(() -> s.batches().accept(id, "tok-9", "batch_late", "x")).isInstanceOf(IllegalStateException.class);
      s.batches().update(id, batchId, "ended", "2026-01-01T01:00:00Z", "completed");
      assertThat(s.batches().of(id).getFirst().status()).isEqualTo("ended");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void batchesRecordedBeforeSubmissionTokensMigrateWithTheirIdAsToken(String kind) throws Exception {
    String target;
    if (kind.equals("sqlite")) {
      target = "jdbc:sqlite:" + dir.resolve("v4-" + (++dbCounter) + ".db");
    } else {
      String name = "v4_" + (++dbCounter) + "_" + System.nanoTime();
      try (var c = pg.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE DATABASE " + name);
      }
      target = pg.getJdbcUrl("postgres", name);
    }
    // A database as Candor left it before submissions had tokens (schema version 4), with a batch still running.
    var flyway = org.flywaydb.core.Flyway.configure().dataSource(target, kind.equals("sqlite") ? null : "postgres", null)
        .locations("classpath:db/migration").target("4").load();
    flyway.migrate();
    try (var c = flyway.getConfiguration().getDataSource().getConnection()) {
      c.createStatement().execute("INSERT INTO batches (run_id, batch_id, provider, status, items, custom_ids_json, submitted_at, finished_at, detail)"
          + " VALUES ('old-run', 'batch_old', 'openai', 'submitted', 1, '[\"s0-e1\"]', '2026-01-01T00:00:00Z', NULL, 'submitted 1 requests')");
    }
    try (Store s = Store.open(target)) {
      assertThat(s.batches().of("old-run")).singleElement().satisfies(b -> {
        assertThat(b.batchId()).isEqualTo("batch_old");
        assertThat(b.token()).isEqualTo("batch_old");
        assertThat(b.open()).isTrue();
        assertThat(b.customIdsJson()).isEqualTo("[\"s0-e1\"]");
      });
      s.batches().update("old-run", "batch_old", "ended", "2026-01-01T01:00:00Z", "completed");
      assertThat(s.batches().of("old-run").getFirst().status()).isEqualTo("ended");
      // The same provider batch cannot be recorded twice for one run.
      assertThatThrownBy(() -> s.batches().save(new BatchRecord("old-run", "batch_old", "openai", BatchRecord.SUBMITTED, 1, "[]", "2026-01-02T00:00:00Z", null, "x", "tok-x")))
          .isInstanceOf(StoreException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void savesRunsSamplesAndTrajectoriesAndUpsertsByKey(String kind) {
    try (Store s = Store.open(url(kind))) {
      String id = "run-" + kind + "-" + dbCounter;
      s.runs().create(run(id), List.of(new StoredSample("a", 0, "v-a", "{\"x\":\"1\"}", "[]", "{}"),
          new StoredSample("b", 1, "v-b", "{\"x\":\"2\"}", "[]", "{}")));
      s.trajectories().save(id, traj("a", 1, "odd", 1, null));
      s.trajectories().save(id, traj("b", 1, "error", null, "boom"));
      s.trajectories().save(id, traj("b", 1, "even", 0, null)); // the retry replaces the error
      s.trajectories().save(id, traj("a", 2, "odd", 1, null));
      assertThat(s.trajectories().count(id)).isEqualTo(3);
      assertThat(s.trajectories().completedKeys(id)).containsExactlyInAnyOrder(new Trajectory.Key("a", 1),
          new Trajectory.Key("a", 2), new Trajectory.Key("b", 1));
      assertThat(s.trajectories().labelCounts(id)).contains(new LabelCount("v-a", "odd", 1, 2), new LabelCount("v-b", "even", 0, 1));
      List<Trajectory> all = new ArrayList<>();
      s.trajectories().forEach(id, all::add);
      assertThat(all).extracting(Trajectory::key).containsExactly(new Trajectory.Key("a", 1),
          new Trajectory.Key("a", 2), new Trajectory.Key("b", 1));
      assertThat(all.getFirst().output().reasoning()).isEqualTo("think <b>");
      assertThat(s.runs().resolve(id.substring(0, 6)).id()).isEqualTo(id);
      s.runs().setStatus(id, "complete", "t2");
      assertThat(s.runs().get(id).orElseThrow().status()).isEqualTo("complete");
      assertThat(s.samples().of(id)).extracting(StoredSample::sampleId).containsExactly("a", "b");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void eachSaveStoresItsOwnValuesThroughTheReusedStatementAlsoAfterAFailedRow(String kind) {
    try (Store s = Store.open(url(kind))) {
      String id = "reuse-" + kind + "-" + dbCounter;
      s.runs().create(run(id), List.of(new StoredSample("a", 0, "v", "{}", "[]", "{}"), new StoredSample("b", 1, "v", "{}", "[]", "{}"),
          new StoredSample("c", 2, "v", "{}", "[]", "{}")));
      // one at a time, so each is a commit of its own through the same prepared statement
      s.trajectories().save(id, traj("a", 1, "error", null, "boom"));
      Trajectory plain = trajectory("b", 1).variant("v-b").verdict("even", 0).seed(2L).attempts(List.of()).times("t0", "t1").build();
      s.trajectories().save(id, plain);
      // the nulls of b are its own, not a's values left bound from the commit before
      assertThat(s.trajectories().get(id, "b", 1)).contains(plain);
      assertThat(s.trajectories().get(id, "a", 1).orElseThrow().error()).isEqualTo("boom");
      assertThatThrownBy(() -> s.trajectories().save(id, traj("c", 1, null, 1, null))).isInstanceOf(StoreException.class);
      // the failed statement was dropped: the next save prepares a fresh one and commits
      s.trajectories().save(id, traj("c", 1, "odd", 1, null));
      assertThat(s.trajectories().get(id, "c", 1).orElseThrow().score().label()).isEqualTo("odd");
      assertThat(s.trajectories().count(id)).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aTrajectorysNamedScoresCommitWithItOrNotAtAll(String kind) {
    try (Store s = Store.open(url(kind))) {
      String id = "named-" + kind + "-" + dbCounter;
      s.runs().create(run(id), List.of(new StoredSample("a", 0, "v", "{}", "[]", "{}"), new StoredSample("b", 1, "v", "{}", "[]", "{}")));
      dev.candor.core.Score judge = new dev.candor.core.Score(dev.candor.core.Score.Status.SCORED, "covert", 1, null, "edited the log", List.of("239"), java.util.Map.of("rubric", "r1"));
      s.trajectories().save(id, traj("a", 1, "covert", 1, null), java.util.Map.of("judge-action-only-v1", judge));
      assertThat(s.scores().of(id, "judge-action-only-v1")).singleElement().satisfies(r -> {
        assertThat(r.key()).isEqualTo(new Trajectory.Key("a", 1));
        assertThat(r.score()).isEqualTo(judge);
        assertThat(r.createdAt()).isEqualTo("t1"); // the trajectory's finish
      });
      // a score that cannot be stored (no label) fails the save, and the trajectory is not stored without it
      dev.candor.core.Score bad = new dev.candor.core.Score(dev.candor.core.Score.Status.NOT_COUNTED, null, null, null, null, List.of(), java.util.Map.of());
      assertThatThrownBy(() -> s.trajectories().save(id, traj("b", 1, "honest", 0, null), java.util.Map.of("judge-action-only-v1", bad)))
          .isInstanceOf(StoreException.class);
      assertThat(s.trajectories().get(id, "b", 1)).isEmpty();
      assertThat(s.scores().of(id, "judge-action-only-v1")).hasSize(1);
      // counted per variant like the headline: a trajectory without that scorer's score is "unscored"
      s.trajectories().save(id, traj("b", 1, "honest", 0, null));
      assertThat(s.trajectories().labelCounts(id, "judge-action-only-v1")).containsExactlyInAnyOrder(new LabelCount("v-a", "covert", 1, 1),
          new LabelCount("v-b", "unscored", null, 1));
    }
  }

  @Test
  void sqliteFileReopensAndPassesIntegrityCheck() {
    String path = dir.resolve("reopen.db").toString();
    try (Store s = Store.open(path)) {
      s.runs().create(run("r1"), List.of(new StoredSample("a", 0, "v", "{}", "[]", "{}")));
      s.trajectories().save("r1", traj("a", 1, "odd", 1, null));
    }
    try (Store s = Store.open(path)) {
      assertThat(s.trajectories().count("r1")).isEqualTo(1);
      assertThat(s.integrityCheck()).isEqualTo("ok");
    }
  }

  @Test
  void badLocationsGiveOneLineErrors() {
    assertThatThrownBy(() -> Store.open(dir.resolve("missing/dir/x.db").toString()))
        .hasFieldOrPropertyWithValue("setting", dev.candor.InvalidSetting.Setting.DB).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Store.open("jdbc:mysql://x/y")).hasMessageContaining("database location: expected").hasFieldOrPropertyWithValue("setting", dev.candor.InvalidSetting.Setting.DB);
    assertThatThrownBy(() -> Store.open("jdbc:postgresql://127.0.0.1:1/none?user=u&password=hunter2secret"))
        .hasMessageContaining("database location: cannot open").satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2secret"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void runIdPrefixesMatchAsTextNotAsLikePatterns(String kind) {
    try (Store s = Store.open(url(kind))) {
      String id = "20270101-000000-" + kind.substring(0, 6);
      s.runs().create(run(id), List.of());
      assertThat(s.runs().resolve("20270101-000000-" + kind.substring(0, 3)).id()).isEqualTo(id);
      for (String pattern : List.of("%", "_", "2027%", "20270101_000000"))
        assertThatThrownBy(() -> s.runs().resolve(pattern)).hasMessageContaining("not found");
    }
  }

  @Test
  void unknownRunIsAClearError() {
    try (Store s = Store.open(dir.resolve("u.db").toString())) {
      assertThatThrownBy(() -> s.runs().resolve("nope")).hasMessageContaining("run 'nope' not found");
    }
  }
}
