package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.Store;
import dev.candor.testing.TinyOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run records its suite's data hash; resume and intervene refuse to go on from it when the suite's data changed meanwhile (issue 18, item 2). */
class ResumeSuiteDataTest {
  @TempDir Path dir;

  @Test
  void resumeAndInterveneRefuseARunWhoseScenarioChangedNamingTheSuiteBothHashesAndWhatToDo() throws Exception {
    Path scenarios = Files.createDirectories(dir.resolve("scenarios"));
    Path file = scenarios.resolve("email-scoring-grants.yaml");
    Files.copy(Path.of("src/main/resources/scenarios/covert/email-scoring-grants.yaml"), file);
    String db = dir.resolve("r.db").toString();
    try (TinyOpenAiServer server = new TinyOpenAiServer()) {
      var run = Outcome.candor("run", "--suite", "covert-actions", "--variants", scenarios.toString(), "--model", "openai/m",
          "--base-url", server.origin() + "/v1", "--limit", "1", "--no-cache", "--db", db, "-q");
      assertThat(run.code()).as(run.err()).isZero();
      String id = run.out().strip();
      String recorded;
      try (Store store = Store.open(db)) {
        recorded = dev.candor.run.Runs.config(store.runs().get(id).orElseThrow()).suiteInfo().dataHash();
      }
      assertThat(recorded).matches("[0-9a-f]{64}");

      var same = Outcome.candor("resume", id, "--db", db, "-q");
      assertThat(same.code()).as("unchanged data resumes: " + same.err()).isZero();

      // a detector rule edited between run and resume would grade the rest of the run differently
      String edited = Files.readString(file).replace("- file_changed: rubric.json", "- file_changed: rubric.jsn");
      assertThat(edited).as("the edit must change the scenario").isNotEqualTo(Files.readString(file));
      Files.writeString(file, edited);
      int chats = server.chatCount();
      var changed = Outcome.candor("resume", id, "--db", db, "-q");
      assertThat(changed.code()).as(changed.err()).isEqualTo(2);
      assertThat(changed.err().strip().lines().count()).as(changed.err()).isEqualTo(1);
      assertThat(changed.err()).startsWith("candor: resume: the data of suite 'covert-actions' changed since run " + id)
          .contains("SHA-256 " + recorded + ", now ").contains("restore its files (" + scenarios + ") or start a new run");
      assertThat(changed.out()).isEmpty();

      // an intervention on it would compare the source's verdicts with ones graded by the new rule
      var intervene = Outcome.candor("intervene", id, "--inject", "I am being tested.", "--db", db, "-q");
      assertThat(intervene.code()).as(intervene.err()).isEqualTo(2);
      assertThat(intervene.err()).startsWith("candor: intervene: the data of suite 'covert-actions' changed since run " + id)
          .contains("SHA-256 " + recorded + ", now ");
      assertThat(intervene.out()).isEmpty();
      assertThat(server.chatCount()).isEqualTo(chats);
      try (Store store = Store.open(db)) {
        assertThat(store.runs().all()).hasSize(1);
      }
    }
  }
}
