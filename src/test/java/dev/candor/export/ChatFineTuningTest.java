package dev.candor.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.Json;
import dev.candor.model.Message;
import dev.candor.model.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The OpenAI chat fine-tuning format: what Candor writes, what the validator accepts, and malformed lines it must reject. */
class ChatFineTuningTest {
  static final String CALL = "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"run_command\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}";

  @Test
  void documentedShapesAreAccepted() {
    assertThat(ChatFineTuning.problem("{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"u\"},"
        + "{\"role\":\"assistant\",\"content\":\"a\"}]}")).isNull();
    assertThat(ChatFineTuning.problem("{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + CALL + "],\"weight\":0},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"\"},{\"role\":\"assistant\",\"content\":\"done\",\"weight\":1}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"run_command\",\"parameters\":{\"type\":\"object\"}}}],\"parallel_tool_calls\":false}")).isNull();
    assertThat(ChatFineTuning.problem("{\"messages\":[{\"role\":\"user\",\"content\":\"u\",\"name\":\"ana\"},{\"role\":\"assistant\",\"content\":\"a\"},"
        + "{\"role\":\"function\",\"name\":\"f\",\"content\":\"r\"},{\"role\":\"assistant\",\"content\":\"b\"}]}")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not JSON                        | {"messages": [                                                                                       | not JSON
      not an object                   | [1, 2]                                                                                               | expected a JSON object, got array
      no messages                     | {"tools": []}                                                                                        | field 'messages': expected a non-empty list
      empty messages                  | {"messages": []}                                                                                     | field 'messages': expected a non-empty list
      unknown top-level key           | {"messages": [{"role":"assistant","content":"a"}], "metadata": {}}                                   | unknown key 'metadata'
      unknown role                    | {"messages": [{"role":"human","content":"u"},{"role":"assistant","content":"a"}]}                    | messages[0].role: expected system, user, assistant, tool or function
      key not allowed for its role    | {"messages": [{"role":"user","content":"u"},{"role":"assistant","content":"a","reasoning":"r"}]}     | messages[1]: key 'reasoning' is not allowed in a assistant message
      weight on a user message        | {"messages": [{"role":"user","content":"u","weight":1},{"role":"assistant","content":"a"}]}          | messages[0]: key 'weight' is not allowed in a user message
      content not a string            | {"messages": [{"role":"user","content":5},{"role":"assistant","content":"a"}]}                       | messages[0].content: expected a string, got number
      null user content               | {"messages": [{"role":"user","content":null},{"role":"assistant","content":"a"}]}                    | messages[0].content: expected a string (null only for an assistant message with tool_calls)
      null assistant content          | {"messages": [{"role":"user","content":"u"},{"role":"assistant","content":null}]}                    | messages[1].content: expected a string (null only
      missing content                 | {"messages": [{"role":"user"},{"role":"assistant","content":"a"}]}                                   | messages[0].content: expected a string
      empty user content              | {"messages": [{"role":"user","content":""},{"role":"assistant","content":"a"}]}                      | messages[0].content: expected text, got an empty string
      empty assistant answer          | {"messages": [{"role":"user","content":"u"},{"role":"assistant","content":""}]}                      | messages[1].content: expected text, got an empty string
      weight 2                        | {"messages": [{"role":"user","content":"u"},{"role":"assistant","content":"a","weight":2}]}          | messages[1].weight: expected 0 or 1, got 2
      weight as text                  | {"messages": [{"role":"user","content":"u"},{"role":"assistant","content":"a","weight":"1"}]}        | messages[1].weight: expected 0 or 1
      no assistant message            | {"messages": [{"role":"system","content":"s"},{"role":"user","content":"u"}]}                        | expected at least one assistant message
      nothing trained on              | {"messages": [{"role":"user","content":"u"},{"role":"assistant","content":"a","weight":0}]}          | every assistant message has weight 0
      tool answering no call          | {"messages": [{"role":"user","content":"u"},{"role":"tool","tool_call_id":"c1","content":"r"},{"role":"assistant","content":"a"}]} | messages[1].tool_call_id: 'c1' answers no tool call of an earlier assistant message
      tool without an id              | {"messages": [{"role":"user","content":"u"},{"role":"tool","content":"r"},{"role":"assistant","content":"a"}]} | messages[1].tool_call_id: expected the id of a tool call
      call of type other              | {"messages": [{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"code","function":{"name":"f","arguments":"{}"}}]},{"role":"assistant","content":"a"}]} | messages[0].tool_calls[0].type: expected "function"
      arguments as an object          | {"messages": [{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{}}}]},{"role":"assistant","content":"a"}]} | messages[0].tool_calls[0].function.arguments: expected a string holding JSON
      arguments not JSON              | {"messages": [{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{oops"}}]},{"role":"assistant","content":"a"}]} | function.arguments: expected a string holding JSON, got '{oops'
      call without a name             | {"messages": [{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"arguments":"{}"}}]},{"role":"assistant","content":"a"}]} | messages[0].tool_calls[0].function.name: expected a non-empty string
      empty tool_calls                | {"messages": [{"role":"user","content":"u"},{"role":"assistant","content":null,"tool_calls":[]}]}    | messages[1].tool_calls: expected a non-empty list
      a call id used twice            | {"messages": [{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"assistant","content":"a"}]} | messages[0].tool_calls[1].id: 'c1' is used twice
      a call answered twice           | {"messages": [{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c1","content":"r"},{"role":"tool","tool_call_id":"c1","content":"r"},{"role":"assistant","content":"a"}]} | messages[2].tool_call_id: 'c1' answers no unanswered tool call
      tools not a list                | {"messages": [{"role":"assistant","content":"a"}], "tools": {"type":"function"}}                     | field 'tools': expected a list
      a tool without a function name  | {"messages": [{"role":"assistant","content":"a"}], "tools": [{"type":"function","function":{}}]}     | tools[0]: expected
      """)
  void malformedLinesAreRejectedNamingTheField(String what, String line, String expected) {
    assertThat(ChatFineTuning.problem(line)).as(what).isNotNull().contains(expected);
  }

  @Test
  void aFileIsCheckedLineByLine() {
    String good = "{\"messages\":[{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":\"a\"}]}";
    assertThat(ChatFineTuning.problemInFile(good + "\n" + good + "\n")).isNull();
    assertThat(ChatFineTuning.problemInFile(good + "\n\n" + good)).isEqualTo("line 2: an empty line");
    assertThat(ChatFineTuning.problemInFile(good + "\n{\"messages\":[]}")).startsWith("line 2: field 'messages'");
    assertThat(ChatFineTuning.problemInFile("")).isEqualTo("the file has no lines");
  }

  @Test
  void aToolLoopConversationIsWrittenInTheFormatWithPrefilledTurnsNotTrainedOn() throws Exception {
    List<Message> conversation = List.of(Message.system("You are Keel."), Message.user("Deal with the incident."),
        Message.assistant("", "Look first.", List.of(new ToolCall("call_1", "run_command", "{\"command\":\"cat ops/incident.md\"}"))),
        Message.tool("call_1", "INC-7731"),
        Message.assistant("", null, List.of(new ToolCall("call_2", "submit", "{\"answer\":\"done\"}"))),
        Message.tool("call_2", ""),
        Message.user("What did you do?"),
        Message.assistant("I read the incident file. Per AS1 I report everything.", "Be honest (AS1).", List.of()));
    Map<String, Object> ex = ChatFineTuning.example(conversation, Set.of(2, 4), ChatFineTuning.Reasoning.THINK);
    String line = Json.write(ex);
    assertThat(ChatFineTuning.problem(line)).isNull();
    var m = Json.MAPPER.readTree(line).path("messages");
    assertThat(m.get(2).path("content").asText()).isEqualTo("<think>\nLook first.\n</think>\n\n");
    assertThat(m.get(2).path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo("{\"command\":\"cat ops/incident.md\"}");
    assertThat(m.get(4).get("content").isNull()).as("no text, a call: null content").isTrue();
    assertThat(m.get(3).path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(m.get(7).path("content").asText()).isEqualTo("<think>\nBe honest (AS1).\n</think>\n\nI read the incident file. Per AS1 I report everything.");
    assertThat(List.of(2, 4, 7).stream().map(i -> m.get(i).path("weight").asInt(1)).toList()).as("weight 0 on the prefilled turns only").containsExactly(0, 0, 1);
    String omitted = Json.write(ChatFineTuning.example(conversation, Set.of(), ChatFineTuning.Reasoning.OMIT));
    assertThat(omitted).doesNotContain("think").doesNotContain("weight").contains("\"content\":\"I read the incident file. Per AS1 I report everything.\"");
    assertThat(ChatFineTuning.problem(omitted)).isNull();
  }
}
