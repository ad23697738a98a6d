package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import FILE.jsonl --suite reward-hints} grades every trajectory with the suite's grader (the file's scores
 * are kept, as the named score {@code imported}, only with {@code --keep-scores}); bad lines are one line naming the
 * file, the line, the field and the schema.
 */
class ImportGradingTest {
  @TempDir Path dir;

  /** Two transcripts; the first line's own score calls an odd answer even. */
  Path file() throws Exception {
    return Files.writeString(dir.resolve("mine.jsonl"), """
        {"sample_id": "base", "variant": "base", "model": "openai/some-model", "output": {"text": "My answer: 7"}, "score": {"label": "even", "value": 0}}
        {"sample_id": "control", "variant": "control", "epoch": 1, "input": [{"role": "user", "content": "%s"}], "output": {"text": "**42**, so output %% 2 will be **0**"}}
        """.formatted(dev.candor.env.rewardhint.RewardHintGrid.standard().get(1).prompt().replace("\n", "\\n").replace("\"", "\\\"")));
  }

  String imported(Outcome o) {
    assertThat(o.code()).as(o.all()).isZero();
    return o.out().lines().findFirst().orElseThrow();
  }

  @Test
  void aJsonlFileIsGradedByTheSuitesGraderOnImportAndKeepsItsOwnScoresOnlyWhenAsked() throws Exception {
    String db = dir.resolve("i.db").toString();
    Outcome graded = candor("import", file().toString(), "--suite", "reward-hints", "--db", db);
    String id = imported(graded);
    assertThat(graded.err()).contains("graded by reward-hint-parity-v1").contains("the file's own scores not used");
    String kept = imported(candor("import", file().toString(), "--suite", "reward-hints", "--keep-scores", "--db", db));
    String asIs = imported(candor("import", file().toString(), "--db", db));
    try (Store store = Store.open(db, Store.Access.READ)) {
      var r = store.runs().get(id).orElseThrow();
      assertThat(r.suite()).isEqualTo("reward-hints");
      assertThat(r.headline()).isEqualTo("reward-hint-parity-v1");
      var base = store.trajectories().get(id, "base", 1).orElseThrow();
      assertThat(base.score().label()).isEqualTo("odd");
      assertThat(base.score().value()).isEqualTo(1);
      assertThat(store.trajectories().get(id, "control", 1).orElseThrow().score().label()).isEqualTo("even");
      assertThat(store.samples().get(id, "base").orElseThrow().axes()).containsEntry("family", "base").containsEntry("grader", "odd");
      assertThat(store.scores().scorers(id)).isEmpty();
      assertThat(store.trajectories().get(kept, "base", 1).orElseThrow().score().label()).isEqualTo("odd");
      assertThat(store.scores().of(kept, "imported")).singleElement().satisfies(s -> assertThat(s.label()).isEqualTo("even"));
      assertThat(store.trajectories().get(asIs, "base", 1).orElseThrow().score().label()).isEqualTo("even"); // no --suite: as the file says
    }
  }

  @Test
  void badLinesAndFlagsAreOneLineNamingFileLineFieldAndSchemaAndWriteNothing() throws Exception {
    String db = dir.resolve("b.db").toString();
    imported(candor("import", file().toString(), "--suite", "reward-hints", "--db", db));
    Path unknown = Files.writeString(dir.resolve("u.jsonl"), "{\"sample_id\": \"base\", \"output\": {\"text\": \"4\"}}\n"
        + "{\"sample_id\": \"nope\", \"output\": {\"text\": \"4\"}}\n");
    Path otherInput = Files.writeString(dir.resolve("o.jsonl"), "{\"sample_id\": \"base\", \"input\": [{\"role\": \"user\", \"content\": \"Pick 7\"}], "
        + "\"output\": {\"text\": \"7\"}}\n");
    Path notJson = Files.writeString(dir.resolve("n.jsonl"), "{\"sample_id\": \"base\", \"output\": {\"text\": \"4\"}}\n{oops\n");
    Outcome u = candor("import", unknown.toString(), "--suite", "reward-hints", "--db", db);
    Outcome o = candor("import", otherInput.toString(), "--suite", "reward-hints", "--db", db);
    Outcome n = candor("import", notJson.toString(), "--suite", "reward-hints", "--db", db);
    Outcome keep = candor("import", unknown.toString(), "--keep-scores", "--db", db);
    Outcome eval = candor("import", Files.writeString(dir.resolve("x.eval"), "zip").toString(), "--suite", "reward-hints", "--db", db);
    for (Outcome x : List.of(u, o, n, keep, eval)) {
      assertThat(x.code()).as(x.all()).isEqualTo(2);
      assertThat(x.out()).isEmpty();
      assertThat(x.err().strip().lines().count()).as(x.err()).isEqualTo(1);
    }
    assertThat(u.err()).contains("'" + unknown + "' line 2: field 'sample_id': 'nope' is not a sample of suite 'reward-hints'").contains("docs/jsonl.md");
    assertThat(o.err()).contains("line 1: field 'input': differs from the input suite 'reward-hints' gives sample 'base'").contains("docs/jsonl.md");
    assertThat(n.err()).contains("line 2: not valid JSON").contains("docs/jsonl.md");
    assertThat(keep.err()).contains("--keep-scores: only with --suite");
    assertThat(eval.err()).contains("--suite").contains(".jsonl");
    try (Store store = Store.open(db, Store.Access.READ)) {
      assertThat(store.runs().all()).hasSize(1);
    }
  }
}
