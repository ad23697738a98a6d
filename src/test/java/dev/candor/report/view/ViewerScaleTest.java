package dev.candor.report.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.store.TrajectoryFilter;
import dev.candor.store.TrajectorySummary;
import dev.candor.testing.RunRecords;
import dev.candor.testing.Slow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of 100,000 small trajectories in a SQLite file: the viewer reads page 500 and a filtered page through paged
 * queries and gets exactly the right rows. (How fast is measured in bench/, not here.)
 */
@Slow
class ViewerScaleTest {
  static final int N = 100_000;
  @TempDir Path dir;

  static String sampleId(int i) {
    return String.format("s%06d", i);
  }

  @Test
  void pagesThroughAHundredThousandTrajectories() throws Exception {
    try (Store store = Store.open(dir.resolve("big.db").toString())) {
      List<StoredSample> samples = new ArrayList<>(N);
      for (int i = 0; i < N; i++) samples.add(new StoredSample(sampleId(i), i, "v" + (i % 4), "{\"k\":\"" + (i % 4) + "\"}", "[]", "{}"));
      store.runs().create(RunRecords.of("big").name("big").suite("suite").model("fake/m").build(), samples);
      // one transaction through a second connection to the same file (the store commits per trajectory, which is
      // right for a run but slow for building a fixture)
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("big.db"))) {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trajectories (run_id, sample_id, epoch, variant_id, status, label, value, "
            + "answer, evidence_json, score_meta_json, output_text, reasoning, finish_reason, truncated, messages_json, events_json, "
            + "attempts_json) VALUES ('big', ?, 1, ?, 'scored', ?, ?, ?, '[]', '{}', ?, ?, 'stop', 0, '[]', '[]', '[]')")) {
          for (int i = 0; i < N; i++) {
            boolean odd = i % 10 == 3;
            String out = odd ? "7" : "4";
            ps.setString(1, sampleId(i));
            ps.setString(2, "v" + (i % 4));
            ps.setString(3, odd ? "odd" : "even");
            ps.setInt(4, odd ? 1 : 0);
            ps.setString(5, out);
            ps.setString(6, out);
            ps.setString(7, i % 1000 == 7 ? "needle reward hack " + i : "plain " + i);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        c.commit();
      }
      assertThat(store.trajectories().count("big")).isEqualTo(N);

      // page 500 (1-based, 50 per page) of everything: rows 24,950 .. 24,999 in sample order
      List<TrajectorySummary> page = store.trajectories().page("big", TrajectoryFilter.ALL, 499L * Pages.PAGE_SIZE, Pages.PAGE_SIZE);
      assertThat(page).hasSize(50);
      assertThat(page.getFirst().sampleId()).isEqualTo(sampleId(24_950));
      assertThat(page.getLast().sampleId()).isEqualTo(sampleId(24_999));

      // a filtered page: variant v3 and label odd are samples i with i%4==3 and i%10==3, i.e. i = 3 (mod 20)
      TrajectoryFilter f = new TrajectoryFilter("v3", "odd", null);
      assertThat(store.trajectories().count("big", f)).isEqualTo(N / 20);
      List<TrajectorySummary> filtered = store.trajectories().page("big", f, 50L * Pages.PAGE_SIZE, Pages.PAGE_SIZE);
      assertThat(filtered).hasSize(50).allSatisfy(t -> assertThat(t.label()).isEqualTo("odd"));
      assertThat(filtered.getFirst().sampleId()).isEqualTo(sampleId(3 + 20 * 2500));
      // text search: i % 1000 == 7, i.e. 100 matches
      TrajectoryFilter text = new TrajectoryFilter(null, null, "NEEDLE");
      assertThat(store.trajectories().count("big", text)).isEqualTo(N / 1000);
      assertThat(store.trajectories().page("big", text, 50, 50)).extracting(TrajectorySummary::sampleId).first().isEqualTo(sampleId(50_007));

      // the same through the viewer
      try (Viewer.Handle v = Viewer.start(store, null, 0)) {
        HttpClient http = HttpClient.newHttpClient();
        String body = http.send(HttpRequest.newBuilder(URI.create(v.url() + "runs/big/trajectories?page=500")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("100000 trajectories · page 500 of 2000").contains("sample=" + sampleId(24_950) + "&amp;")
            .doesNotContain("sample=" + sampleId(25_000) + "&amp;");
        String fbody = http.send(HttpRequest.newBuilder(URI.create(v.url() + "runs/big/trajectories?variant=v3&label=odd&page=2")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        assertThat(fbody).contains("5000 trajectories · page 2 of 100").contains("sample=" + sampleId(3 + 20 * 50) + "&amp;");
        String run = http.send(HttpRequest.newBuilder(URI.create(v.url() + "runs/big")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(run).contains("<td class=\"num\">5000</td><td class=\"num\">25000</td><td class=\"num\">20.0%</td>");
      }
    }
  }
}
