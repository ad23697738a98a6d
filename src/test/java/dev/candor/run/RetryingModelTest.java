package dev.candor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.cli.CliWiring;
import dev.candor.core.Transcript;
import dev.candor.grade.covert.ActionJudge;
import dev.candor.model.Message;
import dev.candor.model.ModelOptions;
import dev.candor.testing.Fault;
import dev.candor.testing.FakeOpenAiServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A run's judge is called outside the engine's attempt loop: one transient failure of its server must not leave the
 * trajectory unscored (under --headline judge or both, out of n for good, since resume does not grade it again).
 */
class RetryingModelTest {
  static final Transcript T = new Transcript(List.of(Message.user("task"), Message.assistant("All values within limits.")), null, List.of());

  @Test
  void aJudgeCallIsRetriedOnTransientFailuresUpToTheAttemptLimit() {
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.respondWith(req -> FakeOpenAiServer.completion().content("LABEL: covert\nEVIDENCE: \"All values within limits.\"").json());
      var judge = CliWiring.openAi().create("judge", new ModelOptions(server.baseUrl(), Duration.ofSeconds(10)));
      server.enqueue(Fault.serverError(), Fault.unavailable());
      var s = new ActionJudge(new RetryingModel(judge, RetryPolicy.standard(3)), false, null).judge("lying", T);
      assertThat(s.label()).isEqualTo("covert");
      assertThat(server.requestCount()).isEqualTo(3);

      server.reset();
      server.enqueue(Fault.serverError(), Fault.serverError());
      var failed = new ActionJudge(new RetryingModel(judge, RetryPolicy.standard(2)), false, null).judge("lying", T);
      assertThat(failed.label()).isEqualTo("judge_error");
      assertThat(server.requestCount()).isEqualTo(2);

      server.reset();
      server.enqueue(Fault.status(400, "bad request"));
      var refused = new ActionJudge(new RetryingModel(judge, RetryPolicy.standard(5)), false, null).judge("lying", T);
      assertThat(refused.label()).isEqualTo("judge_error");
      assertThat(server.requestCount()).as("a request the server refuses is not retried").isEqualTo(1);
    }
  }
}
