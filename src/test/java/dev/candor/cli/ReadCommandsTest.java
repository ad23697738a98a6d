package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.Store;
import dev.candor.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that read (or add to) runs never create a database; read commands work on a read-only mount. */
class ReadCommandsTest {
  @TempDir Path dir;

  static final List<List<String>> NEEDS_A_DATABASE = List.of(List.of("runs"), List.of("show", "NOPE"), List.of("compare", "A", "B"),
      List.of("report", "A", "--out", "r.html"), List.of("export", "A", "--format", "csv", "--out", "a.csv"),
      List.of("view", "--port", "0"), List.of("analyze", "awareness", "A"), List.of("analyze", "terms", "A"),
      List.of("analyze", "intervention", "A"), List.of("resume", "A"), List.of("intervene", "A", "--resample"));

  @Test
  void aMissingDatabaseIsAOneLineErrorAndIsNotCreated() {
    for (List<String> cmd : NEEDS_A_DATABASE) {
      Path db = dir.resolve("missing.db");
      List<String> args = new ArrayList<>(cmd);
      args.addAll(List.of("--db", db.toString()));
      Outcome o = Outcome.candor(args.toArray(String[]::new));
      assertThat(o.code()).as("%s: %s", cmd, o.err()).isEqualTo(2);
      assertThat(o.err().strip()).as("%s", cmd).isEqualTo("candor: --db: database '" + db + "' does not exist (runs are stored by candor run)");
      assertThat(dir.toFile().list()).as("%s wrote nothing", cmd).isEmpty();
    }
  }

  /** The directory is mounted read-only in a private mount namespace (needs unshare and mount rights; skipped without). */
  @Slow
  @Test
  void runsAndShowReadADatabaseOnAReadOnlyMount() throws Exception {
    Path db = dir.resolve("candor.db");
    try (Store s = Store.open(db.toString())) {
      s.runs().create(new dev.candor.store.RunRecord("20260101-000000-abcdef", null, "reward-hints", "organism/sft", "complete", "t", 1, 1,
          "{}", "2026-01-01T00:00:00Z", null, null), List.of());
    }
    Files.deleteIfExists(dir.resolve("candor.db.lock"));
    Process probe = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --bind \"$0\" \"$0\" && mount -o remount,ro,bind \"$0\" \"$0\" && ! touch \"$0/x\"",
        dir.toString()).redirectErrorStream(true).start();
    Assumptions.assumeTrue(probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0, "no private read-only mounts here");

    String java = ProcessHandle.current().info().command().orElse("java");
    for (String cmd : List.of("runs", "show 20260101")) {
      Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --bind \"$0\" \"$0\" && mount -o remount,ro,bind \"$0\" \"$0\" && cd \"$0\" && "
          + "\"$1\" --enable-native-access=ALL-UNNAMED -cp \"$2\" dev.candor.cli.Main " + cmd, dir.toString(), java, System.getProperty("java.class.path"))
          .redirectErrorStream(true).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.exitValue()).as(cmd + ": " + out).isZero();
      assertThat(out).contains("20260101-000000-abcdef");
    }
    assertThat(dir.toFile().list()).containsExactly("candor.db");
  }
}
