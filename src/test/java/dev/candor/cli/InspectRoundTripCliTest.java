package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Candor run (the organism, reward hints, awareness labels as named scores) → export as Inspect .eval and
 * .json → import → the same {@code show} output (table and JSON) and the same named scores; and --variant-key is
 * a CLI option whose bad value is a one-line error with exit code 2 and nothing written.
 */
class InspectRoundTripCliTest {
  @TempDir Path dir;

  static String body(String show) {
    return show.substring(show.indexOf('\n') + 1); // the first line names the run (id, name)
  }

  @Slow
  @Test
  void exportImportGivesTheSameShowAndNamedScores() throws Exception {
    String db = dir.resolve("rt.db").toString();
    Outcome run = Outcome.candor("run", "--suite", "reward-hints", "--model", "organism/rl-late", "--limit", "6",
        "--epochs", "3", "--db", db, "--quiet");
    assertThat(run.code()).as(run.err()).isZero();
    String id = run.out().lines().findFirst().orElseThrow().trim();
    assertThat(Outcome.candor("analyze", "awareness", id, "--db", db).code()).isZero();
    String table = Outcome.candor("show", id, "--db", db).out();
    String json = Outcome.candor("show", id, "--db", db, "--format", "json").out();
    for (String format : List.of("inspect", "inspect-json")) {
      Path out = Files.createDirectories(dir.resolve(format));
      assertThat(Outcome.candor("export", id, "--format", format, "--out", out.toString(), "--db", db).code()).isZero();
      Path file;
      try (var files = Files.list(out)) {
        file = files.findFirst().orElseThrow();
      }
      Outcome imp = Outcome.candor("import", file.toString(), "--db", db);
      assertThat(imp.code()).as(imp.err()).isZero();
      String back = imp.out().trim();
      assertThat(body(Outcome.candor("show", back, "--db", db).out())).as(format).isEqualTo(body(table));
      assertThat(Outcome.candor("show", back, "--db", db, "--format", "json").out().replace(back, id)).as(format).isEqualTo(json);
      try (Store s = Store.open(db)) {
        assertThat(s.scores().scorers(back)).isEqualTo(s.scores().scorers(id)).isNotEmpty();
        for (String scorer : s.scores().scorers(id))
          assertThat(s.scores().of(back, scorer)).as(format + " " + scorer).usingRecursiveFieldByFieldElementComparatorIgnoringFields("runId", "createdAt")
              .isEqualTo(s.scores().of(id, scorer));
      }
    }
  }

  @Test
  void badVariantKeyIsAOneLineErrorAndWritesNothing() {
    String db = dir.resolve("v.db").toString();
    Outcome r = Outcome.candor("import", "src/test/resources/inspect-logs/0.3.261/tools-task.json", "--variant-key",
        "nope", "--db", db);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--variant-key: sample 1 of").contains("has no metadata.nope");
    try (Store s = Store.open(db)) {
      assertThat(s.runs().all()).isEmpty();
    }
    Outcome ok = Outcome.candor("import", "src/test/resources/inspect-logs/0.3.261/tools-task.json", "--variant-key",
        "difficulty", "--db", db);
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(Outcome.candor("show", ok.out().trim(), "--db", db).out()).contains("wrong-target").contains("prose");
  }
}
