package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.Store;
import dev.candor.testing.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candor cache stats|clear}: per-model figures, deleting all or one model's entries, and never creating a database. */
class CacheCommandTest {
  @TempDir Path dir;

  @Test
  void statsPerModelThenClearOneModelThenAll() {
    String db = dir.resolve("c.db").toString();
    try (Store s = Store.open(db)) {
      s.cache().put("k1", "openai/a", Outputs.text("1234").build());
      s.cache().put("k2", "openai/a", Outputs.text("12").build());
      s.cache().put("k3", "anthropic/b", Outputs.text(null).build());
    } // close() commits the queued rows
    long a = bytes("1234") + bytes("12"), b = bytes(null);

    Outcome stats = candor("cache", "stats", "--db", db);
    assertThat(stats.code()).as(stats.err()).isZero();
    assertThat(stats.out()).containsPattern("anthropic/b\\s+1\\s+" + b + "\\n").containsPattern("openai/a\\s+2\\s+" + a + "\\n")
        .containsPattern("total\\s+3\\s+" + (a + b) + "\\n");

    Outcome one = candor("cache", "clear", "--model", "openai/a", "--db", db);
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(one.out()).contains("deleted 2 cached responses of openai/a");
    assertThat(candor("cache", "stats", "--db", db).out()).doesNotContain("openai/a").containsPattern("total\\s+1\\s+" + b + "\\n");

    Outcome all = candor("cache", "clear", "--db", db);
    assertThat(all.out()).contains("deleted 1 cached response");
    assertThat(candor("cache", "stats", "--db", db).out()).containsPattern("total\\s+0\\s+0\\n");
  }

  /** The bytes an output with this text takes in the cache (its JSON). */
  private static long bytes(String text) {
    return dev.candor.Json.write(Outputs.text(text).build()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  @Test
  void aMissingDatabaseOrABadModelIsAnErrorAndCreatesNothing() {
    Path missing = dir.resolve("missing.db");
    for (String sub : new String[] {"clear", "stats"}) {
      Outcome o = candor("cache", sub, "--db", missing.toString());
      assertThat(o.code()).isEqualTo(2);
      assertThat(o.err().strip()).startsWith("candor: --db: database").contains("missing.db").doesNotContain("\n");
      assertThat(Files.exists(missing)).as("no database created").isFalse();
    }
    Outcome bad = candor("cache", "clear", "--model", "nomodel", "--db", missing.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--model: expected PROVIDER/MODEL");
  }
}
