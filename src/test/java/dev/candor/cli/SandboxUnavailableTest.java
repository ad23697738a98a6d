package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.candor.agent.Sandbox;
import dev.candor.testing.Slow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19: where bubblewrap is missing or cannot create namespaces, a covert-actions run stops before anything is
 * written, with one line naming the choices (exit 2); a reward-hints run needs no sandbox. Candor runs in a child JVM
 * inside a bubblewrap sandbox that forbids new user namespaces (or hides bwrap).
 */
@Slow
class SandboxUnavailableTest {
  record Result(int code, String stdout, String stderr) {}

  static Result candor(Path out, List<String> hide, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bwrap", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
        "--bind", out.toString(), out.toString())); // no tmpfs over /tmp: the checkout (and so the class path) may be under it
    for (String h : hide) cmd.addAll(List.of("--ro-bind", "/dev/null", h));
    cmd.addAll(List.of("--unshare-all", "--unshare-user", "--disable-userns", "--uid", "1000", "--gid", "1000", "--die-with-parent",
        "--setenv", "HOME", out.toString(), "--setenv", "CANDOR_CACHE_DIR", out.resolve("cache").toString(),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-Djava.io.tmpdir=" + out, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.resolve("stdout").toFile()).redirectError(out.resolve("stderr").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finishes").isTrue();
    return new Result(p.exitValue(), Files.readString(out.resolve("stdout"), StandardCharsets.UTF_8), Files.readString(out.resolve("stderr"), StandardCharsets.UTF_8));
  }

  @Test
  void aCovertRunStopsWithOneLineNamingTheChoices(@TempDir Path out) throws Exception {
    assumeTrue(Sandbox.Backend.BWRAP.unavailable() == null, "bubblewrap is not usable here; this test runs Candor inside it");
    Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Path db = out.resolve("runs.db");
    for (List<String> hide : List.of(List.<String>of(), List.of("/usr/bin/bwrap"))) {
      Result r = candor(out, hide, "run", "--suite", "covert-actions", "--model", "organism/prod", "--limit", "1", "--db", db.toString());
      assertThat(r.code()).as(r.stderr()).isEqualTo(2);
      assertThat(r.stderr().lines().toList()).hasSize(1);
      assertThat(r.stderr()).startsWith("candor: --sandbox: bwrap is not available (")
          .endsWith("); install bubblewrap (apt install bubblewrap), or choose --sandbox local inside a container that is itself the sandbox\n");
      assertThat(r.stdout()).isEmpty();
      assertThat(db).doesNotExist();
    }
  }
}
