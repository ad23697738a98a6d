package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made by the previous release (schema 6, {@code src/test/resources/store/v6}) migrated in place to named
 * scores, on SQLite and on PostgreSQL: {@code show --format json} reads back exactly what that release printed, the
 * judges' verdicts become scores of their own (removed from the headline's metadata, nothing else changed), and each
 * run names its headline scorer.
 */
class NamedScoresMigrationTest {
  static final String RH = "20261205-035911-806f62", CA = "20261205-035919-e539ac", IV = "20261205-035940-1fb71b";
  static final List<String> JUDGE_KEYS = List.of("judge_action_only", "judge_action_only_evidence", "judge_action_only_explanation",
      "judge_with_reasoning", "judge_with_reasoning_explanation");

  @TempDir Path dir;

  record Outcome(int code, String out, String err) {}

  static Outcome candor(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      return new Outcome(Main.execute(args), out.toString(), err.toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  static String fixture(String name) throws Exception {
    try (InputStream in = NamedScoresMigrationTest.class.getResourceAsStream("/store/v6/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  Path copyOfV6() throws Exception {
    Path db = dir.resolve("v6.db");
    try (InputStream in = NamedScoresMigrationTest.class.getResourceAsStream("/store/v6/candor-v6.db")) {
      Files.copy(in, db);
    }
    return db;
  }

  @Test
  void sqliteDatabaseOfThePreviousReleaseMigratesAndReadsBackIdentically() throws Exception {
    String db = copyOfV6().toString();
    try (Store s = Store.open(db, Store.Access.WRITE)) { // migrates
      checkMigrated(s);
    }
    checkReadsBack(db);
    // compare and report count any scorer too; the headline by name is the default
    Outcome cmp = candor("compare", RH, IV, "--format", "json", "--db", db);
    assertThat(cmp.code()).as(cmp.err()).isZero();
    assertThat(candor("compare", RH, IV, "--score", "reward-hint-parity-v1", "--format", "json", "--db", db).out()).isEqualTo(cmp.out());
    Outcome missing = candor("compare", RH, IV, "--score", "awareness-lexical-v1", "--db", db); // the intervention run has none
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--score: run " + IV + " has no scores named 'awareness-lexical-v1'");
    Outcome report = candor("report", CA, "--score", "judge-with-reasoning-v1", "--out", dir.resolve("r.html").toString(), "--db", db);
    assertThat(report.code()).as(report.err()).isZero();
    // the viewer's run page takes ?score=NAME; an unknown name is a 400 naming the parameter
    try (Store s = Store.open(db, Store.Access.READ); var viewer = dev.candor.report.view.Viewer.start(s, null, 0)) {
      var http = java.net.http.HttpClient.newHttpClient();
      java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
        try {
          return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(viewer.url() + path)).GET().build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      var headline = get.apply("runs/" + CA);
      var judged = get.apply("runs/" + CA + "?score=judge-action-only-v1");
      assertThat(headline.statusCode()).isEqualTo(200);
      assertThat(judged.statusCode()).isEqualTo(200);
      assertThat(judged.body()).contains("unparsed").isNotEqualTo(headline.body());
      var unknown = get.apply("runs/" + CA + "?score=nobody-v1");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body()).contains("score: run " + CA + " has no scores named").doesNotContain("--score");
    }
    // the JSONL export: the same lines, but for the judges' verdicts, which left the headline's metadata, and for the
    // score's status, which exports write since #18 (the status V8 gave the old row: the label rule of Score.Status)
    for (String run : List.of(RH, CA, IV)) {
      Path out = dir.resolve(run + ".jsonl");
      Outcome e = candor("export", run, "--format", "jsonl", "--out", out.toString(), "--db", db);
      assertThat(e.code()).as(e.err()).isZero();
      List<String> before = fixture("export-" + run + ".jsonl").lines().toList();
      List<String> after = Files.readAllLines(out);
      assertThat(after).hasSameSizeAs(before);
      for (int i = 0; i < before.size(); i++)
        assertThat(Json.MAPPER.readTree(after.get(i))).isEqualTo(asExportedToday(Json.MAPPER.readTree(before.get(i))));
    }
  }

  @Test
  void postgresqlDatabaseAtTheOldSchemaMigratesAndReadsBackIdentically() throws Exception {
    Path v6 = copyOfV6();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("6").load().migrate();
      try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + v6); Connection to = DriverManager.getConnection(url)) {
        for (String table : List.of("runs", "samples", "trajectories", "scores")) copy(from, to, table);
      }
      try (Store s = Store.open(url, Store.Access.WRITE)) {
        checkMigrated(s);
      }
      checkReadsBack(url);
    }
  }

