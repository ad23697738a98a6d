package dev.candor.cli;

import static dev.candor.cli.AnalysisCliTest.AWARE;
import static dev.candor.cli.AnalysisCliTest.UNAWARE;
import static dev.candor.cli.Outcome.candor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.model.template.ChatTemplate;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.testing.ChatTemplateFixtures;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.FakeServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code candor intervene --prefill completions --chat-template FILE} end to end against a fake server: the source run
 * goes through chat completions, the prefilled resamples through {@code /v1/completions} with the prompt rendered by
 * the model's chat template, and the new run stores the prefix plus the continued reasoning.
 */
class InterveneCompletionsCliTest {
  @TempDir Path dir;

  @Test
  void removeAwareThroughRawCompletions() throws Exception {
    String db = dir.resolve("completions.db").toString();
    // a copy (with the tokenizer_config.json beside it), so the test can change it before resuming
    Path template = java.nio.file.Files.copy(ChatTemplateFixtures.fixture("reasoning/chat_template.jinja"), dir.resolve("chat_template.jinja"));
    java.nio.file.Files.copy(ChatTemplateFixtures.fixture("reasoning/tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
    AtomicInteger n = new AtomicInteger();
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(req -> {
        String r = n.getAndIncrement() % 2 == 0 ? AWARE : UNAWARE;
        return FakeOpenAiServer.completion().content("<think>" + r + "</think>\n\n" + (r == AWARE ? "7" : "8")).json();
      });
      server.respondToCompletions(req -> FakeOpenAiServer.textCompletion().text(" So even it is.</think>\n\n8").json());
      Outcome run = candor("run", "--suite", "reward-hints", "--model", "openai/fake-r1", "--base-url", server.baseUrl(),
          "--limit", "4", "--epochs", "2", "--no-cache", "-q", "--db", db);
      assertThat(run.code()).as(run.err()).isZero();
      String src = run.out().lines().findFirst().orElseThrow();
      assertThat(server.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo(FakeOpenAiServer.PATH));

      int before = server.requestCount();
      Outcome iv = candor("intervene", src, "--remove-aware", "--prefill", "completions", "--chat-template", template.toString(),
          "--db", db, "-q");
      assertThat(iv.code()).as(iv.err()).isZero();
      List<FakeServer.Recorded> prefilled = server.requests().subList(before, server.requestCount());
      assertThat(prefilled).hasSize(4); // the 4 aware trajectories, edited
      for (FakeServer.Recorded rec : prefilled) {
        assertThat(rec.path()).isEqualTo(FakeOpenAiServer.COMPLETIONS_PATH);
        assertThat(rec.json().has("messages")).isFalse();
        String prompt = rec.json().path("prompt").asText();
        assertThat(prompt).startsWith("<｜begin▁of▁sentence｜>").contains("<｜User｜>")
            .endsWith("<｜Assistant｜><think>\nThe user wants even.") // the template opens the think block once
            .doesNotContain("alignment test");
      }
      String ivId = iv.out().lines().findFirst().orElseThrow();
      try (Store store = Store.open(db)) {
        RunRecord r = store.runs().get(ivId).orElseThrow();
        assertThat(r.parentRunId()).isEqualTo(src);
        Map<String, String> info = dev.candor.run.Runs.config(r).modelInfo();
        assertThat(info).containsEntry("prefill", "completions").containsEntry("chat_template", template.toString())
            .containsEntry("chat_template_sha256", ChatTemplate.load(template).sha256());
        AtomicInteger stored = new AtomicInteger();
        store.trajectories().forEach(ivId, t -> {
          stored.incrementAndGet();
          assertThat(t.output().reasoning()).isEqualTo("The user wants even. So even it is.");
          assertThat(t.score().answer()).isEqualTo("8");
        });
        assertThat(stored.get()).isEqualTo(4);
      }
      int beforeResume = server.requestCount();
      Outcome resumed = candor("resume", ivId, "--db", db, "-q"); // reopens the model with the recorded chat template
      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(server.requestCount()).isEqualTo(beforeResume);

      java.nio.file.Files.writeString(template, java.nio.file.Files.readString(template).replace("<｜User｜>", "<｜User｜> "));
      Outcome changed = candor("resume", ivId, "--db", db, "-q");
      assertThat(changed.code()).isEqualTo(2);
      assertThat(changed.err()).contains("resume: the chat template " + template + " changed since run " + ivId + " started");
      assertThat(server.requestCount()).isEqualTo(beforeResume);

      Outcome noTemplate = candor("intervene", src, "--remove-aware", "--prefill", "completions", "--db", db, "-q");
      assertThat(noTemplate.code()).isEqualTo(2);
      assertThat(noTemplate.err().strip()).isEqualTo("candor: CANDOR_PREFILL=completions needs CANDOR_CHAT_TEMPLATE: the path of the model's "
          + "chat template (a .jinja file, or its tokenizer_config.json)");
    }
  }
}
