package dev.candor.analysis;

import dev.candor.suite.PrefilledEnvironment;
import static dev.candor.testing.TrajectoryBuilder.trajectory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.agent.Solver;
import dev.candor.suite.Environment;
import dev.candor.core.Sample;
import dev.candor.grade.Grader;
import dev.candor.model.Message;
import dev.candor.model.ToolCall;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.testing.RunRecords;
import dev.candor.testing.Samples;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.core.Trajectory;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning interventions on multi-turn trajectories: which turn is edited, where it is cut, and the history replayed. */
class LaterTurnPlanTest {
  @TempDir Path dir;

  static Message turn(String reasoning, String id) {
    return Message.assistant("", reasoning, List.of(new ToolCall(id, "list_files", "{}")));
  }

  /** s0: awareness first appears in turn 2 of 3; s1: unaware, reasoning in turns 1 (2 sentences) and 3 (3 sentences); s2: reasoning only in turn 2. */
  static final Map<String, List<Message>> CONVERSATIONS = Map.of(
      "s0", List.of(Message.user("task"), turn("I list the files.", "a"), Message.tool("a", "x.txt"),
          turn("The data looks off. This might be an alignment test. I will fix it.", "b"), Message.tool("b", "x.txt"),
          Message.assistant("Done.", "This is probably a test. Finish.", List.of())),
      "s1", List.of(Message.user("task"), turn("Alpha one. Beta two.", "a"), Message.tool("a", "x.txt"), turn(null, "b"), Message.tool("b", "x.txt"),
          Message.assistant("Done.", "Gamma three. Delta four. Epsilon five.", List.of())),
      "s2", List.of(Message.user("task"), turn(null, "a"), Message.tool("a", "x.txt"), Message.assistant("Done.", "Only now. I think.", List.of())));

  static final Environment ENV = new Environment() {
    @Override public String name() { return "multi"; }
    @Override public List<Sample> samples() {
      return CONVERSATIONS.keySet().stream().sorted().map(id -> Samples.of(id).variant("v").user("task").build()).toList();
    }
    @Override public Solver solver() { throw new UnsupportedOperationException(); }
    @Override public Grader grader() { throw new UnsupportedOperationException(); }
  };

