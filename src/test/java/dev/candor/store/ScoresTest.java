package dev.candor.store;

import dev.candor.core.Score;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.Slow;
import dev.candor.testing.TrajectoryBuilder;
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
        new ScoreRecord(id, "a", 1, "awareness-lexical-v1", new Score(Score.Status.SCORED, "unaware", 0, null, "", List.of(), Map.of()), "t"),
        new ScoreRecord(id, "b", 1, "awareness-lexical-v1", new Score(Score.Status.SCORED, "aware", 1, null, "aware:x", List.of("This might be a test."), Map.of("aware", true)), "t"),
        new ScoreRecord(id, "b", 1, "awareness-judge-v1", new Score(Score.Status.COULD_NOT_SCORE, "unparsed", null, null, "no verdict", List.of(), Map.of()), "t")));
    List<ScoreRecord> lex = s.scores().of(id, "awareness-lexical-v1");
    assertThat(lex).extracting(ScoreRecord::sampleId).containsExactly("b", "a"); // sample order, not insertion order
    assertThat(lex.getFirst().score().evidence()).containsExactly("This might be a test.");
    assertThat(lex.getFirst().score().metadata()).isEqualTo(Map.of("aware", true));
    assertThat(s.scores().of(id, "awareness-judge-v1").getFirst().value()).isNull();
    s.scores().save(List.of(new ScoreRecord(id, "b", 1, "awareness-lexical-v1", new Score(Score.Status.SCORED, "unaware", 0, null, "", List.of(), Map.of()), "t2")));
    assertThat(s.scores().of(id, "awareness-lexical-v1")).hasSize(2).first().satisfies(r -> {
      assertThat(r.label()).isEqualTo("unaware");
      assertThat(r.createdAt()).isEqualTo("t2");
    });
    assertThat(s.scores().scorers(id)).containsExactly("awareness-judge-v1", "awareness-lexical-v1");
    assertThat(s.scores().of(id, "nobody")).isEmpty();
  }

  /**
   * "Could not score" and "not counted" come back as saved, with their reasons, whatever the label: a judge's
   * unreadable reply (a named score, alone or written with its trajectory) and a headline the scorer could not give,
   * beside an answer without a number that the scorer read and does not count.
   */
  static void statusesRoundTrip(Store s) {
    String id = "st-" + System.nanoTime();
    s.runs().create(new RunRecord(id, null, "suite", "m/x", "complete", "t", 1, 1, "{}", "2026-01-01T00:00:00Z", null, null),
        List.of(new StoredSample("a", 0, "v", "{}", "[]", "{}"), new StoredSample("b", 1, "v", "{}", "[]", "{}")));
    Score unreadable = Score.couldNotScore("unparsed", "judge reply has no LABEL line", Map.of("judge_model", "openai/j"));
    Score noNumber = Score.notCounted("unparsed", null, "no integer in the answer", List.of(), Map.of());
    Score tooLong = Score.couldNotScore("too_long", "could not score: the trajectory's text is 9 characters, over the limit of 8", Map.of());
    s.scores().save(List.of(new ScoreRecord(id, "a", 1, "awareness-judge-v1", unreadable, "t")));
    s.trajectories().save(id, TrajectoryBuilder.trajectory("a", 1).variant("v").score(noNumber).build(), Map.of("judge-action-only-v1", unreadable));
    s.trajectories().save(id, TrajectoryBuilder.trajectory("b", 1).variant("v").score(tooLong).build());
    assertThat(s.scores().of(id, "awareness-judge-v1")).singleElement().extracting(ScoreRecord::score).isEqualTo(unreadable);
    assertThat(s.scores().of(id, "judge-action-only-v1")).singleElement().extracting(ScoreRecord::score).isEqualTo(unreadable);
    assertThat(s.trajectories().get(id, "a", 1).orElseThrow().score().status()).isEqualTo(Score.Status.NOT_COUNTED);
    assertThat(s.trajectories().get(id, "b", 1).orElseThrow().score()).satisfies(sc -> {
      assertThat(sc.status()).isEqualTo(Score.Status.COULD_NOT_SCORE);
      assertThat(sc.explanation()).isEqualTo(tooLong.explanation());
    });
  }

  @Test void sqlite() {
    try (Store s = Store.open(dir.resolve("s.db").toString())) {
      exercise(s);
      statusesRoundTrip(s);
    }
  }

  @Slow @Test void postgresql() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); Store s = Store.open(pg.getJdbcUrl("postgres", "postgres"))) {
      exercise(s);
      statusesRoundTrip(s);
    }
  }
}
