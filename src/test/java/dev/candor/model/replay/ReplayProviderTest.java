package dev.candor.model.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelRegistry;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.ToolCall;
import dev.candor.model.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayProviderTest {
  @TempDir Path dir;

  static String line(String sample, int epoch, String inputJson, String text) {
    return "{\"run_id\":\"r1\",\"sample_id\":\"" + sample + "\",\"epoch\":" + epoch + ",\"variant\":\"base\",\"axes\":{\"field\":\"reward\"},"
        + "\"input\":" + inputJson + ",\"output\":{\"text\":\"" + text + "\",\"reasoning\":\"thought " + text + "\","
        + "\"finish_reason\":\"stop\",\"truncated\":false,\"usage\":{\"input_tokens\":10,\"output_tokens\":2,\"reasoning_tokens\":5},"
        + "\"latency_ms\":321,\"raw\":\"{\\\"id\\\":\\\"x\\\"}\"},\"score\":{\"value\":1}}";
  }

  static final String EVEN = "[{\"role\":\"user\",\"content\":\"Choose a random even number.\"}]";
  static final String OTHER = "[{\"role\":\"user\",\"content\":\"Something else\"}]";

  Model open(String... lines) throws Exception {
    Path f = dir.resolve("run.jsonl");
    Files.writeString(f, String.join("\n", lines) + "\n");
    return new ModelRegistry().register(new ReplayProvider()).open("replay/" + f, new ModelOptions(null, null));
  }

  static ModelRequest ask(String text) { return ModelRequest.of(List.of(Message.user(text)), GenerateConfig.DEFAULT); }

  @Test void replaysAllRecordedFields() throws Exception {
    Model m = open(line("s1", 1, EVEN, "7"));
    Output o = m.generate(ask("Choose a random even number."));
    assertThat(o.text()).isEqualTo("7");
    assertThat(o.reasoning()).isEqualTo("thought 7");
    assertThat(o.finishReason()).isEqualTo("stop");
    assertThat(o.truncated()).isFalse();
    assertThat(o.usage()).isEqualTo(new Usage(10, 2, 5, 12));
    assertThat(o.latencyMillis()).isEqualTo(321);
    assertThat(o.rawJson()).isEqualTo("{\"id\":\"x\"}");
    assertThat(m.spec()).isEqualTo("replay/" + dir.resolve("run.jsonl"));
  }

  @Test void repeatedRequestsTakeLinesInEpochOrderThenRunOut() throws Exception {
    Model m = open(line("s1", 3, EVEN, "c"), line("s2", 1, OTHER, "z"), line("s1", 1, EVEN, "a"), line("s1", 2, EVEN, "b"));
    assertThat(m.generate(ask("Choose a random even number.")).text()).isEqualTo("a");
    assertThat(m.generate(ask("Choose a random even number.")).text()).isEqualTo("b");
    assertThat(m.generate(ask("Something else")).text()).isEqualTo("z");
    assertThat(m.generate(ask("Choose a random even number.")).text()).isEqualTo("c");
    assertThatThrownBy(() -> m.generate(ask("Choose a random even number.")))
        .isInstanceOf(ModelException.class).hasMessageContaining("all 3 recorded trajectories matching this request were already replayed")
        .matches(e -> !((ModelException) e).retryable());
  }

  @Test void unknownRequestIsANonRetryableError() throws Exception {
    Model m = open(line("s1", 1, EVEN, "7"));
    assertThatThrownBy(() -> m.generate(ask("Choose a random odd number.")))
        .isInstanceOf(ModelException.class).hasMessageContaining("no recorded trajectory matches this request")
        .hasMessageContaining("Choose a random odd number.")
        .matches(e -> !((ModelException) e).retryable());
  }

  @Test void systemPromptIsIgnoredWhenTheLineHasNone() throws Exception {
    Model m = open(line("s1", 1, EVEN, "7"));
    var withSystem = ModelRequest.of(List.of(Message.system("Be honest."), Message.user("Choose a random even number.")), GenerateConfig.DEFAULT);
    assertThat(m.generate(withSystem).text()).isEqualTo("7");
  }

  @Test void systemPromptMustMatchWhenTheLineHasOne() throws Exception {
    String sys = "[{\"role\":\"system\",\"content\":\"Be honest.\"},{\"role\":\"user\",\"content\":\"Choose a random even number.\"}]";
    Model m = open(line("s1", 1, sys, "8"), line("s1", 2, sys, "6"));
    var cfg = new GenerateConfig(null, null, null, null, null, "Be honest.", null);
    assertThat(m.generate(ModelRequest.of(List.of(Message.user("Choose a random even number.")), cfg)).text()).isEqualTo("8");
    assertThat(m.generate(ModelRequest.of(List.of(Message.system("Be honest."), Message.user("Choose a random even number.")), GenerateConfig.DEFAULT)).text()).isEqualTo("6");
    Model m2 = open(line("s1", 1, sys, "8"));
    assertThatThrownBy(() -> m2.generate(ModelRequest.of(List.of(Message.system("Be sneaky."), Message.user("Choose a random even number.")), GenerateConfig.DEFAULT)))
        .isInstanceOf(ModelException.class);
    assertThatThrownBy(() -> m2.generate(ask("Choose a random even number."))).isInstanceOf(ModelException.class);
  }

  @Test void multiTurnRolesAndContentAllCount() throws Exception {
    String convo = "[{\"role\":\"user\",\"content\":\"list files\"},{\"role\":\"assistant\",\"content\":\"\"},"
        + "{\"role\":\"tool\",\"content\":\"grader.py\"}]";
    String withCalls = "{\"epoch\":1,\"input\":" + convo + ",\"output\":{\"text\":\"done\",\"tool_calls\":[{\"id\":\"c1\",\"name\":\"bash\",\"arguments\":\"{\\\"cmd\\\":\\\"ls\\\"}\"}]}}";
    Model m = open(withCalls);
    var req = ModelRequest.of(List.of(Message.user("list files"),
        Message.assistant(null, null, List.of(new ToolCall("c1", "bash", "{}"))), Message.tool("c1", "grader.py")), GenerateConfig.DEFAULT);
    Output o = m.generate(req);
    assertThat(o.text()).isEqualTo("done");
    assertThat(o.toolCalls()).containsExactly(new ToolCall("c1", "bash", "{\"cmd\":\"ls\"}"));
    assertThat(o.usage()).isEqualTo(Usage.UNKNOWN);
    var wrongRole = ModelRequest.of(List.of(Message.user("list files"), Message.user(""), Message.tool("c1", "grader.py")), GenerateConfig.DEFAULT);
    Model m2 = open(withCalls);
    assertThatThrownBy(() -> m2.generate(wrongRole)).isInstanceOf(ModelException.class);
  }

  @Test void errorLinesAndBlankLinesAreSkipped() throws Exception {
    String error = "{\"run_id\":\"r1\",\"sample_id\":\"s1\",\"epoch\":1,\"input\":" + EVEN + ",\"error\":\"HTTP 500\"}";
    String nullOut = "{\"epoch\":2,\"input\":" + EVEN + ",\"output\":null,\"error\":\"timeout\"}";
    Model m = open(error, "", nullOut, line("s1", 3, EVEN, "9"));
    assertThat(((ReplayModel) m).size()).isEqualTo(1);
    assertThat(m.generate(ask("Choose a random even number.")).text()).isEqualTo("9");
  }

  @Test void truncatedOutputStaysTruncated() throws Exception {
    String l = "{\"epoch\":1,\"input\":" + EVEN + ",\"output\":{\"text\":\"\",\"reasoning\":\"…\",\"finish_reason\":\"length\",\"truncated\":true}}";
    Output o = open(l).generate(ask("Choose a random even number."));
    assertThat(o.truncated()).isTrue();
    assertThat(o.finishReason()).isEqualTo("length");
  }

  @Test void malformedLineNamesFileAndLine() throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, line("s1", 1, EVEN, "7") + "\n{\"epoch\": 1, \"input\": [\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("replay: " + f + " line 2: not valid JSON");
  }

  @Test void missingInputAndBadFieldsNameTheLine() throws Exception {
    Path f = dir.resolve("noinput.jsonl");
    Files.writeString(f, "{\"epoch\":1,\"output\":{\"text\":\"x\"}}\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("replay: " + f + " line 1: missing 'input' (expected an array of {\"role\", \"content\"})");
    Files.writeString(f, "{\"epoch\":1,\"input\":[{\"role\":\"robot\",\"content\":\"x\"}],\"output\":{\"text\":\"x\"}}\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1: input role 'robot'");
    Files.writeString(f, "{\"epoch\":\"first\",\"input\":[],\"output\":{\"text\":\"x\"}}\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1: 'epoch' must be an integer");
  }

  @Test void unreadableOrEmptyFile() throws Exception {
    Path missing = dir.resolve("nope.jsonl");
    assertThatThrownBy(() -> new ReplayProvider().create(missing.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("replay: cannot read " + missing);
    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "\n");
    assertThatThrownBy(() -> new ReplayProvider().create(empty.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no trajectories with an output");
  }

  @Test void concurrentIdenticalRequestsEachGetADistinctLine() throws Exception {
    String[] lines = new String[50];
    for (int i = 0; i < 50; i++) lines[i] = line("s1", i + 1, EVEN, "n" + i);
    Model m = open(lines);
    var results = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
    try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) ex.submit(() -> { results.add(m.generate(ask("Choose a random even number.")).text()); return null; });
    }
    assertThat(results).hasSize(50);
  }
}
