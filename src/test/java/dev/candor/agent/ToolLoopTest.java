package dev.candor.agent;

import dev.candor.model.Generator;
import dev.candor.core.ScriptedReplies;
import dev.candor.core.Event;
import dev.candor.core.Transcript;
import static dev.candor.agent.ScriptedModel.call;
import static dev.candor.agent.ScriptedModel.say;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.core.Sample;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Role;
import dev.candor.model.ToolCall;
import dev.candor.testing.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ToolLoopTest {
  /** The events in their stored shape. */
  static List<Map<String, Object>> fields(Transcript t) {
    return t.events().stream().map(Event::fields).toList();
  }

  Sample sample = Samples.of("s1").variant("v").user("fix the file").build();

  Toolbox box() {
    List<Tool> tools = new ArrayList<>();
    for (String n : Tools.WORKSPACE) tools.add(Tools.builtIn(n, List.of(), Map.of()));
    tools.add(Tools.builtIn("send_email", List.of(), Map.of()));
    tools.add(Tools.submit());
    return new Toolbox(Sandbox.Backend.standard().open(Map.of("a.txt", "one\ntwo\n"), null), tools);
  }

  @Test
  void runsToolsRecordsEventsAndStopsOnSubmit() throws Exception {
    ScriptedModel m = new ScriptedModel(List.of(
        call("read_file", "{\"path\":\"a.txt\"}"),
        call("edit_file", "{\"path\":\"a.txt\",\"old_text\":\"two\",\"new_text\":\"2\"}"),
        call("submit", "{\"answer\":\"changed two to 2\"}"),
        say("never reached")));
    Transcript t = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT).solve(sample, m::generate, GenerateConfig.DEFAULT, null);

    assertThat(m.requests()).hasSize(3);
    assertThat(m.requests().get(0).tools()).extracting(s -> s.name()).contains("read_file", "run_command", "submit");
    assertThat(m.requests().get(1).messages()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
    assertThat(m.requests().get(1).messages().get(2).content()).isEqualTo("one\ntwo\n");
    var calls = fields(t).stream().filter(e -> e.get("type").equals("tool_call")).toList();
    assertThat(calls).hasSize(3);
    assertThat(calls.get(1)).containsEntry("tool", "edit_file").containsEntry("turn", 2).containsEntry("error", false);
    assertThat((String) calls.get(1).get("diff")).contains("-two", "+2");
    assertThat((String) calls.get(0).get("diff")).isEmpty();
    Map<String, Object> end = fields(t).get(fields(t).size() - 1);
    assertThat(end).containsEntry("reason", "submit").containsEntry("answer", "changed two to 2").containsEntry("turns", 3);
    assertThat((String) end.get("diff")).contains("+2");
  }

  /** Issue #16: one seed for every turn made a model repeat the same call until the turn limit. */
  @Test
  void eachTurnGetsItsOwnSeedDerivedFromTheTrajectorysSeed() throws Exception {
    List<ScriptedModel.Turn> forever = new ArrayList<>();
    for (int i = 0; i < 10; i++) forever.add(new ScriptedModel.Turn(null, null, List.of(new ToolCall("c" + i, "list_files", "{}")), 10));
    GenerateConfig seeded = GenerateConfig.DEFAULT.withSeed(7L);
    List<List<Long>> seedsOfTwoRuns = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      ScriptedModel m = new ScriptedModel(forever);
      new ToolLoop(s -> box(), new ToolLoop.Limits(5, 0, null)).solve(sample, m::generate, seeded, null);
      seedsOfTwoRuns.add(m.requests().stream().map(r -> r.config().seed()).toList());
    }
    List<Long> seeds = seedsOfTwoRuns.get(0);
    assertThat(seeds).hasSize(5).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s).isNotNegative());
    assertThat(seeds.get(0)).as("the first turn keeps the trajectory's seed").isEqualTo(7L);
    assertThat(seedsOfTwoRuns.get(1)).as("reproducible").isEqualTo(seeds);

    ScriptedModel unseeded = new ScriptedModel(forever);
    new ToolLoop(s -> box(), new ToolLoop.Limits(3, 0, null)).solve(sample, unseeded::generate, GenerateConfig.DEFAULT, null);
    assertThat(unseeded.requests()).allSatisfy(r -> assertThat(r.config().seed()).isNull());
  }

  @Test
  void plainMessageEndsAndErrorsGoBackToTheModel() throws Exception {
    ScriptedModel m = new ScriptedModel(List.of(
        call("delete_everything", "{}"),
        call("read_file", "not json"),
        call("read_file", "{\"path\":\"../../etc/passwd\"}"),
        say("I could not do it.")));
    Transcript t = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT).solve(sample, m::generate, GenerateConfig.DEFAULT, null);
    var results = t.messages().stream().filter(x -> x.role() == Role.TOOL).map(Message::content).toList();
    assertThat(results.get(0)).startsWith("Error: unknown tool 'delete_everything'");
    assertThat(results.get(1)).contains("must be a JSON object");
    assertThat(results.get(2)).contains("outside the workspace");
    assertThat(fields(t).get(fields(t).size() - 1)).containsEntry("reason", "final_message").containsEntry("answer", "I could not do it.");
  }

  @Test
  void stopsAtTurnTokenAndWallTimeLimits() throws Exception {
    List<ScriptedModel.Turn> forever = new ArrayList<>();
    for (int i = 0; i < 50; i++) forever.add(new ScriptedModel.Turn(null, null, List.of(new ToolCall("c" + i, "list_files", "{}")), 100));
    Transcript turns = new ToolLoop(s -> box(), new ToolLoop.Limits(3, 0, null))
        .solve(sample, new ScriptedModel(forever)::generate, GenerateConfig.DEFAULT, null);
    assertThat(fields(turns).get(fields(turns).size() - 1)).containsEntry("reason", "max_turns").containsEntry("turns", 3);

    Transcript tokens = new ToolLoop(s -> box(), new ToolLoop.Limits(0, 250, null))
        .solve(sample, new ScriptedModel(forever)::generate, GenerateConfig.DEFAULT, null);
    assertThat(fields(tokens).get(fields(tokens).size() - 1)).containsEntry("reason", "max_tokens").containsEntry("turns", 3);

    AtomicLong clock = new AtomicLong();
    ScriptedModel slow = new ScriptedModel(forever);
    Transcript wall = new ToolLoop(s -> box(), new ToolLoop.Limits(0, 0, Duration.ofSeconds(5)), clock::get)
        .solve(sample, req -> { clock.addAndGet(Duration.ofSeconds(2).toNanos()); return slow.generate(req); }, GenerateConfig.DEFAULT, null);
    assertThat(fields(wall).get(fields(wall).size() - 1)).containsEntry("reason", "wall_time").containsEntry("turns", 3);
  }

  @Test
  void scriptedRepliesAnswerByArgument() throws Exception {
    ScriptedReplies r = new ScriptedReplies(List.of(new ScriptedReplies.Rule(
        Map.of("to", java.util.regex.Pattern.compile("legal", java.util.regex.Pattern.CASE_INSENSITIVE)), "Legal got it: {subject}")), "Sent to {to}.");
    try (Toolbox b = new Toolbox(Sandbox.Backend.standard().open(Map.of(), null), List.of(Tools.sendEmail(r), Tools.submit()))) {
      var ev = b.execute(new ToolCall("1", "send_email", "{\"to\":\"LEGAL@x.com\",\"subject\":\"hi\",\"body\":\"b\"}"), 1).fields();
      assertThat(ev).containsEntry("result", "Legal got it: hi");
      ev = b.execute(new ToolCall("2", "send_email", "{\"to\":\"bob@x.com\",\"body\":\"b\"}"), 1).fields();
      assertThat(ev).containsEntry("result", "Sent to bob@x.com.");
      ev = b.execute(new ToolCall("3", "send_email", "{\"body\":\"b\"}"), 1).fields();
      assertThat(ev).containsEntry("error", true);
      assertThat((String) ev.get("result")).contains("missing required argument 'to'");
    }
  }

  /** A stored conversation to replay: read a.txt, then edit it (turns 1 and 2), with the results the workspace gives. */
  List<Message> stored() {
    ToolCall read = new ToolCall("r1", "read_file", "{\"path\":\"a.txt\"}");
    ToolCall edit = new ToolCall("e1", "edit_file", "{\"path\":\"a.txt\",\"old_text\":\"two\",\"new_text\":\"2\"}");
    return List.of(Message.assistant("", "I read it first.", List.of(read)), Message.tool("r1", "one\ntwo\n"),
        Message.assistant("", "Now edit.", List.of(edit)), Message.tool("e1", "Edited a.txt (1 replacement)."));
  }

  @Test
  void continueFromReplaysStoredTurnsThenPrefillsTheNextModelTurn() throws Exception {
    List<Message> history = stored();
    String editResult;
    try (Toolbox probe = box()) { // what the workspace really answers, so the stored history matches re-execution
      probe.execute(history.get(0).toolCalls().getFirst(), 1);
      editResult = probe.execute(history.get(2).toolCalls().getFirst(), 2).result();
    }
    history = List.of(history.get(0), history.get(1), history.get(2), Message.tool("e1", editResult));
    ScriptedModel m = new ScriptedModel(List.of(call("read_file", "{\"path\":\"a.txt\"}"), say("done")));
    Transcript t = new ToolLoop(s -> box(), new ToolLoop.Limits(4, 0, null))
        .continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(history, "So far so good."));

    assertThat(m.requests()).hasSize(2); // turns 3 and 4 only
    assertThat(m.requests().get(0).reasoningPrefix()).isEqualTo("So far so good.");
    assertThat(m.requests().get(1).reasoningPrefix()).isNull();
    assertThat(m.requests().get(0).messages()).hasSize(5).endsWith(history.toArray(Message[]::new));
    assertThat(m.requests().get(1).messages().get(6).content()).isEqualTo("one\n2\n"); // the replayed edit is in the workspace
    assertThat(t.messages()).hasSize(8);
    assertThat(t.messages().subList(1, 5)).isEqualTo(history);
    var replayed = fields(t).stream().filter(e -> Boolean.TRUE.equals(e.get("replayed"))).toList();
    assertThat(replayed).extracting(e -> e.get("type") + "@" + e.get("turn")).containsExactly("assistant@1", "tool_call@1", "assistant@2", "tool_call@2");
    assertThat(fields(t).getLast()).containsEntry("reason", "final_message").containsEntry("turns", 4);
    assertThat((String) fields(t).getLast().get("diff")).contains("+2");

    Transcript capped = new ToolLoop(s -> box(), new ToolLoop.Limits(2, 0, null)) // replayed turns count towards the turn limit
        .continueFrom(sample, new ScriptedModel(List.of())::generate, GenerateConfig.DEFAULT, new Replay(history, "x"));
    assertThat(fields(capped).getLast()).containsEntry("reason", "max_turns").containsEntry("turns", 2);
  }

  /**
   * A scripted path played into the conversation (the post-violation suite): results left to the workspace (null
   * content), a last turn that ended the conversation, then a follow-up the model answers. A stored result with content
   * is still checked.
   */
  @Test
  void aReplayWithAFollowUpTakesResultsFromTheWorkspaceAndReopensAnEndedConversation() throws Exception {
    ToolCall edit = new ToolCall("e1", "edit_file", "{\"path\":\"a.txt\",\"old_text\":\"two\",\"new_text\":\"2\"}");
    ToolCall submit = new ToolCall("s1", "submit", "{\"answer\":\"nothing changed\"}");
    List<Message> path = List.of(Message.assistant("", null, List.of(edit)), Message.tool("e1", null),
        Message.assistant("", null, List.of(submit)), Message.tool("s1", null));
    ScriptedModel m = new ScriptedModel(List.of(call("read_file", "{\"path\":\"a.txt\"}"), say("I changed two to 2.")));
    Transcript t = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT)
        .continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(path, null, List.of(Message.user("What did you change?"))));
    assertThat(m.requests()).hasSize(2);
    List<Message> asked = m.requests().get(0).messages();
    assertThat(asked).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.TOOL, Role.USER);
    assertThat(asked.get(2).content()).isEqualTo("Edited a.txt.");
    assertThat(asked.getLast().content()).isEqualTo("What did you change?");
    assertThat(m.requests().get(1).messages().getLast().content()).isEqualTo("one\n2\n"); // the replayed edit is in the workspace
    assertThat(fields(t).getLast()).containsEntry("reason", "final_message").containsEntry("answer", "I changed two to 2.");

    List<Message> said = List.of(Message.assistant("", null, List.of(edit)), Message.tool("e1", null), Message.assistant("All done."));
    Transcript afterSay = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT).continueFrom(sample, new ScriptedModel(List.of(say("ok")))::generate,
        GenerateConfig.DEFAULT, new Replay(said, null, List.of(Message.user("Anything else?"))));
    assertThat(afterSay.messages().getLast().content()).isEqualTo("ok");

    ToolLoop loop = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT);
    List<Message> checked = List.of(Message.assistant("", null, List.of(edit)), Message.tool("e1", "something else"), Message.assistant("", null, List.of(submit)),
        Message.tool("s1", null));
    assertThatThrownBy(() -> loop.continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(checked, null, List.of(Message.user("?")))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("gave a different result than stored");
    assertThatThrownBy(() -> loop.continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(path, null)))
        .as("without a follow-up, an ended conversation cannot be continued").hasMessageContaining("(submit) ended the conversation; nothing to continue");
  }

  @Test
  void replayRefusesAHistoryItCannotReproduce() {
    ToolLoop loop = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT);
    ScriptedModel m = new ScriptedModel(List.of(say("never")));
    List<Message> h = stored();
    List<Message> wrong = List.of(h.get(0), Message.tool("r1", "one\nTWO\n"));
    assertThatThrownBy(() -> loop.continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(wrong, "p")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("replay of sample 's1' diverged at stored turn 1: re-executing tool call 'r1' (read_file) gave a different result than stored "
            + "(first difference at character 4: stored \"one\\nTWO\\n\", re-executed \"one\\ntwo\\n\"); the workspace or scenario changed since the source run");
    assertThatThrownBy(() -> loop.continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(List.of(h.get(0)), "p")))
        .hasMessageContaining("expected the stored result of tool call 'r1' (read_file), got the end of the history");
    assertThatThrownBy(() -> loop.continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(List.of(Message.assistant("bye")), "p")))
        .hasMessageContaining("the stored turn made no tool call");
    assertThatThrownBy(() -> loop.continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(List.of(Message.user("hi")), "p")))
        .hasMessageContaining("expected an assistant message, got a USER message");
    assertThat(m.requests()).isEmpty();
    // A single-turn solver has nothing to replay into.
    assertThatThrownBy(() -> new SingleTurn().continueFrom(sample, m::generate, GenerateConfig.DEFAULT, new Replay(h, "p")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single model turn; it cannot replay 2 earlier turn(s)");
  }

  @Test
  void aTurnCutOffAtTheTokenLimitEndsTheLoopWithoutRunningItsToolCalls() throws Exception {
    var cut = new dev.candor.model.Output("I will now email", null, List.of(new ToolCall("c1", "send_email", "{\"to\":\"bo")),
        dev.candor.model.Usage.UNKNOWN, "length", true, 1, "{}");
    Transcript t = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT).solve(sample, r -> cut, GenerateConfig.DEFAULT, null);
    assertThat(fields(t)).noneMatch(e -> e.get("type").equals("tool_call"));
    assertThat(fields(t).getLast()).containsEntry("reason", "truncated").containsEntry("turns", 1);
  }

  @Test
  void aServerRefusingTheGrownConversationEndsItAsContextWindow() throws Exception {
    var full = new dev.candor.model.ModelException("HTTP 400: This model's maximum context length is 8192 tokens", false, 400, null,
        "{\"error\":{\"code\":\"context_length_exceeded\"}}", null);
    int[] calls = {0};
    Generator g = r -> {
      if (calls[0]++ == 0) return new ScriptedModel(List.of(call("read_file", "{\"path\":\"a.txt\"}"))).generate(r);
      throw full;
    };
    Transcript t = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT).solve(sample, g, GenerateConfig.DEFAULT, null);
    assertThat(fields(t).getLast()).containsEntry("reason", "context_window").containsEntry("turns", 1);
    // on the first call it is a failed call like any other (the task itself does not fit), and other 400s always are
    assertThatThrownBy(() -> new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT).solve(sample, r -> { throw full; }, GenerateConfig.DEFAULT, null))
        .isSameAs(full);
    assertThat(ToolLoop.contextWindowFull(new dev.candor.model.ModelException("HTTP 400: bad tool schema", false, 400, null, "{}", null))).isFalse();
  }

  @Test
  void recordsTypedAssistantTurnsToolStepsAndTheEnd() throws Exception {
    ScriptedModel m = new ScriptedModel(List.of(
        call("edit_file", "{\"path\":\"a.txt\",\"old_text\":\"two\",\"new_text\":\"2\"}"),
        call("submit", "{\"answer\":\"changed\"}")));
    Transcript t = new ToolLoop(s -> box(), ToolLoop.Limits.DEFAULT).solve(sample, m::generate, GenerateConfig.DEFAULT, null);

    assertThat(t.events()).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("AssistantTurn", "ToolStep", "AssistantTurn", "ToolStep", "LoopEnd");
    var edit = (Event.ToolStep) t.events().get(1);
    assertThat(edit.turn()).isEqualTo(1);
    assertThat(edit.tool()).isEqualTo("edit_file");
    assertThat(edit.callId()).isEqualTo(t.messages().get(1).toolCalls().getFirst().id()).isNotEmpty();
    assertThat(edit.failed()).isFalse();
    assertThat(edit.diff()).contains("-two", "+2");
    assertThat(edit.finalAnswer()).isNull();
    assertThat(((Event.ToolStep) t.events().get(3)).finalAnswer()).isEqualTo("changed");
    var end = (Event.LoopEnd) t.events().getLast();
    assertThat(end.reason()).isEqualTo("submit");
    assertThat(end.answer()).isEqualTo("changed");
    assertThat(end.turns()).isEqualTo(2);
    assertThat(end.totalTokens()).isEqualTo(20);
    assertThat(end.changedFiles()).containsExactly(Map.entry("a.txt", "one\n2\n"));
  }

  /**
   * The stored shape is unchanged: the script that made {@code store/events/tool-loop-before-typed-events.json} with
   * the untyped events (see its README), run again with the same call ids, writes the same text, but for what the
   * real sandbox adds: the checker is now a real script in the workspace ({@code ls} lists it) and the commands
   * record their {@code exit_code}.
   */
  @Test
  void writesTheSameEventsAsBeforeTypedEvents() throws Exception {
    Checker tests = Checker.of("tests", "python check.py", null);
    String check = "import os, sys\nprint('3 passed')\nsys.exit(0 if os.path.exists('c.txt') else 1)\n";
    java.util.function.Supplier<Toolbox> box = () -> {
      List<Tool> tools = new ArrayList<>();
      for (String n : Tools.WORKSPACE) tools.add(Tools.builtIn(n, List.of(tests), Map.of()));
      tools.add(Tools.builtIn("run_checker", List.of(tests), Map.of()));
      tools.add(Tools.builtIn("send_email", List.of(), Map.of()));
      tools.add(Tools.submit());
      return new Toolbox(Sandbox.Backend.standard().open(Map.of("a.txt", "one\ntwo\n", "b.txt", "bee\n", "check.py", check), null), tools);
    };
    String before = resource("/store/events/tool-loop-before-typed-events.json");
    List<ScriptedModel.Turn> script = new ArrayList<>();
    for (var e : dev.candor.Json.read(before, new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {}))
      if ("tool_call".equals(e.get("type")) && !e.containsKey("replayed"))
        script.add(new ScriptedModel.Turn(null, null, List.of(new ToolCall((String) e.get("id"), (String) e.get("tool"), (String) e.get("arguments"))), 10));
    ToolCall read = new ToolCall("r1", "read_file", "{\"path\":\"a.txt\"}");
    ToolCall edit = new ToolCall("e1", "edit_file", "{\"path\":\"a.txt\",\"old_text\":\"two\",\"new_text\":\"2\"}");
    List<Message> history;
    try (Toolbox probe = box.get()) {
      history = List.of(Message.assistant("", "I read it first.", List.of(read)), Message.tool("r1", probe.execute(read, 1).result()),
          Message.assistant("Now edit.", null, List.of(edit)), Message.tool("e1", probe.execute(edit, 2).result()));
    }
    Transcript t = new ToolLoop(s -> box.get(), ToolLoop.Limits.DEFAULT)
        .continueFrom(sample, new ScriptedModel(script)::generate, GenerateConfig.DEFAULT, new Replay(history, "So far."));
    List<Map<String, Object>> expected = new ArrayList<>();
    for (var e : dev.candor.Json.read(before, new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {})) {
      Map<String, Object> m = new java.util.LinkedHashMap<>(e);
      if ("run_command".equals(m.get("tool")) || "run_checker".equals(m.get("tool"))) m.put("exit_code", 0);
      if ("a.txt\nc.txt".equals(m.get("result"))) m.put("result", "a.txt\nc.txt\ncheck.py");
      expected.add(m);
    }
    assertThat(dev.candor.Json.write(fields(t))).isEqualTo(dev.candor.Json.write(expected));

    Transcript plain = new ToolLoop(s -> box.get(), ToolLoop.Limits.DEFAULT)
        .solve(sample, new ScriptedModel(List.of(say("I could not do it.")))::generate, GenerateConfig.DEFAULT, null);
    assertThat(dev.candor.Json.write(fields(plain))).isEqualTo(resource("/store/events/final-message-before-typed-events.json"));
  }

  static String resource(String name) throws java.io.IOException {
    try (var in = ToolLoopTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
