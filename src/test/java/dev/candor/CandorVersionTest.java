package dev.candor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The exact build stamped into runs: the commit and dirty flag git reports for this tree, read back from a run's string. */
class CandorVersionTest {

  /** What git says of the project directory now, or null when it is no git tree (then the build says "unknown"). */
  static String git(String... args) throws IOException, InterruptedException {
    if (!Files.exists(Path.of(".git"))) return null;
    Process p = new ProcessBuilder(List.of(args)).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? out : null;
  }

  @Test
  void buildRecordsTheCommitAndDirtyFlagGitReports() throws Exception {
    CandorVersion build = CandorVersion.current();
    String head = git("git", "rev-parse", "HEAD");
    assertThat(build.commit()).as("commit stamped at build time vs git rev-parse HEAD").isEqualTo(head);
    if (head == null) {
      assertThat(build.dirty()).isNull();
    } else {
      boolean dirty = !git("git", "status", "--porcelain").isEmpty();
      assertThat(build.dirty()).as("dirty stamped at build time vs git status --porcelain (edited since the build?)").isEqualTo(dirty);
      assertThat(CandorVersion.get()).startsWith(build.version() + " (commit " + head + (dirty ? ", dirty" : ", clean"));
    }
  }

  @Test
  void recordedStringReadsBack() {
    CandorVersion v = new CandorVersion("0.2.0", "0123456789abcdef0123456789abcdef01234567", true, "https://example.org/candor.git");
    assertThat(v.toString()).isEqualTo("0.2.0 (commit 0123456789abcdef0123456789abcdef01234567, dirty, origin https://example.org/candor.git)");
    assertThat(CandorVersion.parse(v.toString())).isEqualTo(v);
    CandorVersion clean = new CandorVersion("0.2.0", "0123456789abcdef0123456789abcdef01234567", false, null);
    assertThat(CandorVersion.parse(clean.toString())).isEqualTo(clean);
    assertThat(CandorVersion.parse("0.1.0-SNAPSHOT")).as("a run made before builds were recorded")
        .isEqualTo(new CandorVersion("0.1.0-SNAPSHOT", null, null, null));
  }

  @Test
  void aTreeWithoutGitBuildsWithAnUnknownCommit() {
    Properties p = new Properties();
    p.setProperty("version", "0.2.0");
    p.setProperty("commit", "unknown");
    p.setProperty("dirty", "unknown");
    p.setProperty("origin", "");
    CandorVersion v = CandorVersion.fromProperties(p);
    assertThat(v).isEqualTo(new CandorVersion("0.2.0", null, null, null));
    assertThat(v.toString()).isEqualTo("0.2.0 (commit unknown)");
    p.setProperty("commit", "${candor.git.commit}"); // resources not filtered (an IDE build)
    assertThat(CandorVersion.fromProperties(p).commit()).isNull();
  }

  @Test
  void originLosesItsCredentials() {
    Properties p = new Properties();
    p.setProperty("version", "0.2.0");
    p.setProperty("commit", "0123456789abcdef0123456789abcdef01234567");
    p.setProperty("dirty", "false");
    p.setProperty("origin", "https://bot:ghp_s3cr3t@example.org/o/candor.git");
    assertThat(CandorVersion.fromProperties(p).toString()).doesNotContain("s3cr3t").doesNotContain("bot")
        .endsWith("origin https://example.org/o/candor.git)");
    assertThat(CandorVersion.withoutCredentials("git@example.org:o/candor.git")).isEqualTo("git@example.org:o/candor.git");
  }
}