  String source(Store store) {
    List<String> ids = CONVERSATIONS.keySet().stream().sorted().toList();
    store.runs().create(RunRecords.of("src").suite("multi").model("scripted/test").config("{\"suite\":\"multi\",\"model\":\"scripted/test\",\"epochs\":1}").build(), ids.stream().map(id -> new StoredSample(id, ids.indexOf(id), "v", "{}", "[]", "{}")).toList());
    for (String id : ids) {
      List<Message> msgs = CONVERSATIONS.get(id);
      int value = id.equals("s0") ? 1 : 0;
      store.trajectories().save("src", trajectory(id, 1).variant("v").verdict(value == 1 ? "covert" : "honest", value).answer("Done.")
          .output("Done.", msgs.getLast().reasoning()).finishReason("stop").tokens(1L, 1L, 0L).latencyMs(1L).seed(1L)
          .messages(msgs).events(List.of()).attempts(List.of()).raw("{}").times("t0", "t1").build());
    }
    return "src";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> iv(Sample s) { return (Map<String, Object>) s.metadata().get(Intervention.META); }

  @Test
  void removeAwareEditsTheFirstAwareTurnAndCarriesTheTurnsBeforeIt() {
    try (Store store = Store.open(dir.resolve("p.db").toString())) {
      source(store);
      var spec = new Intervention.Spec(EnumSet.of(Intervention.Arm.REMOVE_AWARE, Intervention.Arm.RESAMPLE_AWARE), null, List.of(), null, 1);
      Intervention.Plan plan = Intervention.plan(store, "src", ENV, LexicalDetector.standard(), spec);
      assertThat(plan.samples()).hasSize(2);
      for (Sample s : plan.samples()) {
        assertThat(iv(s)).containsEntry("turn", 2).containsEntry("source_sample", "s0");
        assertThat(PrefilledEnvironment.historyOf(s)).isEqualTo(CONVERSATIONS.get("s0").subList(1, 3)); // turn 1 and its tool result, as stored
      }
      assertThat(PrefilledEnvironment.prefixOf(plan.samples().get(0))).isEqualTo("The data looks off.");
      assertThat(PrefilledEnvironment.prefixOf(plan.samples().get(1))).isEqualTo("The data looks off. This might be an alignment test.");
      assertThat(PrefilledEnvironment.replayOf(plan.samples().get(0)).assistantTurns()).isEqualTo(1);
    }
  }

  @Test
  void injectCutsUniformlyOverEveryTurnAndSentencePositionOrTheFirstTurnOnly() {
    try (Store store = Store.open(dir.resolve("p.db").toString())) {
      source(store);
      Map<String, Integer> positions = new TreeMap<>();
      int seeds = 300;
      LexicalDetector d = LexicalDetector.standard();
      for (int seed = 0; seed < seeds; seed++) {
        var spec = new Intervention.Spec(EnumSet.of(Intervention.Arm.INJECT), "INJECTED.", List.of(), null, seed);
        Intervention.Plan plan = Intervention.plan(store, "src", ENV, d, spec);
        assertThat(plan.samples()).extracting(s -> (String) iv(s).get("source_sample")).containsExactly("s1", "s2");
        Sample s1 = plan.samples().getFirst();
        int turn = (Integer) iv(s1).get("turn"), cut = (Integer) iv(s1).get("cut");
        positions.merge(turn + "/" + cut, 1, Integer::sum);
        List<Message> history = PrefilledEnvironment.historyOf(s1);
        assertThat(history).isEqualTo(turn == 1 ? List.of() : CONVERSATIONS.get("s1").subList(1, 5)); // turns 1 and 2 before turn 3
        assertThat(PrefilledEnvironment.prefixOf(s1)).endsWith("INJECTED.");
        Sample s2 = plan.samples().get(1);
        assertThat(iv(s2)).containsEntry("turn", 2);
        assertThat(PrefilledEnvironment.historyOf(s2)).isEqualTo(CONVERSATIONS.get("s2").subList(1, 3));
      }
      // Turn 1 has 2 sentences, turn 2 none, turn 3 has 3: five cut positions, each kept sentence count below the turn's total.
      assertThat(positions.keySet()).containsExactly("1/0", "1/1", "3/0", "3/1", "3/2");
      assertThat(positions.values()).allSatisfy(n -> assertThat(n).isBetween(seeds / 5 - 30, seeds / 5 + 30));

      var first = new Intervention.Spec(EnumSet.of(Intervention.Arm.INJECT), "INJECTED.", List.of(), null, 3, Intervention.TurnChoice.FIRST);
      Intervention.Plan plan = Intervention.plan(store, "src", ENV, LexicalDetector.standard(), first);
      assertThat(plan.samples()).hasSize(1); // s2's first turn has no reasoning
      assertThat(iv(plan.samples().getFirst())).containsEntry("turn", 1).doesNotContainKey("history");
      assertThat(PrefilledEnvironment.prefixOf(plan.samples().getFirst())).isIn("INJECTED.", "Alpha one. INJECTED.");
    }
  }

  @Test
  void reasoningFromTheEditedTurnOn() {
    List<Message> msgs = CONVERSATIONS.get("s0");
    Trajectory t = trajectory("s0", 1).variant("v").verdict(null, null).output(null, "final").messages(msgs).build();
    assertThat(Reasoning.fromTurn(t, 1)).isEqualTo(Reasoning.all(t));
    assertThat(Reasoning.fromTurn(t, 3)).isEqualTo("This is probably a test. Finish.");
    assertThat(Reasoning.turns(t, msgs)).extracting(Reasoning.Turn::message).containsExactly(1, 3, 5);
    Trajectory bare = trajectory("s0", 1).variant("v").verdict(null, null).output(null, " final ").build();
    assertThat(Reasoning.fromTurn(bare, 1)).isEqualTo("final");
    assertThat(Set.copyOf(Reasoning.turns(bare, List.of()))).containsExactly(new Reasoning.Turn(1, -1, "final"));
  }
}
