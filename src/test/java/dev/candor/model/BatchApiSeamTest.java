package dev.candor.model;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.model.replay.ReplayProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Providers say whether they offer a batch API; the registry asks the provider of a model spec (issue 18, item 2). */
class BatchApiSeamTest {
  static final ModelRegistry REGISTRY = new ModelRegistry().register(CliWiring.openAi()).register(CliWiring.anthropic())
      .register(new ReplayProvider());
  static final ModelOptions LOCAL = new ModelOptions("http://127.0.0.1:9/v1", Duration.ofSeconds(5));

  @Test
  void openAiAndAnthropicOfferOneAtTheirEndpointAndReplayDoesNot() {
    assertThat(REGISTRY.batchApi("openai/m", LOCAL)).hasValueSatisfying(api -> assertThat(api.provider()).isEqualTo("openai"));
    assertThat(REGISTRY.batchApi("anthropic/claude-x", LOCAL)).hasValueSatisfying(api -> assertThat(api.provider()).isEqualTo("anthropic"));
    assertThat(REGISTRY.batchApi("replay/r.jsonl", LOCAL)).isEmpty();
    assertThatThrownBy(() -> REGISTRY.batchApi("nope/x", LOCAL)).hasMessageContaining("unknown provider 'nope'");
  }
}
