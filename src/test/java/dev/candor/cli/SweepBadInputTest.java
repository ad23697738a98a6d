package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep and curve refuse bad input with one line naming what is wrong, exit code 2, and write nothing. */
class SweepBadInputTest {
  @TempDir Path dir;

  void assertRejected(String expected, String... args) {
    Path db = dir.resolve("bad.db");
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--db", db.toString()));
    Outcome o = candor(full.toArray(String[]::new));
    assertThat(o.code()).as(o.err()).isEqualTo(2);
    assertThat(o.err().strip().lines().count()).as("one line: " + o.err()).isEqualTo(1);
    assertThat(o.err()).contains(expected);
    assertThat(o.out()).isEmpty();
    assertThat(Files.exists(db)).as("nothing written").isFalse();
  }

  void sweep(String expected, String... checkpointsAndFlags) {
    List<String> args = new ArrayList<>(List.of("sweep", "--suite", "reward-hints", "--checkpoints"));
    args.addAll(List.of(checkpointsAndFlags));
    assertRejected(expected, args.toArray(String[]::new));
  }

  @Test
  void badCheckpointLists() {
    sweep("two checkpoints at step 5 (organism/sft, organism/prod)", "organism/sft@5", "organism/prod@5");
    sweep("expected steps in increasing order, got organism/sft at step 9 before organism/prod at step 2", "organism/sft@9", "organism/prod@2");
    sweep("unknown provider 'nope' in 'nope/x'", "organism/sft@0", "nope/x@1");
    sweep("expected at least 2 checkpoints", "organism/sft@0");
    sweep("expected PROVIDER/MODEL@STEP:PHASE", "organism/sft@0:bad phase!", "organism/prod@1");
    sweep("--checkpoints: provider 'replay' cannot list checkpoints by pattern ('x-{step}')", "organism/sft@0", "replay/x-{step}");
    sweep("--checkpoints: expected PROVIDER/MODEL", "sft@0", "organism/prod@1");
  }

  @Test
  void badPhasesGroupsAndSettings() {
    sweep("--phase: expected NAME@STEP", "organism/sft@0", "organism/prod@1", "--phase", "rl");
    sweep("--phase: phases 'a' and 'b' both start at step 0", "organism/sft@0", "organism/prod@1", "--phase", "a@0", "--phase", "b@0");
    sweep("--phase: phase 'a' given twice", "organism/sft@0", "organism/prod@1", "--phase", "a@0", "--phase", "a@1");
    sweep("--phase: the first phase starts at step 1, after the first checkpoint (step 0)", "organism/sft@0", "organism/prod@1", "--phase", "a@1");
    sweep("--group: expected 1-64 letters", "organism/sft@0", "organism/prod@1", "--group", "no spaces");
    sweep("--epochs", "organism/sft@0", "organism/prod@1", "--epochs", "0");
    // ROUTE@STEP names a snapshot of a training route (organism/main@1200); rl-mid is neither a route nor a named checkpoint
    sweep("organism checkpoint pattern 'rl-mid@1' matches no route; routes: main, deliberative, confession, confession-unmasked (the named "
        + "checkpoints sft, rl-early, rl-late, prod take no @STEP)", "organism/sft@0", "organism/rl-mid@1");
  }

  @Test
  void aStepLessSpecGetsItsPositionWithAWarning() {
    var series = SweepCommand.resolve(List.of("organism/sft", "organism/prod@5:safety"), dev.candor.core.RunConfig.builder("reward-hints", "x").build());
    assertThat(series).containsExactly(new dev.candor.model.ModelProvider.Checkpoint("organism/sft", 0, ""),
        new dev.candor.model.ModelProvider.Checkpoint("organism/prod", 5, "safety"));
    assertThat(SweepCommand.labelPhases(List.of(new dev.candor.model.ModelProvider.Checkpoint("openai/a", 0, ""),
        new dev.candor.model.ModelProvider.Checkpoint("openai/b", 50, ""), new dev.candor.model.ModelProvider.Checkpoint("openai/c", 90, "given")),
        List.of("sft@0", "rl@50"))).extracting(dev.candor.model.ModelProvider.Checkpoint::phase).containsExactly("sft", "rl", "given");
  }

  @Test
  void curveOfAGroupThatIsNotThere() throws Exception {
    Path db = dir.resolve("empty.db");
    Outcome made = candor("runs", "--db", db.toString());
    assertThat(made.code()).isEqualTo(2); // reading never creates a database
    Outcome o = candor("curve", "nope", "--db", db.toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(Files.exists(db)).isFalse();
    assertRejected("--format: expected text or json, got 'csv'", "curve", "g", "--format", "csv");
    assertRejected("--figure: 'c.jpg' must end in .png or .svg", "curve", "g", "--figure", "c.jpg");
  }
}
