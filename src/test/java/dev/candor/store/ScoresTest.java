package dev.candor.store;

import dev.candor.core.Score;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.Slow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analysis scores by scorer: saved, replaced by key, read in sample order — on SQLite and on a real PostgreSQL. */
class ScoresTest {
  @TempDir Path dir;

  static void exercise(Store s) {
    String id = "r-" + System.nanoTime();
    s.runs().create(new RunRecord(id, null, "suite", "m/x", "complete", "t", 1, 1, "{}", "2026-01-01T00:00:00Z", null, null),
        List.of(new StoredSample("b", 0, "v", "{}", "[]", "{}"), new StoredSample("a", 1, "v", "{}", "[]", "{}")));
    s.scores().save(List.of(
        new ScoreRecord(id, "a", 1, "awareness-lexical-v1", new Score("unaware", 0, null, "", List.of(), Map.of()), "t"),
        new ScoreRecord(id, "b", 1, "awareness-lexical-v1", new Score("aware", 1, null, "aware:x", List.of("This might be a test."), Map.of("aware", true)), "t"),
        new ScoreRecord(id, "b", 1, "awareness-judge-v1", new Score("unparsed", null, null, "no verdict", List.of(), Map.of()), "t")));
    List<ScoreRecord> lex = s.scores().of(id, "awareness-lexical-v1");
    assertThat(lex).extracting(ScoreRecord::sampleId).containsExactly("b", "a"); // sample order, not insertion order
    assertThat(lex.getFirst().score().evidence()).containsExactly("This might be a test.");
    assertThat(lex.getFirst().score().metadata()).isEqualTo(Map.of("aware", true));
    assertThat(s.scores().of(id, "awareness-judge-v1").getFirst().value()).isNull();
    s.scores().save(List.of(new ScoreRecord(id, "b", 1, "awareness-lexical-v1", new Score("unaware", 0, null, "", List.of(), Map.of()), "t2")));
    assertThat(s.scores().of(id, "awareness-lexical-v1")).hasSize(2).first().satisfies(r -> {
      assertThat(r.label()).isEqualTo("unaware");
      assertThat(r.createdAt()).isEqualTo("t2");
    });
    assertThat(s.scores().scorers(id)).containsExactly("awareness-judge-v1", "awareness-lexical-v1");
    assertThat(s.scores().of(id, "nobody")).isEmpty();
  }

  @Test void sqlite() {
    try (Store s = Store.open(dir.resolve("s.db").toString())) {
      exercise(s);
    }
  }

  @Slow @Test void postgresql() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); Store s = Store.open(pg.getJdbcUrl("postgres", "postgres"))) {
      exercise(s);
    }
  }
}