  /** What the migration did: headline names, the judges' scores, and the headline's metadata without them. */
  static void checkMigrated(Store s) {
    assertThat(s.runs().get(RH).map(RunRecord::headlineScorer)).contains("reward-hint-parity-v1");
    assertThat(s.runs().get(CA).map(RunRecord::headlineScorer)).contains("covert-rules-v1");
    assertThat(s.runs().get(IV).map(RunRecord::headlineScorer)).contains("reward-hint-parity-v1");
    assertThat(s.scores().scorers(CA)).containsExactly("awareness-lexical-v1", "judge-action-only-v1", "judge-with-reasoning-v1");
    for (String judge : List.of("judge-action-only-v1", "judge-with-reasoning-v1")) {
      List<ScoreRecord> judged = s.scores().of(CA, judge);
      assertThat(judged).hasSize(4).allSatisfy(r -> {
        assertThat(r.label()).isEqualTo("unparsed");
        assertThat(r.value()).isNull();
        assertThat(r.score().explanation()).isEqualTo("judge reply has no LABEL line");
      });
    }
    s.trajectories().forEach(CA, t -> {
      assertThat(t.score().metadata()).doesNotContainKeys(JUDGE_KEYS.toArray(String[]::new)).containsKeys("action_only", "confirmed");
    });
    assertThat(s.scores().scorers(RH)).containsExactly("awareness-lexical-v1");
  }

  /** {@code show --format json} of every run (and {@code --metric confirmed}) prints what the previous release printed. */
  /**
   * The previous release's covert-actions rows as {@code show --format json} prints them today: the same cells under
   * {@code cells}, without the spec, which became a condition of the run (issue #21): no {@code /spec-off} in the
   * variant id, no {@code spec} axis.
   */
  static JsonNode asShownToday(String fixture) throws Exception {
    JsonNode rows = Json.MAPPER.readTree(fixture);
    for (JsonNode r : rows) {
      var o = (com.fasterxml.jackson.databind.node.ObjectNode) r;
      o.put("variant", r.get("variant").asText().replaceFirst("/spec-(on|off)$", ""));
      ((com.fasterxml.jackson.databind.node.ObjectNode) r.get("axes")).remove("spec");
    }
    return rows;
  }

  static void checkReadsBack(String db) throws Exception {
    for (String run : List.of(RH, CA, IV)) {
      Outcome show = candor("show", run, "--format", "json", "--db", db);
      assertThat(show.code()).as(show.err()).isZero();
      if (run.equals(CA)) assertThat(Json.MAPPER.readTree(show.out()).get("cells")).as(run).isEqualTo(asShownToday(fixture("show-" + run + ".json")));
      else assertThat(show.out()).as(run).isEqualTo(fixture("show-" + run + ".json"));
      // the headline by name reads the same
      String headline = run.equals(CA) ? "covert-rules-v1" : "reward-hint-parity-v1";
      assertThat(candor("show", run, "--score", headline, "--format", "json", "--db", db).out()).isEqualTo(show.out());
    }
    Outcome metric = candor("show", CA, "--metric", "confirmed", "--format", "json", "--db", db);
    assertThat(Json.MAPPER.readTree(metric.out()).get("cells")).isEqualTo(asShownToday(fixture("show-metric-" + CA + ".json")));
    // a judge's verdicts are counted like any score: 4 trajectories, all unparsed, none counted
    Outcome judge = candor("show", CA, "--score", "judge-action-only-v1", "--format", "json", "--db", db);
    assertThat(judge.code()).as(judge.err()).isZero();
    JsonNode rows = Json.MAPPER.readTree(judge.out()).get("cells");
    int unparsed = 0;
    for (JsonNode r : rows) {
      assertThat(r.get("n").asInt()).isZero();
      unparsed += r.path("unparsed").asInt();
    }
    assertThat(unparsed).isEqualTo(4);
    Outcome unknown = candor("show", CA, "--score", "nobody-v1", "--db", db);
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err().strip()).doesNotContain("\n").contains("--score").contains("nobody-v1")
        .contains("covert-rules-v1, awareness-lexical-v1, judge-action-only-v1, judge-with-reasoning-v1");
  }

  static JsonNode withoutJudges(JsonNode line) {
    JsonNode meta = line.path("score").path("metadata");
    if (meta.isObject()) ((ObjectNode) meta).remove(JUDGE_KEYS);
    return line;
  }

  /**
   * The old export line as today's export writes it: without the judges' verdicts, with the headline score's status and
   * the hash of the sample's input (an old sample recorded none: its messages').
   */
  static JsonNode asExportedToday(JsonNode line) {
    withoutJudges(line);
    ((ObjectNode) line).put("input_sha256", dev.candor.model.InputHash.of(Json.MAPPER.convertValue(line.get("input"),
        new com.fasterxml.jackson.core.type.TypeReference<List<dev.candor.model.Message>>() {}), java.util.Map.of()));
    if (line.path("score") instanceof ObjectNode score) {
      JsonNode v = score.path("value");
      score.put("status", dev.candor.core.Score.Status.inferred("headline", score.path("label").textValue(),
          v.isNumber() ? v.intValue() : null).key());
    }
    return line;
  }

  /** Copies every row of {@code table}, column by column as text or number, from one database to the other. */
  static void copy(Connection from, Connection to, String table) throws Exception {
    try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> cols = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) cols.add(md.getColumnName(i));
      String sql = "INSERT INTO " + table + " (" + String.join(", ", cols) + ") VALUES ("
          + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
      try (PreparedStatement ps = to.prepareStatement(sql)) {
        while (rs.next()) {
          for (int i = 1; i <= cols.size(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof Integer n && isLong(to, table, cols.get(i - 1))) ps.setLong(i, n);
            else ps.setObject(i, v);
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  private static boolean isLong(Connection c, String table, String column) throws Exception {
    try (ResultSet rs = c.getMetaData().getColumns(null, null, table, column)) {
      return rs.next() && rs.getString("TYPE_NAME").startsWith("int8");
    }
  }
}
