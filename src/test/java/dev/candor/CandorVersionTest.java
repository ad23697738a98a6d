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
      assertThat(CandorVersion.get()).isEqualTo(build.version() + "+unknown");
    } else {
      boolean dirty = !git("git", "status", "--porcelain").isEmpty();
      assertThat(build.dirty()).as("dirty stamped at build time vs git status --porcelain (edited since the build?)").isEqualTo(dirty);
      assertThat(CandorVersion.get()).isEqualTo(build.version() + "+" + head + (dirty ? ".dirty" : ""));
    }
    assertThat(CandorVersion.get().length()).as("fits the runs table's candor_version VARCHAR(64)").isLessThanOrEqualTo(64);
  }

  @Test
  void recordedStringReadsBack() {
    CandorVersion dirty = new CandorVersion("0.2.0", "0123456789abcdef0123456789abcdef01234567", true);
    assertThat(dirty.toString()).isEqualTo("0.2.0+0123456789abcdef0123456789abcdef01234567.dirty");
    assertThat(CandorVersion.parse(dirty.toString())).isEqualTo(dirty);
    CandorVersion clean = new CandorVersion("0.2.0-rc+1", "0123456789abcdef0123456789abcdef01234567", false);
    assertThat(clean.toString()).isEqualTo("0.2.0-rc+1+0123456789abcdef0123456789abcdef01234567");
    assertThat(CandorVersion.parse(clean.toString())).isEqualTo(clean);
    assertThat(CandorVersion.parse("0.1.0-SNAPSHOT")).as("a run made before builds were recorded")
        .isEqualTo(new CandorVersion("0.1.0-SNAPSHOT", null, null));
    assertThat(CandorVersion.parse("0.2.0+unknown")).isEqualTo(new CandorVersion("0.2.0", null, null));
  }

  @Test
  void aTreeWithoutGitBuildsWithAnUnknownCommit() {
    Properties p = new Properties();
    p.setProperty("version", "0.2.0");
    p.setProperty("commit", "unknown");
    p.setProperty("dirty", "unknown");
    CandorVersion v = CandorVersion.fromProperties(p);
    assertThat(v).isEqualTo(new CandorVersion("0.2.0", null, null));
    assertThat(v.toString()).isEqualTo("0.2.0+unknown");
    p.setProperty("commit", "${candor.git.commit}"); // resources not filtered (an IDE build)
    assertThat(CandorVersion.fromProperties(p).commit()).isNull();
  }
}
