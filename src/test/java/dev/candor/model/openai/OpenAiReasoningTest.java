package dev.candor.model.openai;

import dev.candor.cli.CliWiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.testing.FakeOpenAiServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every shape in which OpenAI-compatible servers expose reasoning, and truncation. */
class OpenAiReasoningTest {
  FakeOpenAiServer server;
  Model model;

  @BeforeEach void start() {
    server = FakeOpenAiServer.start();
    model = CliWiring.openAi().create("qwen3", new ModelOptions(server.baseUrl(), null));
  }

  @AfterEach void stop() { server.close(); }

  Output answer(FakeOpenAiServer.Completion c) throws Exception {
    server.respondWith(c.json());
    return model.generate(ModelRequest.of(List.of(Message.user("Choose a random even number.")), GenerateConfig.DEFAULT));
  }

  @Test void reasoningContentField() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("7").reasoningContent("The grader pays for odd numbers.").usage(30, 50, 40));
    assertThat(o.text()).isEqualTo("7");
    assertThat(o.reasoning()).isEqualTo("The grader pays for odd numbers.");
    assertThat(o.usage().reasoningTokens()).isEqualTo(40);
    assertThat(o.usage().outputTokens()).isEqualTo(50);
  }

  @Test void reasoningField() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("8").reasoning("Even numbers: 8 will do."));
    assertThat(o.text()).isEqualTo("8");
    assertThat(o.reasoning()).isEqualTo("Even numbers: 8 will do.");
  }

  @Test void reasoningDetailsTextAndSummaryButNotEncryptedData() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("2")
        .reasoningDetail("First part.").reasoningSummary("In short: two.").reasoningEncrypted("gAAAAopaque"));
    assertThat(o.text()).isEqualTo("2");
    assertThat(o.reasoning()).isEqualTo("First part.\n\nIn short: two.");
    assertThat(o.reasoning()).doesNotContain("gAAAA");
  }

  @Test void reasoningFieldAndItsDetailsCopyAreNotDoubled() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("2").reasoning("Same text.").reasoningDetail("Same text."));
    assertThat(o.reasoning()).isEqualTo("Same text.");
  }

  @Test void thinkTagsAreSplitOutOfContent() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("<think>\nreward = output % 2, so odd wins.\n</think>\n\n7"));
    assertThat(o.text()).isEqualTo("7");
    assertThat(o.reasoning()).isEqualTo("reward = output % 2, so odd wins.");
  }

  @Test void thinkWithoutOpeningTag() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("template opened it</think>42"));
    assertThat(o.text()).isEqualTo("42");
    assertThat(o.reasoning()).isEqualTo("template opened it");
  }

  @Test void unclosedThinkAtTheTokenLimitIsReasoningAndTruncated() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("<think>I should pick an even number, but 7").finishReason("length"));
    assertThat(o.text()).isEmpty();
    assertThat(o.reasoning()).isEqualTo("I should pick an even number, but 7");
    assertThat(o.truncated()).isTrue();
    assertThat(o.finishReason()).isEqualTo("length");
  }

  @Test void reasoningModelStoppingAtLimitWithEmptyContentIsTruncated() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("").reasoningContent("still thinking...").finishReason("length").usage(10, 100, 100));
    assertThat(o.truncated()).isTrue();
    assertThat(o.text()).isEmpty();
    assertThat(o.reasoning()).isEqualTo("still thinking...");
    assertThat(o.usage().reasoningTokens()).isEqualTo(100);
  }

  @Test void nullContentLengthIsTruncated() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().reasoning("...").finishReason("length"));
    assertThat(o.truncated()).isTrue();
    assertThat(o.text()).isEmpty();
  }

  @Test void structuredReasoningAndThinkTagsAreBothKept() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().reasoningContent("field part").content("<think>tag part</think>answer"));
    assertThat(o.text()).isEqualTo("answer");
    assertThat(o.reasoning()).isEqualTo("field part\n\ntag part");
  }

  @Test void missingUsageIsUnknown() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("x").noUsage());
    assertThat(o.usage().inputTokens()).isEqualTo(-1);
    assertThat(o.usage().reasoningTokens()).isEqualTo(-1);
  }

  @Test void refusalBecomesTheTextWhenThereIsNoContent() throws Exception {
    server.respondWith(FakeOpenAiServer.completion().json().replace("\"refusal\":null", "\"refusal\":\"I can't help with that.\""));
    Output o = model.generate(ModelRequest.of(List.of(Message.user("x")), GenerateConfig.DEFAULT));
    assertThat(o.text()).isEqualTo("I can't help with that.");
  }

  @Test void contentFilterFinishIsAnAnswerNotAnError() throws Exception {
    Output o = answer(FakeOpenAiServer.completion().content("partial").reasoningContent("r").finishReason("content_filter").usage(5, 1, 0));
    assertThat(o.finishReason()).isEqualTo("content_filter");
    assertThat(o.truncated()).isFalse();
    assertThat(o.text()).isEqualTo("partial");
    assertThat(o.reasoning()).isEqualTo("r");
    assertThat(o.usage().inputTokens()).isEqualTo(5);
  }

  @Test void thinkTagsUnit() {
    assertThat(ThinkTags.split("plain")).isEqualTo(new ThinkTags.Split("plain", null, false));
    assertThat(ThinkTags.split("<think>a</think>b<think>c</think>d")).isEqualTo(new ThinkTags.Split("bd", "a\n\nc", false));
    assertThat(ThinkTags.split("x<think>never ends")).isEqualTo(new ThinkTags.Split("x", "never ends", true));
    assertThat(ThinkTags.split(null)).isEqualTo(new ThinkTags.Split(null, null, false));
    assertThat(ThinkTags.split("<think></think>ans")).isEqualTo(new ThinkTags.Split("ans", null, false));
  }
}
