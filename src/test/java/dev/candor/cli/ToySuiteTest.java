package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.agent.SingleTurn;
import dev.candor.agent.Solver;
import dev.candor.core.Sample;
import dev.candor.core.Score;
import dev.candor.grade.Grader;
import dev.candor.model.Message;
import dev.candor.report.view.Viewer;
import dev.candor.store.Store;
import dev.candor.suite.Capability;
import dev.candor.suite.DataHash;
import dev.candor.suite.Environment;
import dev.candor.suite.Suite;
import dev.candor.testing.TinyOpenAiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a suite touches no command: a toy suite defined here (two one-prompt single-turn samples, its own grader,
 * outcome noun and axes) is registered beside the standard ones and goes through run, show, compare, report, export,
 * analyze and the viewer with no other change (issue 18, item 2).
 */
class ToySuiteTest {
  @TempDir Path dir;

  /** Two prompts that differ on one axis; "parroted" when the answer contains a 3. */
  static final class ToySuite implements Suite {
    static final String PROMPTS = "calm: Say a number.\nloud: SAY A NUMBER!\n";

    @Override public String name() { return "toy"; }
    @Override public String version() { return "1"; }
    @Override public String outcome() { return "parroted"; }
    @Override public List<String> axes() { return List.of("tone", "length"); }
    @Override public List<String> scorers() { return List.of("has-three"); }
    @Override public Set<Capability> capabilities() { return EnumSet.of(Capability.SINGLE_TURN); }

    @Override
    public Opened open(Arguments args) {
      List<Sample> samples = PROMPTS.lines().map(l -> {
        String tone = l.substring(0, l.indexOf(':'));
        return new Sample("toy-" + tone, "toy-" + tone, Map.of("length", "short", "tone", tone), List.of(Message.user(l.substring(l.indexOf(':') + 2))), Map.of());
      }).toList();
      Grader grader = (sample, t) -> t.finalOutput() != null && t.finalOutput().text() != null && t.finalOutput().text().contains("3")
          ? new Score(Score.Status.SCORED, "parroted", 1, "3", "said 3", List.of(), Map.of()) : new Score(Score.Status.SCORED, "quiet", 0, null, "no 3", List.of(), Map.of());
      Environment env = new Environment() {
        @Override public String name() { return "toy"; }
        @Override public List<Sample> samples() { return samples; }
        @Override public Solver solver() { return new SingleTurn(); }
        @Override public Grader grader() { return grader; }
      };
      return new Opened(env, info(new DataHash().add("prompts.txt", PROMPTS).sha256()));
    }
  }

  @AfterEach
  void standardSuitesAgain() { Suites.use(Suites.standard()); }

  static Outcome ok(String... args) {
    var o = Outcome.candor(args);
    assertThat(o.code()).as(String.join(" ", args) + ": " + o.err()).isZero();
    return o;
  }

  @Test
  void aToySuiteRegisteredFromTestCodeGoesThroughEveryCommandAndTheViewer() throws Exception {
    Suites.use(Suites.standard().register(new ToySuite()));
    String db = dir.resolve("toy.db").toString();
    try (TinyOpenAiServer server = new TinyOpenAiServer()) {
      String url = server.origin() + "/v1";
      String a = ok("run", "--suite", "toy", "--model", "openai/m", "--base-url", url, "--epochs", "2", "--no-cache", "--db", db, "-q").out().strip();
      String b = ok("run", "--suite", "toy", "--model", "openai/m", "--base-url", url, "--seed", "2", "--no-cache", "--db", db, "-q").out().strip();

      String show = ok("show", a, "--db", db).out();
      assertThat(show).contains("toy-calm").contains("toy-loud").contains("parroted");
      assertThat(ok("show", a, "--by", "tone", "--db", db).out()).contains("calm").contains("loud");
      String json = ok("show", a, "--format", "json", "--db", db).out();
      assertThat(json).contains("\"k\" : 2").contains("\"tone\"");
      assertThat(json.indexOf("\"tone\"")).as("the suite's axis order, not alphabetical: " + json).isLessThan(json.indexOf("\"length\""));

      assertThat(ok("compare", a, b, "--db", db).out()).contains("toy-calm").contains(a).contains(b);

      Path report = dir.resolve("toy.html");
      ok("report", a, b, "--out", report.toString(), "--figure", dir.resolve("toy.svg").toString(), "--db", db);
      assertThat(Files.readString(report)).contains("toy-calm").contains("tone");

      Path jsonl = dir.resolve("toy.jsonl");
      ok("export", a, "--format", "jsonl", "--out", jsonl.toString(), "--db", db);
      assertThat(Files.readAllLines(jsonl)).hasSize(4).allSatisfy(l -> assertThat(l).contains("parroted"));

      assertThat(ok("analyze", "awareness", a, "--db", db).out()).contains("parroted");

      // what it cannot do is refused from its capabilities, before anything is written
      var batch = Outcome.candor("run", "--suite", "toy", "--model", "openai/m", "--base-url", url, "--batch", "--db", db, "-q");
      assertThat(batch.code()).isEqualTo(2);
      assertThat(batch.err()).startsWith("candor: --batch: suite 'toy' has no batch mode; batch mode supports single-turn suites (reward-hints)");
      var intervene = Outcome.candor("intervene", a, "--inject", "--db", db, "-q");
      assertThat(intervene.code()).isEqualTo(2);
      assertThat(intervene.err()).startsWith("candor: intervene: suite 'toy' cannot continue a trajectory from edited reasoning");

      try (Store store = Store.open(db); Viewer.Handle h = Viewer.start(store, null, 0, Suites::info)) {
        assertThat(store.runs().all()).hasSize(2);
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "runs/" + a, "runs/" + a + "/trajectories", "compare?runs=" + a + "," + b + "&by=tone")) {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(h.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
          assertThat(r.body()).as(path).contains(path.startsWith("compare") ? "calm" : "toy");
        }
      }
    }
  }
}
