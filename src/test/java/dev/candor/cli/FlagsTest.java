package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.analysis.TermAnalysis;
import dev.candor.export.AtomicFile;
import dev.candor.model.ModelOptions;
import dev.candor.run.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lower layers name settings; the command line's messages name flags and variables, word for word as before. */
class FlagsTest {
  @TempDir Path dir;

  static String message(Runnable r) {
    Throwable e = catchThrowable(r::run);
    assertThat(e).isInstanceOf(InvalidSetting.class);
    return Flags.message(e);
  }

  @Test
  void aMissingKeyNamesTheProvidersVariablesAndTheBaseUrlFlag() {
    assertThat(message(() -> CliWiring.openAi().create("gpt-x", new ModelOptions(null, null))))
        .isEqualTo("OPENAI_API_KEY is not set; export it, or give --base-url (or OPENAI_BASE_URL) for a local OpenAI-compatible server");
    assertThat(message(() -> CliWiring.anthropic().create("claude-x", new ModelOptions(null, null))))
        .isEqualTo("ANTHROPIC_API_KEY is not set; export it, or give --base-url (or ANTHROPIC_BASE_URL) for a compatible server");
  }

  @Test
  void settingsMentionedInsideAMessageAreNamedToo() {
    assertThat(message(() -> Runs.checkSize(20_000_000, 1))).isEqualTo("--epochs: expected samples x epochs <= 10000000 per run, got "
        + "20000000 x 1 = 20000000; lower --epochs or --limit, or split the sweep into several runs");
    assertThat(message(() -> CliWiring.openAi().create("m", CliWiring.options("http://127.0.0.1:9/v1",
        Map.of(EnvVars.PREFILL, "completions"), null))))
        .isEqualTo("CANDOR_PREFILL=completions needs CANDOR_CHAT_TEMPLATE: the path of the model's chat template "
            + "(a .jinja file, or its tokenizer_config.json)");
  }

  @Test
  void environmentSettingsAreNamedByTheirVariables() {
    assertThat(message(() -> CliWiring.openAi().create("m", CliWiring.options("http://127.0.0.1:9/v1",
        Map.of(EnvVars.PREFILL, "raw"), null))))
        .isEqualTo("CANDOR_PREFILL: expected continue_final_message or completions (or unset), got 'raw'");
    assertThat(message(() -> EnvVars.of(Map.of("CANDOR_ORGANISM_SEED", "x")).organismSeed()))
        .isEqualTo("CANDOR_ORGANISM_SEED: expected an integer, got 'x'");
  }

  @Test
  void aBadTermsFileNamesTheFlagAndTheLine() throws Exception {
    Path terms = Files.writeString(dir.resolve("t.txt"), "watchers\ntwo words\n");
    assertThat(message(() -> TermAnalysis.termsWith(terms))).isEqualTo("--terms " + terms + ": line 2: expected one word of letters, got 'two words'");
  }

  @Test
  void anUnwritableOutputNamesTheFlag() throws Exception {
    Path taken = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(taken.resolve("keep.txt"), "a directory cannot be replaced");
    assertThat(message(() -> AtomicFile.writeFile(taken, tmp -> Files.writeString(tmp, "x")))).startsWith("--out: cannot write '" + taken + "': ");
  }

  @Test
  void withoutTheCommandLineTheMessageSaysWhatIsWrongInPlainWords() {
    InvalidSetting e = InvalidSetting.of(Setting.EPOCHS, "lower ", Setting.EPOCHS, " or ", Setting.LIMIT);
    assertThat(e.getMessage()).isEqualTo("epochs: lower epochs or sample limit");
    assertThat(Flags.message(e)).isEqualTo("--epochs: lower --epochs or --limit");
    assertThat(Flags.message(new IllegalArgumentException("as is"))).isEqualTo("as is");
  }
}
