package dev.candor.report.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.store.Store;
import dev.candor.store.TrajectoryFilter;
import dev.candor.store.TrajectorySummary;
import dev.candor.testing.Slow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's paged store queries on both databases: filters, case-insensitive literal text search, paging. */
@Slow
class TrajectoryPageQueryTest {
  static EmbeddedPostgres pg;
  @TempDir static Path dir;
  static int n;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) pg.close();
  }

  static Stream<String> databases() {
    return Stream.of("sqlite", "postgresql");
  }

  static Store open(String kind) throws Exception {
    n++;
    if (kind.equals("sqlite")) return Store.open(dir.resolve("p" + n + ".db").toString());
    String db = "pages" + n;
    try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    return Store.open(pg.getJdbcUrl("postgres", db));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void filtersAndPages(String kind) throws Exception {
    try (Store s = open(kind)) {
      Fixtures.small(s);
      assertThat(s.trajectories().count("small", TrajectoryFilter.ALL)).isEqualTo(17);
      assertThat(s.trajectories().count("small", new TrajectoryFilter("a", null, null))).isEqualTo(12);
      assertThat(s.trajectories().count("small", new TrajectoryFilter("a", "unparsed", null))).isEqualTo(2);
      assertThat(s.trajectories().count("small", new TrajectoryFilter(" ", "", null))).isEqualTo(17); // blank = no filter
      // case-insensitive, and % and _ are literal characters, not wildcards
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, "THE METADATA"))).isEqualTo(1);
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, "% 2"))).isEqualTo(1);
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, "%"))).isEqualTo(1);
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, "t_inking"))).isEqualTo(0);
      // awareness labels stored by `candor analyze awareness` filter too (aware also matches aware+metagaming)
      var first = s.trajectories().page("small", TrajectoryFilter.ALL, 0, 3);
      s.scores().save(java.util.List.of(
          new dev.candor.store.ScoreRecord("small", first.get(0).sampleId(), first.get(0).epoch(), "awareness-lexical-v1", new dev.candor.core.Score(dev.candor.core.Score.Status.SCORED, "aware", 1, null, null, java.util.List.of(), java.util.Map.of()), "t"),
          new dev.candor.store.ScoreRecord("small", first.get(1).sampleId(), first.get(1).epoch(), "awareness-lexical-v1", new dev.candor.core.Score(dev.candor.core.Score.Status.SCORED, "aware+metagaming", 1, null, null, java.util.List.of(), java.util.Map.of()), "t"),
          new dev.candor.store.ScoreRecord("small", first.get(2).sampleId(), first.get(2).epoch(), "awareness-lexical-v1", new dev.candor.core.Score(dev.candor.core.Score.Status.SCORED, "unaware", 0, null, null, java.util.List.of(), java.util.Map.of()), "t")));
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, null, "aware"))).isEqualTo(2);
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, null, "metagaming"))).isEqualTo(1);
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, null, "unaware"))).isEqualTo(1);
      // and by the scorer named: asked for by name, no other scorer's labels match
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, null, "aware", "awareness-lexical-v1"))).isEqualTo(2);
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, null, "aware", "awareness-judge-v1"))).isZero();
      assertThat(s.trajectories().page("small", new TrajectoryFilter(null, null, null, "aware"), 0, 10))
          .extracting(t -> t.sampleId() + "#" + t.epoch()).containsExactly(first.get(0).sampleId() + "#" + first.get(0).epoch(),
              first.get(1).sampleId() + "#" + first.get(1).epoch());
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, "thinking"))).isEqualTo(11); // a-1 .. a-11
      assertThat(s.trajectories().count("small", new TrajectoryFilter(null, null, "no number"))).isEqualTo(2); // in the output
      List<TrajectorySummary> page2 = s.trajectories().page("small", TrajectoryFilter.ALL, 5, 5);
      assertThat(page2).extracting(TrajectorySummary::sampleId).containsExactly("a-3", "a-4", "a-5", "a-6", "a-7"); // (sample id, epoch) order: a-0, a-1, a-10, a-11, a-2, a-3, …
      assertThat(page2.getFirst().outputHead()).isEqualTo("4");
      assertThat(page2.getFirst().reasoningHead()).isEqualTo("thinking 3");
      assertThat(s.trajectories().page("small", TrajectoryFilter.ALL, 100, 5)).isEmpty();
      assertThatThrownBy(() -> s.trajectories().page("small", TrajectoryFilter.ALL, -1, 5)).isInstanceOf(IllegalArgumentException.class);
      assertThat(s.samples().get("small", "b-3")).hasValueSatisfying(x -> assertThat(x.variantId()).isEqualTo("b"));
      assertThat(s.samples().get("small", "zzz")).isEmpty();
      assertThat(s.samples().variantAxes("small")).containsOnlyKeys("a", "b");
    }
  }
}
