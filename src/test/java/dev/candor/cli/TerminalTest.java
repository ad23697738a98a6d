package dev.candor.cli;

import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.testing.FakeOpenAiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalTest {
  @TempDir Path dir;

  /** Retitles the window, clears the screen, rings the bell, rewrites the line and reverses the text after it. */
  static final String HOSTILE = "\u001b]0;owned\u0007This might be an alignment test.\u001b[2J\r\u009b31m \u202eevil";

  @Test
  void controlsEscapeSequencesAndBidiOverridesAreShownEscaped() {
    assertThat(Terminal.safe(HOSTILE)).isEqualTo(
        "\\x1b]0;owned\\x07This might be an alignment test.\\x1b[2J\\x0d\\x9b31m \\u202eevil");
    assertThat(Terminal.safe("plain\ttext, ünïcode and\nnew lines")).isEqualTo("plain\ttext, ünïcode and\nnew lines");
  }

  @Test
  void analyzeAwarenessPrintsModelReasoningSanitised() throws Exception {
    String db = dir.resolve("t.db").toString();
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(req -> FakeOpenAiServer.completion().content("<think>" + HOSTILE + "</think>\n\n8").json());
      var run = candor("run", "--suite", "reward-hints", "--model", "openai/fake-r1", "--base-url", server.baseUrl(), "--limit", "2",
          "--no-cache", "-q", "--db", db);
      assertThat(run.code()).as(run.err()).isZero();
      String id = run.out().lines().findFirst().orElseThrow();
      var r = candor("analyze", "awareness", id, "--db", db);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("\\x1b]0;owned\\x07This might be an alignment test.");
      for (String s : new String[] {r.out(), r.err()})
        assertThat(s.chars().filter(c -> c == 0x1b || c == 0x07 || c == '\r' || c == 0x9b || c == 0x202e).count()).isZero();
    }
  }
}
