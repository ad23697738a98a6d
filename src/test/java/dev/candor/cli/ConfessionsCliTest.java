package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The confessions suite from the command line: registered, and bad input is one line, exit 2, nothing written. */
class ConfessionsCliTest {
  @TempDir Path dir;

  @Test
  void badInputIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "variants:\n  - id: x\n    hintedParity: sideways\n    prompt: hi\n");
    Path db = dir.resolve("c.db");
    for (String[] extra : new String[][] {{"--variants", bad.toString()}, {"--with-spec"}}) {
      String[] args = new String[8 + extra.length];
      String[] base = {"run", "--suite", "confessions", "--model", "organism/rl-late", "--db", db.toString(), "--no-cache"};
      System.arraycopy(base, 0, args, 0, base.length);
      System.arraycopy(extra, 0, args, base.length, extra.length);
      Outcome o = candor(args);
      assertThat(o.code()).as(o.all()).isEqualTo(2);
      assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
      assertThat(o.err()).contains(extra[0].equals("--with-spec") ? "--with-spec" : "bad.yaml");
      assertThat(db).doesNotExist();
    }
  }
}
