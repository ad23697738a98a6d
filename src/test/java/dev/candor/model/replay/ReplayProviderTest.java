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
import dev.candor.model.SampleBound;
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

  static String hash(String inputJson) {
    return dev.candor.model.InputHash.of(dev.candor.Json.read(inputJson.replace("\"user\"", "\"USER\"").replace("\"system\"", "\"SYSTEM\""),
        new com.fasterxml.jackson.core.type.TypeReference<List<Message>>() {}), java.util.Map.of());
  }

  static Output answer(Model m, String sample, int epoch, String inputJson) throws Exception {
    return ((SampleBound) m).bind(sample, epoch, hash(inputJson)).generate(ask("whatever the conversation says"));
  }

  @Test void replaysAllRecordedFields() throws Exception {
    Model m = open(line("s1", 1, EVEN, "7"));
    Output o = answer(m, "s1", 1, EVEN);
    assertThat(o.text()).isEqualTo("7");
    assertThat(o.reasoning()).isEqualTo("thought 7");
    assertThat(o.finishReason()).isEqualTo("stop");
    assertThat(o.truncated()).isFalse();
    assertThat(o.usage()).isEqualTo(new Usage(10, 2, 5, 12));
    assertThat(o.latencyMillis()).isEqualTo(321);
    assertThat(o.rawJson()).isEqualTo("{\"id\":\"x\"}");
    assertThat(m.spec()).isEqualTo("replay/" + dir.resolve("run.jsonl"));
  }

  /** Lines with the same messages are told apart by sample id and epoch, never matched by content alone. */
  @Test void aPairGetsItsOwnLineBySampleIdEpochAndInputHash() throws Exception {
    Model m = open(line("s2", 1, EVEN, "z"), line("s1", 2, EVEN, "b"), line("s1", 1, EVEN, "a"));
    assertThat(answer(m, "s1", 1, EVEN).text()).isEqualTo("a");
    assertThat(answer(m, "s1", 2, EVEN).text()).isEqualTo("b");
    assertThat(answer(m, "s2", 1, EVEN).text()).isEqualTo("z");
    SampleBound b = (SampleBound) m;
    assertThat(b.missing("s1", 1, hash(EVEN))).isNull();
    assertThat(b.missing("s1", 1, hash(OTHER))).contains("input").contains("differs");
    assertThat(b.missing("s3", 1, hash(EVEN))).isEqualTo("no line for it");
    assertThatThrownBy(() -> b.bind("s1", 1, hash(OTHER)).generate(ask("Choose a random even number.")))
        .isInstanceOf(ModelException.class).hasMessageContaining("no recorded trajectory for sample 's1' epoch 1")
        .matches(e -> !((ModelException) e).retryable());
    assertThatThrownBy(() -> m.generate(ask("Choose a random even number."))).isInstanceOf(ModelException.class)
        .hasMessageContaining("per (sample, epoch)");
  }

  @Test void aRecordedInputHashIsWhatMatches() throws Exception {
    String h = "ab".repeat(32);
    Model m = open("{\"sample_id\":\"s1\",\"input\":" + EVEN + ",\"input_sha256\":\"" + h + "\",\"output\":{\"text\":\"4\"}}");
    assertThat(((SampleBound) m).bind("s1", 1, h).generate(ask("x")).text()).isEqualTo("4");
    assertThat(((SampleBound) m).missing("s1", 1, hash(EVEN))).isNotNull();
  }

  @Test void everyAssistantTurnOfAMultiTurnTrajectoryIsReplayedInOrder() throws Exception {
    String messages = "[{\"role\":\"USER\",\"content\":\"list files\"},"
        + "{\"role\":\"ASSISTANT\",\"content\":\"\",\"reasoning\":\"look\",\"toolCalls\":[{\"id\":\"c1\",\"name\":\"bash\",\"argumentsJson\":\"{\\\"cmd\\\":\\\"ls\\\"}\"}]},"
        + "{\"role\":\"TOOL\",\"content\":\"grader.py\",\"toolCallId\":\"c1\"},"
        + "{\"role\":\"ASSISTANT\",\"content\":\"done\",\"toolCalls\":[{\"id\":\"c2\",\"name\":\"submit\",\"argumentsJson\":\"{}\"}]}]";
    String input = "[{\"role\":\"user\",\"content\":\"list files\"}]";
    Model m = open("{\"sample_id\":\"s1\",\"epoch\":1,\"input\":" + input + ",\"messages\":" + messages
        + ",\"output\":{\"text\":\"done\",\"finish_reason\":\"tool_calls\",\"usage\":{\"input_tokens\":9,\"output_tokens\":3}}}");
    Model bound = ((SampleBound) m).bind("s1", 1, hash(input));
    Output first = bound.generate(ask("list files"));
    assertThat(first.toolCalls()).containsExactly(new ToolCall("c1", "bash", "{\"cmd\":\"ls\"}"));
    assertThat(first.reasoning()).isEqualTo("look");
    assertThat(first.usage()).isEqualTo(Usage.UNKNOWN);
    Output second = bound.generate(ask("list files"));
    assertThat(second.text()).isEqualTo("done");
    assertThat(second.toolCalls()).containsExactly(new ToolCall("c2", "submit", "{}"));
    assertThat(second.usage()).isEqualTo(new Usage(9, 3, -1, 12));
    assertThatThrownBy(() -> bound.generate(ask("list files"))).isInstanceOf(ModelException.class).hasMessageContaining("only 2 model turn(s)");
  }

  @Test void errorLinesAndBlankLinesAreSkipped() throws Exception {
    String error = "{\"run_id\":\"r1\",\"sample_id\":\"s1\",\"epoch\":1,\"input\":" + EVEN + ",\"error\":\"HTTP 500\"}";
    String nullOut = "{\"sample_id\":\"s1\",\"epoch\":2,\"input\":" + EVEN + ",\"output\":null,\"error\":\"timeout\"}";
    Model m = open(error, "", nullOut, line("s1", 3, EVEN, "9"));
    assertThat(((ReplayModel) m).size()).isEqualTo(1);
    assertThat(answer(m, "s1", 3, EVEN).text()).isEqualTo("9");
  }

  @Test void truncatedOutputStaysTruncated() throws Exception {
    String l = "{\"sample_id\":\"s1\",\"epoch\":1,\"input\":" + EVEN + ",\"output\":{\"text\":\"\",\"reasoning\":\"…\",\"finish_reason\":\"length\",\"truncated\":true}}";
    Output o = answer(open(l), "s1", 1, EVEN);
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

  @Test void missingInputAndBadFieldsNameTheLineTheFieldAndTheSchema() throws Exception {
    Path f = dir.resolve("noinput.jsonl");
    Files.writeString(f, "{\"sample_id\":\"s1\",\"epoch\":1,\"output\":{\"text\":\"x\"}}\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("replay: " + f + " line 1: field 'input': missing; expected an array of "
            + "{\"role\", \"content\"} (or input_sha256) (schema: docs/jsonl.md)");
    Files.writeString(f, "{\"epoch\":1,\"input\":[],\"output\":{\"text\":\"x\"}}\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1: field 'sample_id': missing").hasMessageEndingWith("(schema: docs/jsonl.md)");
    Files.writeString(f, "{\"sample_id\":\"s1\",\"epoch\":1,\"input\":[{\"role\":\"robot\",\"content\":\"x\"}],\"output\":{\"text\":\"x\"}}\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1: field 'input': role 'robot'");
    Files.writeString(f, "{\"sample_id\":\"s1\",\"epoch\":\"first\",\"input\":[],\"output\":{\"text\":\"x\"}}\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1: field 'epoch': expected a whole number");
    Files.writeString(f, "{\"sample_id\":\"s1\",\"input_sha256\":\"xyz\",\"output\":{\"text\":\"x\"}}\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1: field 'input_sha256': expected 64 lower-case hex digits");
    Files.writeString(f, line("s1", 1, EVEN, "7") + "\n" + line("s1", 1, EVEN, "8") + "\n");
    assertThatThrownBy(() -> new ReplayProvider().create(f.toString(), new ModelOptions(null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2: field 'sample_id': a second trajectory for sample 's1' epoch 1 (first on line 1)");
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
}
