package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.run.Runs;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.testing.TinyOpenAiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials in --base-url (user info, a key in the query string) are used for the requests but never stored or
 * printed: not in the run's configuration, trajectories, error messages, show/report/export output; resume needs the
 * URL given again (issue 16, item 7).
 */
class BaseUrlCredentialsTest {
  static final String USER_SECRET = "pw-secret-42";
  static final String QUERY_SECRET = "sk-query-secret-99";

  @TempDir Path dir;

  /** Every byte under the directory (database, WAL, reports, exports) as text. */
  private String everythingWritten() throws Exception {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) b.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
    }
    return b.toString();
  }

  @Test
  void credentialsReachTheServerButNoStoredOrPrintedText() throws Exception {
    try (TinyOpenAiServer server = new TinyOpenAiServer()) {
      String hostPort = server.origin().substring("http://".length());
      String url = "http://alice:" + USER_SECRET + "@" + hostPort + "/v1?api_key=" + QUERY_SECRET + "&api-version=2024-10";
      String db = dir.resolve("c.db").toString();
      Outcome run = candor("run", "--suite", "reward-hints", "--model", "openai/m", "--base-url", url, "--limit", "2", "--no-cache",
          "--db", db, "-q");
      assertThat(run.code()).as(run.err()).isZero();
      String id = run.out().lines().findFirst().orElseThrow();
      // the requests carried the credentials, with the path before the query string
      assertThat(server.requests).contains("POST /v1/chat/completions?api_key=" + QUERY_SECRET + "&api-version=2024-10");

      Outcome broken = candor("run", "--suite", "reward-hints", "--model", "openai/broken", "--base-url", url, "--limit", "1", "--no-cache",
          "--max-attempts", "1", "--db", db, "-q");
      String brokenId = broken.out().lines().findFirst().orElseThrow();
      Outcome refused = candor("run", "--suite", "reward-hints", "--model", "openai/m", "--base-url", url + ",", "--db", db, "-q");
      assertThat(refused.code()).isEqualTo(2);

      Outcome show = candor("show", id, "--db", db);
      Outcome report = candor("report", id, brokenId, "--out", dir.resolve("r.html").toString(), "--db", db);
      Outcome export = candor("export", brokenId, "--format", "jsonl", "--out", dir.resolve("e.jsonl").toString(), "--db", db);
      Outcome runs = candor("runs", "--db", db);
      assertThat(report.code()).as(report.err()).isZero();
      assertThat(export.code()).as(export.err()).isZero();

      try (Store store = Store.open(db)) {
        RunRecord r = store.runs().get(id).orElseThrow();
        assertThat(Runs.config(r).baseUrl()).isEqualTo("http://" + hostPort + "/v1?api_key=***&api-version=2024-10");
        var errors = store.trajectories().errorKeys(brokenId);
        assertThat(errors).hasSize(1);
        String error = store.trajectories().get(brokenId, errors.get(0).sampleId(), errors.get(0).epoch()).orElseThrow().error();
        assertThat(error).contains("HTTP 500 from http://" + hostPort + "/v1/chat/completions?api_key=***");
      }
      String everything = everythingWritten();
      for (Outcome o : new Outcome[] {run, broken, refused, show, report, export, runs}) {
        assertThat(o.all()).doesNotContain(USER_SECRET).doesNotContain(QUERY_SECRET).doesNotContain("alice");
      }
      assertThat(everything).doesNotContain(USER_SECRET).doesNotContain(QUERY_SECRET).doesNotContain("alice:");

      // resume: the stored URL lacks the key, so it must be given again, and it must be the same server
      Outcome noUrl = candor("resume", id, "--db", db, "-q");
      assertThat(noUrl.code()).isEqualTo(2);
      assertThat(noUrl.err()).contains("--base-url").contains("api_key=***").doesNotContain(QUERY_SECRET);
      Outcome other = candor("resume", id, "--db", db, "-q", "--base-url", "http://" + hostPort + "/v2?api_key=" + QUERY_SECRET);
      assertThat(other.code()).isEqualTo(2);
      assertThat(other.err()).contains("--base-url").doesNotContain(QUERY_SECRET);
      Outcome same = candor("resume", id, "--db", db, "-q", "--base-url", url);
      assertThat(same.code()).as(same.err()).isZero();
      assertThat(same.all()).doesNotContain(QUERY_SECRET).doesNotContain(USER_SECRET);
    }
  }
}
