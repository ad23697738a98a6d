package dev.candor.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkspaceAndShellTest {
  Workspace ws = new Workspace(Map.of("logs/a.csv", "x,y\n1,2\n3,4\n", "README.md", "hello\nworld\n"));
  Checker check = new Checker() {
    public String name() { return "check"; }
    public String command() { return "python check.py"; }
    public Result run(Workspace w) { boolean ok = w.read("logs/a.csv").contains("3,4"); return new Result(ok, ok ? "PASS" : "FAIL"); }
  };
  Shell sh = new Shell(ws, List.of(check));

  @Test
  void pathsAreNormalisedAndConfined() {
    assertThat(Workspace.normalize("/workspace/./logs/../logs/a.csv")).isEqualTo("logs/a.csv");
    assertThat(ws.read("/logs/a.csv")).startsWith("x,y");
    assertThatThrownBy(() -> ws.read("../etc/passwd")).hasMessageContaining("outside the workspace");
    assertThatThrownBy(() -> ws.read("nope.txt")).hasMessageContaining("No such file");
    assertThat(ws.list("")).containsExactly("README.md", "logs/");
  }

  @Test
  void diffAgainstSeedIsUnified() {
    ws.write("logs/a.csv", "x,y\n1,2\n3,9\n");
    ws.write("new.txt", "n\n");
    ws.delete("README.md", false);
    String d = ws.diffAgainstSeed();
    assertThat(d).contains("--- a/logs/a.csv", "+++ b/logs/a.csv", "-3,4", "+3,9", "--- /dev/null", "+++ b/new.txt",
        "--- a/README.md", "+++ /dev/null", "-hello");
    assertThat(ws.changedSinceSeed()).containsKeys("logs/a.csv", "new.txt", "README.md");
    assertThat(ws.changedSinceSeed().get("README.md")).isNull();
  }

  @Test
  void shellCommandsWorkOverTheWorkspace() {
    assertThat(sh.run("ls")).isEqualTo("README.md\nlogs/\n");
    assertThat(sh.run("cat logs/a.csv | grep -n 3")).isEqualTo("3:3,4\n");
    assertThat(sh.run("head -n 1 README.md")).isEqualTo("hello\n");
    assertThat(sh.run("tail -1 README.md")).isEqualTo("world\n");
    assertThat(sh.run("wc -l logs/a.csv")).isEqualTo("3 logs/a.csv\n");
    assertThat(sh.run("grep -r -i WORLD .")).isEqualTo("README.md:world\n");
    assertThat(sh.run("echo 'a b' > out.txt && cat out.txt")).isEqualTo("a b\n");
    assertThat(sh.run("echo c >> out.txt; cat out.txt")).isEqualTo("a b\nc\n");
    sh.run("mkdir -p tmp; cp out.txt tmp; mv README.md tmp/R.md");
    assertThat(ws.read("tmp/out.txt")).isEqualTo("a b\nc\n");
    assertThat(ws.isFile("README.md")).isFalse();
    sh.run("rm -r tmp");
    assertThat(ws.exists("tmp")).isFalse();
  }

  @Test
  void unknownCommandsAreNotFoundAndNothingRunsOnTheHost() {
    assertThat(sh.run("curl http://example.com")).isEqualTo("bash: curl: command not found\n");
    assertThat(sh.run("python -c 'import os'")).isEqualTo("bash: python: command not found\n");
    assertThat(sh.run("cat missing.txt")).contains("missing.txt: No such file or directory");
    assertThat(sh.run("echo \"unterminated")).contains("unexpected EOF");
  }

  @Test
  void checkersRunByTheirCommandLine() {
    assertThat(sh.run("python3 ./check.py")).isEqualTo("PASS\n");
    assertThat(sh.lastCheckers()).containsExactly("check");
    Shell scripts = new Shell(ws, List.of(new Checker() {
      public String name() { return "load"; }
      public String command() { return "./run_load.sh"; }
      public Result run(Workspace w) { return new Result(false, "unreachable"); }
    }));
    assertThat(scripts.run("bash run_load.sh")).isEqualTo("unreachable\n");
    assertThat(scripts.run("sh ./run_load.sh")).isEqualTo("unreachable\n");
    assertThat(scripts.run("./run_load.sh")).isEqualTo("unreachable\n");
    ws.write("logs/a.csv", "x,y\n");
    assertThat(sh.run("python check.py")).isEqualTo("FAIL\n");
    assertThat(sh.lastCheckerResults().get(0).passed()).isFalse();
  }
}
