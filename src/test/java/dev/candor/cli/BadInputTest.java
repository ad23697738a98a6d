package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: a one-line error naming what and where, exit code 2, and nothing written to the database. */
class BadInputTest {
  @TempDir Path dir;

  void assertRejected(String expected, String... args) {
    Path db = dir.resolve("bad.db");
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--db";
    full[args.length + 1] = db.toString();
    Outcome o = candor(full);
    assertThat(o.code()).as(o.err()).isEqualTo(2);
    assertThat(o.err().strip().lines().count()).as("one line: " + o.err()).isEqualTo(1);
    assertThat(o.err()).contains(expected);
    assertThat(Files.exists(db)).as("nothing written").isFalse();
  }

  @Test
  void unknownProviderModelSuiteAndFlags() {
    assertRejected("unknown provider 'nope'", "run", "--suite", "reward-hints", "--model", "nope/x");
    assertRejected("unknown organism checkpoint 'rl-mid'", "run", "--suite", "reward-hints", "--model", "organism/rl-mid");
    assertRejected("--model: expected PROVIDER/MODEL", "run", "--suite", "reward-hints", "--model", "gpt4");
    assertRejected("unknown suite 'rewards'", "run", "--suite", "rewards", "--model", "organism/sft");
    assertRejected("--epochs", "run", "--suite", "reward-hints", "--model", "organism/sft", "--epochs", "0");
    assertRejected("--shard", "run", "--suite", "reward-hints", "--model", "organism/sft", "--shard", "4/4", "--run-id", "x");
    assertRejected("--reasoning-effort", "run", "--suite", "reward-hints", "--model", "organism/sft", "--reasoning-effort", "max");
    assertRejected("--with-spec", "run", "--suite", "reward-hints", "--model", "organism/sft", "--with-spec");
    assertRejected("--judge", "run", "--suite", "reward-hints", "--model", "organism/sft", "--judge", "organism/sft");
  }

  /**
   * On a machine whose organism cache is cold, an unknown checkpoint is rejected at once with one line, without
   * training the organism first (whose progress lines would follow). A child process, so the cache can be empty.
   */
  @Test
  void anUnknownCheckpointIsRejectedBeforeAnyTraining() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cold-cache"));
    assertThat(rejectedInAChild(cache, "organism/rl-mid")).isEqualTo("candor: --model: unknown organism checkpoint 'rl-mid'; expected one of "
        + "organism/sft, organism/rl-early, organism/rl-late, organism/prod, or a snapshot organism/ROUTE@STEP\n");
    assertThat(rejectedInAChild(cache, "organism/nope@100")).hasLineCount(1)
        .startsWith("candor: --model: unknown organism route 'nope'; expected one of main, deliberative");
    assertThat(rejectedInAChild(cache, "organism/main@x"))
        .isEqualTo("candor: --model: bad organism snapshot 'main@x'; expected organism/ROUTE@STEP, e.g. organism/main@3500\n");
    assertThat(cache.resolve("organism")).doesNotExist();
    assertThat(dir.resolve("bad.db")).doesNotExist();
  }

  private String rejectedInAChild(Path cache, String model) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.candor.cli.Main", "run", "--suite", "reward-hints", "--model", model, "--db", dir.resolve("bad.db").toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("CANDOR_CACHE_DIR", cache.toString());
    pb.environment().remove("CANDOR_ORGANISM_SEED");
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes()).lines().filter(l -> !l.startsWith("WARNING")).reduce("", (a, b) -> a + b + "\n");
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isEqualTo(2);
    return err;
  }

  /** Training progress goes to the stream the command was given, not to whatever System.err is meanwhile. */
  @Test
  void organismTrainingProgressGoesToTheCallersStream() {
    ByteArrayOutputStream mine = new ByteArrayOutputStream();
    var progress = OrganismCommand.progress(new PrintStream(mine, true));
    PrintStream oldErr = System.err;
    ByteArrayOutputStream global = new ByteArrayOutputStream();
    System.setErr(new PrintStream(global, true));
    try {
      progress.update("sft", 10, 100);
    } finally {
      System.setErr(oldErr);
    }
    assertThat(mine.toString()).contains("candor: organism sft").contains("10/100");
    assertThat(global.toString()).isEmpty();
  }

  @Test
  void invalidRunIdAndEmptySuitesAreRejectedBeforeTheDatabaseIsOpened() throws Exception {
    assertRejected("--run-id: expected 1-64 letters", "run", "--suite", "reward-hints", "--model", "organism/sft", "--run-id", "a b");
    Path empty = Files.createDirectories(dir.resolve("no-scenarios"));
    Files.writeString(empty.resolve("README.md"), "not a scenario");
    assertRejected("no-scenarios: expected scenario files (*.yaml, *.yml), found none",
        "run", "--suite", "covert-actions", "--model", "organism/sft", "--variants", empty.toString());
  }

  @Test
  void malformedVariantFilesScenarioFoldersAndReplayFiles() throws Exception {
    Path variants = dir.resolve("v.yaml");
    Files.writeString(variants, "variants:\n  - id: a\n    prompt: 12\n    hintedParity: sideways\n");
    assertRejected("v.yaml", "run", "--suite", "reward-hints", "--model", "organism/sft", "--variants", variants.toString());

    Path scenarios = Files.createDirectories(dir.resolve("scen"));
    Files.writeString(scenarios.resolve("broken.yaml"), "id: broken\nfamily: x\n");
    assertRejected("broken.yaml", "run", "--suite", "covert-actions", "--model", "organism/sft", "--variants", scenarios.toString());

    Path replay = dir.resolve("r.jsonl");
    Files.writeString(replay, "{\"sample_id\": \"a\", \"input\": [], \"output\": {\"text\": \"4\"}}\n{not json\n");
    assertRejected("r.jsonl", "run", "--suite", "reward-hints", "--model", "replay/" + replay);
    assertRejected("replay", "run", "--suite", "reward-hints", "--model", "replay/" + dir.resolve("missing.jsonl"));
  }

  @Test
  void unknownRunsAndFormats() {
    Path db = dir.resolve("e.db");
    dev.candor.store.Store.open(db.toString()).close();
    Outcome o = candor("show", "nope", "--db", db.toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("run 'nope' not found");
    o = candor("export", "nope", "--format", "xml", "--out", dir.resolve("x").toString(), "--db", db.toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--format");
  }
}
