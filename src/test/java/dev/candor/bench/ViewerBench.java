package dev.candor.bench;

import dev.candor.export.InspectExport;
import dev.candor.export.Importer;
import dev.candor.report.view.Viewer;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.testing.RunRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Viewer and Inspect export speed on a big run: N small trajectories (4 variants, realistic-length reasoning) in a
 * SQLite file; median latency over REPS of each viewer page over HTTP on 127.0.0.1, then one .eval export and its
 * re-import. Usage: {@code ViewerBench N REPS}.
 */
public final class ViewerBench {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int reps = Integer.parseInt(args[1]);
    Path dir = Files.createTempDirectory("candor-viewer-bench");
    Path db = dir.resolve("big.db");
    try (Store store = Store.open(db.toString())) {
      long t0 = System.nanoTime();
      List<StoredSample> samples = new ArrayList<>(n);
      for (int i = 0; i < n; i++)
        samples.add(new StoredSample(String.format("s%07d", i), i, "v" + (i % 4), "{\"k\":\"" + (i % 4) + "\"}",
            "[{\"role\":\"USER\",\"content\":\"Give a random even number.\",\"reasoning\":null,\"toolCalls\":[],\"toolCallId\":null}]", "{}"));
      store.runs().create(RunRecords.of("big").name("big").model("fake/m").candorVersion("bench").build(), samples);
      String filler = "Let me think about which number to give. ".repeat(12);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trajectories (run_id, sample_id, epoch, variant_id, status, label, value, "
            + "answer, evidence_json, score_meta_json, output_text, reasoning, finish_reason, truncated, messages_json, events_json, "
            + "attempts_json) VALUES ('big', ?, 1, ?, 'scored', ?, ?, ?, '[]', '{}', ?, ?, 'stop', 0, '[]', '[]', '[]')")) {
          for (int i = 0; i < n; i++) {
            boolean odd = i % 10 == 3;
            ps.setString(1, String.format("s%07d", i));
            ps.setString(2, "v" + (i % 4));
            ps.setString(3, odd ? "odd" : "even");
            ps.setInt(4, odd ? 1 : 0);
            ps.setString(5, odd ? "7" : "4");
            ps.setString(6, odd ? "7" : "4");
            ps.setString(7, filler + (i % 1000 == 7 ? "needle " : "") + i);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        c.commit();
      }
      System.out.printf(Locale.ROOT, "RESULT build_seconds=%.1f trajectories=%d db_mb=%.0f%n", (System.nanoTime() - t0) / 1e9, n,
          Files.size(db) / 1e6);
      HttpClient http = HttpClient.newHttpClient();
      int last = (n + 49) / 50;
      try (Viewer.Handle v = Viewer.start(store, null, 0)) {
        String[][] pages = {
            {"runs", ""}, {"run_page", "runs/big"}, {"list_page_1", "runs/big/trajectories"},
            {"list_page_500", "runs/big/trajectories?page=500"}, {"list_last_page", "runs/big/trajectories?page=" + last},
            {"filtered_variant_label_page_20", "runs/big/trajectories?variant=v3&label=odd&page=20"},
            {"text_search_page_1", "runs/big/trajectories?q=needle"}, {"trajectory", "runs/big/trajectory?sample=s0000003&epoch=1"}};
        for (String[] p : pages) {
          double[] ms = new double[reps];
          int bytes = 0;
          for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(v.url() + p[1])).build(), HttpResponse.BodyHandlers.ofString());
            ms[r] = (System.nanoTime() - s) / 1e6;
            if (resp.statusCode() != 200) throw new IllegalStateException(p[0] + ": HTTP " + resp.statusCode());
            bytes = resp.body().length();
          }
          Arrays.sort(ms);
          System.out.printf(Locale.ROOT, "RESULT page=%s median_ms=%.1f max_ms=%.1f chars=%d%n", p[0], ms[reps / 2], ms[reps - 1], bytes);
        }
      }
      long e0 = System.nanoTime();
      Path eval = InspectExport.write(store, store.runs().resolve("big"), dir, true);
      System.out.printf(Locale.ROOT, "RESULT inspect_eval_export_seconds=%.1f mb=%.1f%n", (System.nanoTime() - e0) / 1e9, Files.size(eval) / 1e6);
      long i0 = System.nanoTime();
      RunRecord back = Importer.importFile(store, eval);
      System.out.printf(Locale.ROOT, "RESULT inspect_eval_import_seconds=%.1f trajectories=%d%n", (System.nanoTime() - i0) / 1e9,
          store.trajectories().count(back.id()));
      Runtime rt = Runtime.getRuntime();
      System.out.printf(Locale.ROOT, "RESULT heap_used_mb_at_end=%.0f%n", (rt.totalMemory() - rt.freeMemory()) / 1e6);
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
