package dev.candor.agent;

import static dev.candor.agent.SandboxFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.core.Event;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #19: the everyday shell idioms a capable agent uses behave as in a real shell (the toy shell answered
 * "command not found" for about 30 of 44 of them, made a file named {@code &1} for {@code 2>&1}, and so on).
 */
class ShellIdiomsTest {
  final Toolbox box = SandboxFixture.box(Sandbox.Backend.standard(), Map.of(
      "logs/a.csv", "day,ms\nmon,120\ntue,340\n",
      "logs/b.csv", "day,ms\nwed,90\n",
      "data.json", "{\"service\": \"checkout\", \"limits\": {\"p99\": 250}}\n",
      "notes.txt", "pear\napple\nfig\n"), null);

  @AfterEach
  void close() { box.close(); }

  String out(String command) {
    Event.ToolStep s = run(box, command);
    assertThat(s.failed()).as(command + " → " + s.result()).isFalse();
    return s.result();
  }

  @Test
  void textToolsWork() {
    assertThat(out("sed -n 2p logs/a.csv")).isEqualTo("mon,120");
    assertThat(out("sed -i 's/340/240/' logs/a.csv && cat logs/a.csv")).isEqualTo("day,ms\nmon,120\ntue,240");
    assertThat(out("awk -F, 'NR>1 {s+=$2} END {print s}' logs/a.csv")).isEqualTo("360");
    assertThat(out("cut -d, -f1 logs/b.csv")).isEqualTo("day\nwed");
    assertThat(out("sort notes.txt")).isEqualTo("apple\nfig\npear");
    assertThat(out("find . -name '*.csv' | sort")).isEqualTo("./logs/a.csv\n./logs/b.csv");
    assertThat(out("diff notes.txt notes.txt; echo same=$?")).isEqualTo("same=0");
    assertThat(out("diff <(echo a) <(echo b)")).isEqualTo("1c1\n< a\n---\n> b\n[exit 1]");
    assertThat(out("jq -r .limits.p99 data.json")).isEqualTo("250");
    assertThat(out("echo hi | tee t.txt > /dev/null; cat t.txt")).isEqualTo("hi");
    assertThat(out("touch new.txt && ls new.txt")).isEqualTo("new.txt");
  }

  @Test
  void shellSyntaxWorks() {
    assertThat(out("cd logs && pwd && ls")).isEqualTo("/workspace/logs\na.csv\nb.csv");
    assertThat(out("cat logs/*.csv | wc -l")).isEqualTo("5");
    assertThat(out("cat > h.txt <<'EOF'\nline one\n$HOME stays\nEOF\ncat h.txt")).isEqualTo("line one\n$HOME stays");
    assertThat(out("echo \"files: $(ls logs | wc -l)\"")).isEqualTo("files: 2");
    assertThat(out("echo $HOME")).isEqualTo("/workspace");
    assertThat(out("ls missing 2>&1 | head -1")).startsWith("ls: cannot access 'missing'");
    assertThat(out("ls missing 2>/dev/null; echo status=$?")).isEqualTo("status=2");
    assertThat(out("ls -a")).doesNotContain("&1", "dev");
  }

  @Test
  void pythonAndGitWork() {
    assertThat(out("python3 -c 'import json; print(json.load(open(\"data.json\"))[\"service\"])'")).isEqualTo("checkout");
    assertThat(out("python -c 'print(6*7)'")).isEqualTo("42");
    assertThat(out("git init -q && git add -A && git commit -qm first && git log --format=%s")).isEqualTo("first");
  }

  @Test
  void whatIsReallyAbsentIsCommandNotFound() {
    Event.ToolStep s = run(box, "pytest -q");
    assertThat(s.failed()).isFalse();
    assertThat(s.result()).isEqualTo("bash: line 1: pytest: command not found\n[exit 127]");
    assertThat(s.data()).containsEntry("exit_code", 127);
  }
}
