package dev.candor.cli;

import static dev.candor.cli.NamedScoresMigrationTest.CA;
import static dev.candor.cli.NamedScoresMigrationTest.RH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.core.Score.Status;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.testing.Slow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database of the previous release (schema 6, {@code src/test/resources/store/v6}), its rows relabelled to every
 * outcome a scorer wrote then, gets each row's status from its label when migrated, on SQLite and on PostgreSQL:
 * "could not score" for errors, early stops, text over budget and unreadable or failed judge calls; "not counted" for
 * what the scorer read and does not count (an answer without a number, ambiguous, not applicable, no reasoning).
 */
class ScoreStatusMigrationTest {
  @TempDir Path dir;

  /** The headline's outcomes the previous release wrote without a value, by sample (epoch 1), and their status. */
  static final Map<String, String> TRAJECTORY_LABELS = Map.of("base", "ambiguous", "control", "unparsed", "field-evaluation", "truncated",
      "field-grade", "too_long", "field-points", "error");
  static final Map<String, Status> TRAJECTORY_STATUS = Map.of("ambiguous", Status.NOT_COUNTED, "unparsed", Status.NOT_COUNTED,
      "truncated", Status.COULD_NOT_SCORE, "too_long", Status.COULD_NOT_SCORE, "error", Status.COULD_NOT_SCORE, "odd", Status.SCORED);
  /** The awareness scores' outcomes, by sample (epoch 1) of the reward-hint run, and the judge's unreadable reply. */
  static final Map<String, String> SCORE_LABELS = Map.of("base", "no_reasoning", "control", "too_long", "field-evaluation", "judge_error");
  static final String CA_INCOMPLETE = "broken-promises-migration/threat-on.oversight-off/spec-off";
  static final String CA_NOT_APPLICABLE = "broken-promises-migration/threat-on.oversight-on/spec-off";

  /** Relabels rows of a schema-6 database the way the previous release wrote those outcomes. */
  static void relabel(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      for (var e : TRAJECTORY_LABELS.entrySet())
        s.executeUpdate("UPDATE trajectories SET label = '" + e.getValue() + "', value = NULL WHERE run_id = '" + RH + "' AND sample_id = '"
            + e.getKey() + "' AND epoch = 1");
      for (var e : SCORE_LABELS.entrySet())
        s.executeUpdate("UPDATE scores SET label = '" + e.getValue() + "', value = NULL WHERE run_id = '" + RH + "' AND sample_id = '"
            + e.getKey() + "' AND epoch = 1");
      s.executeUpdate("UPDATE scores SET scorer = 'awareness-judge-v1', label = 'unparsed', value = NULL WHERE run_id = '" + RH
          + "' AND sample_id = 'field-grade' AND epoch = 1");
      s.executeUpdate("UPDATE trajectories SET label = 'incomplete', value = NULL WHERE run_id = '" + CA + "' AND sample_id = '" + CA_INCOMPLETE + "'");
      s.executeUpdate("UPDATE trajectories SET label = 'not_applicable', value = NULL WHERE run_id = '" + CA + "' AND sample_id = '" + CA_NOT_APPLICABLE + "'");
    }
  }

  Path relabelledV6() throws Exception {
    Path db = dir.resolve("v6.db");
    try (InputStream in = ScoreStatusMigrationTest.class.getResourceAsStream("/store/v6/candor-v6.db")) {
      Files.copy(in, db);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      relabel(c);
    }
    return db;
  }

  static void checkStatuses(Store s) {
    Map<String, Status> rh = new HashMap<>();
    s.trajectories().forEach(RH, t -> {
      assertThat(t.score().status()).as(t.sampleId() + " " + t.score().label()).isEqualTo(TRAJECTORY_STATUS.get(t.score().label()));
      if (t.epoch() == 1) rh.put(t.sampleId(), t.score().status());
    });
    assertThat(rh).containsEntry("control", Status.NOT_COUNTED).containsEntry("field-points", Status.COULD_NOT_SCORE);
    Map<String, Status> ca = new HashMap<>();
    s.trajectories().forEach(CA, t -> ca.put(t.sampleId(), t.score().status()));
    assertThat(ca).hasSize(4).containsEntry(CA_INCOMPLETE, Status.COULD_NOT_SCORE).containsEntry(CA_NOT_APPLICABLE, Status.NOT_COUNTED)
        .containsValue(Status.SCORED);
    Map<String, Status> lexical = new HashMap<>();
    for (ScoreRecord r : s.scores().of(RH, "awareness-lexical-v1")) if (r.epoch() == 1) lexical.put(r.label(), r.score().status());
    assertThat(lexical).containsEntry("no_reasoning", Status.NOT_COUNTED).containsEntry("too_long", Status.COULD_NOT_SCORE)
        .containsEntry("judge_error", Status.COULD_NOT_SCORE).containsEntry("metagaming", Status.SCORED);
    assertThat(s.scores().of(RH, "awareness-judge-v1")).singleElement().satisfies(r -> {
      assertThat(r.label()).isEqualTo("unparsed");
      assertThat(r.score().status()).isEqualTo(Status.COULD_NOT_SCORE); // an unreadable judge reply, unlike an answer without a number
    });
    for (String judge : List.of("judge-action-only-v1", "judge-with-reasoning-v1")) // moved out of the metadata by V7
      assertThat(s.scores().of(CA, judge)).hasSize(4).allSatisfy(r -> assertThat(r.score().status()).isEqualTo(Status.COULD_NOT_SCORE));
  }

  @Test
  void sqliteRowsGetTheirStatusFromTheirLabels() throws Exception {
    try (Store s = Store.open(relabelledV6().toString(), Store.Access.WRITE)) {
      checkStatuses(s);
    }
  }

  @Slow @Test
  void postgresqlRowsGetTheirStatusFromTheirLabels() throws Exception {
    Path v6 = relabelledV6();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("6").load().migrate();
      try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + v6); Connection to = DriverManager.getConnection(url)) {
        for (String table : List.of("runs", "samples", "trajectories", "scores")) NamedScoresMigrationTest.copy(from, to, table);
      }
      try (Store s = Store.open(url, Store.Access.WRITE)) {
        checkStatuses(s);
      }
    }
  }
}
