package dev.candor.run;

import dev.candor.core.RunConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.GenerateConfig;
import dev.candor.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunConfigTest {
  static final RunConfig FULL = RunConfig.builder("reward-hints", "openai/m").baseUrl("http://u:pw@h:8000/v1?api_key=sekrit1")
      .epochs(3).limit(7).maxConnections(5).maxAttempts(4).timeoutSeconds(30.0).generate(GenerateConfig.DEFAULT).seed(42L)
      .variants("v.yaml", "grid: []").name("named").withSpec(true).noCache(true).rpm(60).tpm(9000).judges("openai/j", "openai/jr")
      .modelInfo(Map.of("seed", "1")).maxResponseBytes(1024L).served(Map.of("fingerprint", "fp")).build();

  /** The JSON form runs store, as written before the builder replaced the copy methods. */
  static final String STORED = "{\"suite\":\"reward-hints\",\"model\":\"openai/m\",\"baseUrl\":\"http://u:pw@h:8000/v1?api_key=sekrit1\","
      + "\"epochs\":3,\"limit\":7,\"maxConnections\":5,\"maxAttempts\":4,\"timeoutSeconds\":30.0,\"generate\":{\"temperature\":null,"
      + "\"maxTokens\":null,\"reasoningEffort\":null,\"thinkingBudget\":null,\"seed\":null,\"systemPrompt\":null,\"timeoutSeconds\":null},"
      + "\"seed\":42,\"variantsFile\":\"v.yaml\",\"variantsText\":\"grid: []\",\"name\":\"named\",\"withSpec\":true,\"noCache\":true,"
      + "\"rpm\":60,\"tpm\":9000,\"judge\":\"openai/j\",\"judgeWithReasoning\":\"openai/jr\",\"modelInfo\":{\"seed\":\"1\"},"
      + "\"maxResponseBytes\":1024,\"served\":{\"fingerprint\":\"fp\"}}";

  @Test
  void theStoredJsonFormIsUnchangedAndReadsBack() {
    // The suite's self-description (core.SuiteInfo), the headline policy, the tool choice, the sweep and the judges' base URL were added
    // after; a config written before them still reads back.
    assertThat(Json.write(FULL)).isEqualTo(STORED.substring(0, STORED.length() - 1).replace("\"timeoutSeconds\":null}",
        "\"timeoutSeconds\":null,\"toolChoice\":null}") + ",\"suiteInfo\":null,\"headline\":null,\"sweep\":null,\"judgeBaseUrl\":null}");
    assertThat(Json.read(STORED, RunConfig.class)).isEqualTo(FULL);
  }

  @Test
  void aConfigStoredBeforeLaterFieldsExistedStillLoads() {
    String old = "{\"suite\":\"reward-hints\",\"model\":\"organism/sft\",\"baseUrl\":null,\"epochs\":2,\"limit\":null,\"maxConnections\":8,"
        + "\"maxAttempts\":3,\"timeoutSeconds\":600.0,\"generate\":{\"temperature\":0.5},\"seed\":7,\"variantsFile\":null,"
        + "\"variantsText\":null,\"name\":null,\"withSpec\":false,\"noCache\":false,\"rpm\":null,\"tpm\":null}";
    RunConfig c = Json.read(old, RunConfig.class);
    assertThat(c.epochs()).isEqualTo(2);
    assertThat(c.generate().temperature()).isEqualTo(0.5);
    assertThat(c.modelInfo()).isEmpty();
    assertThat(c.served()).isEmpty();
    assertThat(c.judge()).isNull();
    assertThat(c.responseLimit()).isEqualTo(dev.candor.model.ModelOptions.DEFAULT_MAX_RESPONSE_BYTES);
  }

  @Test
  void aSweepsPlaceReadsBackFromTheStoredJson() {
    RunConfig c = FULL.toBuilder().sweep(new dev.candor.core.Sweep("g1", 2, 3, 1200, "rl")).build();
    assertThat(Json.read(Json.write(c.stored()), RunConfig.class).sweep()).isEqualTo(new dev.candor.core.Sweep("g1", 2, 3, 1200, "rl"));
    assertThat(c.sweep().describe()).isEqualTo("group g1, checkpoint 2 of 3, step 1200, phase rl");
  }

  @Test
  void theBuilderChangesOnlyWhatItIsTold() {
    assertThat(FULL.toBuilder().build()).isEqualTo(FULL);
    RunConfig c = FULL.toBuilder().name("other").baseUrl("http://x/v1").modelInfo(Map.of("k", "v")).maxResponseBytes(null)
        .served(null).build();
    assertThat(c).isEqualTo(new RunConfig("reward-hints", "openai/m", "http://x/v1", 3, 7, 5, 4, 30.0, GenerateConfig.DEFAULT, 42L,
        "v.yaml", "grid: []", "other", true, true, 60, 9000, "openai/j", "openai/jr", Map.of("k", "v"), null, null, null, null, null, null, null, null));
  }

  @Test
  void aNewBuilderStartsFromCandorRunsDefaults() {
    RunConfig c = RunConfig.builder("reward-hints", "openai/m").build();
    assertThat(c).isEqualTo(new RunConfig("reward-hints", "openai/m", null, 1, null, 32, 6, 600, GenerateConfig.DEFAULT, 1L,
        null, null, null, false, false, null, null, null, null, null, null, null, null, null, null, null, null, null));
    assertThat(RunConfig.imported("reward-hints", "openai/m", 0, 9)).as("an imported run: at least 1 epoch, its seed")
        .isEqualTo(c.toBuilder().seed(9).build());
  }

  @Test
  void storedDropsTheCredentialsOfTheBaseUrlsOnly() {
    RunConfig judged = FULL.toBuilder().judgeBaseUrl("http://j:jpw@judge:9000/v1?api_key=sekrit2").build();
    RunConfig s = judged.stored();
    assertThat(s.baseUrl()).doesNotContain("pw").doesNotContain("sekrit1");
    assertThat(s.judgeBaseUrl()).startsWith("http://").contains("judge:9000/v1").doesNotContain("jpw").doesNotContain("sekrit2");
    assertThat(s.toBuilder().baseUrl(FULL.baseUrl()).judgeBaseUrl(judged.judgeBaseUrl()).build()).isEqualTo(judged);
  }

  @Test
  void anInvalidValueNamesItsSetting() {
    assertThatThrownBy(() -> FULL.toBuilder().maxResponseBytes(0L).build())
        .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.MAX_RESPONSE_BYTES)
        .hasMessage("response size limit: expected a whole number >= 1, got 0");
  }
}
