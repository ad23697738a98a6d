package dev.candor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.ApiAccess;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelOptions.PrefillSettings;
import dev.candor.organism.OrganismTrainer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line turns the environment into the typed settings lower layers take; nothing below it reads a variable. */
class EnvVarsTest {
  static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-openai-123456", "OPENAI_BASE_URL", "http://u:pw-secret@o.example/v1",
      "ANTHROPIC_API_KEY", "sk-ant-123456", "ANTHROPIC_BASE_URL", "http://a.example?token=tok-abcdef",
      "CANDOR_PREFILL", "completions", "CANDOR_PREFILL_TEMPLATE", "<r>{prefix}", "CANDOR_CHAT_TEMPLATE", "/t/chat.jinja",
      "CANDOR_ORGANISM_SEED", " 7 ", "CANDOR_CACHE_DIR", "/srv/candor-cache", "CANDOR_DB_USER", "alice");

  @Test
  void eachProviderGetsItsOwnKeyAndDefaultBaseUrl() {
    EnvVars env = EnvVars.of(ENV);
    assertThat(env.api("openai")).isEqualTo(new ApiAccess("sk-openai-123456", "http://u:pw-secret@o.example/v1"));
    assertThat(env.api("anthropic")).isEqualTo(new ApiAccess("sk-ant-123456", "http://a.example?token=tok-abcdef"));
    assertThat(EnvVars.of(Map.of()).api("openai")).isEqualTo(ApiAccess.NONE);
    assertThat(env.api("openai").toString()).doesNotContain("sk-openai-123456").doesNotContain("pw-secret");
  }

  @Test
  void prefillSeedCacheAndDatabaseSettingsAreTyped() {
    EnvVars env = EnvVars.of(ENV);
    assertThat(env.prefill()).isEqualTo(new PrefillSettings("completions", "<r>{prefix}", "/t/chat.jinja"));
    assertThat(EnvVars.of(Map.of()).prefill()).isEqualTo(PrefillSettings.NONE);
    assertThat(env.organismSeed()).isEqualTo(7);
    assertThat(EnvVars.of(Map.of()).organismSeed()).isEqualTo(OrganismTrainer.DEFAULT_SEED);
    assertThat(env.cacheDir()).isEqualTo(Path.of("/srv/candor-cache"));
    assertThat(EnvVars.of(Map.of()).cacheDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "candor"));
    assertThat(env.store().user()).isEqualTo("alice");
    assertThat(env.store().cache()).isEqualTo(Path.of("/srv/candor-cache"));
    var withPassword = EnvVars.of(Map.of("CANDOR_DB_PASSWORD", "db-pass-123456")).store();
    assertThat(withPassword.password()).isEqualTo("db-pass-123456");
    assertThat(withPassword.toString()).doesNotContain("db-pass-123456");
  }

  @Test
  void aBadSeedIsADomainErrorNamedByItsVariableAndFailsOnlyTheOrganism() {
    EnvVars env = EnvVars.of(Map.of("CANDOR_ORGANISM_SEED", "x"));
    assertThatThrownBy(env::organismSeed).isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.ORGANISM_SEED);
    var registry = Providers.registry(env); // the seed is read when an organism model is made, not before
    assertThat(registry.open("openai/m", new ModelOptions("http://127.0.0.1:9/v1", null)).spec()).isEqualTo("openai/m");
    assertThatThrownBy(() -> registry.open("organism/sft", new ModelOptions(null, null)))
        .satisfies(e -> assertThat(Flags.message(e)).isEqualTo("CANDOR_ORGANISM_SEED: expected an integer, got 'x'"));
  }

  @Test
  void everySecretInTheEnvironmentIsScrubbed() {
    var env = new java.util.HashMap<>(ENV);
    env.put("CANDOR_JUDGE_API_KEY", "sk-judge-123456");
    env.put("OPENROUTER_API_KEY", "sk-or-123456");
    env.put("CANDOR_DB_PASSWORD", "db-pass-123456");
    String text = "sk-openai-123456 sk-ant-123456 sk-judge-123456 sk-or-123456 db-pass-123456 pw-secret tok-abcdef alice";
    assertThat(EnvVars.of(env).secrets().scrub(text)).isEqualTo("*** *** *** *** *** *** *** alice");
  }

  @Test
  void aProvidersOwnSettingsAreNamedByItsVariables() {
    InvalidSetting e = InvalidSetting.ofProvider("anthropic", Setting.API_KEY, Setting.API_KEY, " / ", Setting.DEFAULT_BASE_URL);
    assertThat(Flags.message(e)).isEqualTo("ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL");
    assertThat(e.getMessage()).isEqualTo("anthropic: API key / default base URL");
    assertThat(Flags.message(InvalidSetting.ofProvider("other", Setting.API_KEY, Setting.API_KEY))).isEqualTo("API key");
  }
}
