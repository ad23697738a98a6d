package dev.candor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How commands open a SQLite file: created only by commands that make runs, read-only for reading, migrated once. */
class StoreAccessTest {
  @TempDir Path dir;

  @Test
  void readAndWriteAccessNeverCreateAMissingFile() {
    Path db = dir.resolve("missing.db");
    for (Store.Access a : List.of(Store.Access.READ, Store.Access.WRITE))
      assertThatThrownBy(() -> Store.open(db.toString(), a)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("database location: database '" + db + "' does not exist (runs are stored by candor run)")
          .hasFieldOrPropertyWithValue("setting", dev.candor.InvalidSetting.Setting.DB);
    assertThatThrownBy(() -> Store.open("jdbc:sqlite:" + db, Store.Access.READ)).hasMessageContaining("does not exist");
    try (var files = list()) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aReadStoreWritesNothingAndLeavesNoSidecarFiles() throws Exception {
    Path db = dir.resolve("r.db");
    try (Store s = Store.open(db.toString())) {
      s.runs().create(StoreTest.run("20260101-000000-abcdef"), List.of());
    }
    byte[] before = Files.readAllBytes(db);
    List<String> filesBefore;
    try (var files = list()) {
      filesBefore = files.sorted().toList();
    }
    try (Store s = Store.open(db.toString(), Store.Access.READ)) {
      assertThat(s.runs().all()).hasSize(1);
      assertThatThrownBy(() -> s.runs().create(StoreTest.run("another"), List.of())).isInstanceOf(StoreException.class);
      assertThatThrownBy(() -> s.runs().setStatus("20260101-000000-abcdef", "x", null)).isInstanceOf(StoreException.class);
    }
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
    try (var files = list()) {
      assertThat(files.sorted().toList()).isEqualTo(filesBefore);
    }
  }

  @Test
  void runIdsAndPrefixesMatchAsTextNotAsPatterns() {
    try (Store s = Store.open(dir.resolve("w.db").toString())) {
      s.runs().create(StoreTest.run("20260101-000000-abcdef"), List.of());
      assertThat(s.runs().resolve("20260101-0").id()).isEqualTo("20260101-000000-abcdef");
      for (String pattern : List.of("%", "_", "2026%", "20260101_000000", ""))
        assertThatThrownBy(() -> s.runs().resolve(pattern)).hasMessageContaining("not found");
    }
  }

  /** Processes that open a new file at the same moment each get a working store; none fails the first migration. */
  @Slow
  @Test
  void processesOpeningAFreshFileAtOnceAllSucceed() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int round = 0; round < 3; round++) {
      Path db = dir.resolve("fresh" + round + ".db");
      List<Process> ps = new ArrayList<>();
      for (int i = 0; i < 3; i++)
        ps.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            OpenStore.class.getName(), db.toString(), dir.resolve("go").toString()).redirectErrorStream(true).start());
      Files.writeString(dir.resolve("go"), "go"); // all of them are waiting for this file: they open at once
      for (Process p : ps) {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as("round %d: %s", round, out).isZero();
      }
      Files.delete(dir.resolve("go"));
      try (Store s = Store.open(db.toString(), Store.Access.READ)) {
        assertThat(s.runs().all()).hasSize(3);
        assertThat(s.integrityCheck()).isEqualTo("ok");
      }
    }
  }

  private java.util.stream.Stream<String> list() {
    try {
      return Files.list(dir).map(p -> p.getFileName().toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
