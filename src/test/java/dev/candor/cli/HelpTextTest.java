package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli formats help text with {@link String#format}: a bare {@code %} (as in "95% interval") breaks the line it is
 * in, and {@code candor --help} then starts with a warning. Every line of every command's help must format.
 */
class HelpTextTest {

  @Test
  void everyHelpLineOfEveryCommandFormats() {
    List<String> broken = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    walk(new CommandLine(new Main()), broken, checked);
    assertThat(checked).as("help lines checked").hasSizeGreaterThan(100);
    assertThat(broken).isEmpty();
  }

  /** run --help says what run prints on stdout: the run id, nothing more. */
  @Test
  void runHelpDescribesWhatRunPrints(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.io.StringWriter help = new java.io.StringWriter();
    new CommandLine(new RunCommand()).usage(new java.io.PrintWriter(help));
    assertThat(help.toString()).contains("Prints the run id on stdout (the results: candor show RUN_ID)").doesNotContain("per-variant results");
    Outcome run = Outcome.candor("run", "--suite", "reward-hints", "--model", "organism/sft", "--limit", "2", "-q", "--db", dir.resolve("h.db").toString());
    assertThat(run.code()).isZero();
    assertThat(run.out().strip()).matches("\\d{8}-\\d{6}-[0-9a-f]{6}");
  }

  private static void walk(CommandLine cl, List<String> broken, List<String> checked) {
    CommandSpec spec = cl.getCommandSpec();
    String where = spec.qualifiedName();
    List<String> lines = new ArrayList<>();
    lines.addAll(List.of(spec.usageMessage().description()));
    lines.addAll(List.of(spec.usageMessage().header()));
    lines.addAll(List.of(spec.usageMessage().footer()));
    for (ArgSpec a : spec.args()) lines.addAll(List.of(rawDescription(a)));
    for (String line : lines) {
      checked.add(line);
      try {
        String.format(Locale.ROOT, line);
      } catch (IllegalFormatException e) {
        broken.add(where + ": " + line);
      }
    }
    cl.getSubcommands().values().forEach(sub -> walk(sub, broken, checked));
  }

  /** An option's description as written in its annotation (the spec's copy has been through picocli's own processing). */
  private static String[] rawDescription(ArgSpec a) {
    if (a.userObject() instanceof java.lang.reflect.AnnotatedElement e) {
      CommandLine.Option o = e.getAnnotation(CommandLine.Option.class);
      if (o != null) return o.description();
      CommandLine.Parameters p = e.getAnnotation(CommandLine.Parameters.class);
      if (p != null) return p.description();
    }
    return a.description();
  }
}
