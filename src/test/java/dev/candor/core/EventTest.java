package dev.candor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void aToolCallAnImportedLogNeverAnsweredIsTypedWithoutTheFieldsItLacks() {
    Map<String, Object> stored = map("type", "tool_call", "turn", 2, "id", "c1", "tool", "bash", "arguments", "{}");
    Event e = Event.of(stored);
    assertThat(e).isEqualTo(new Event.ToolStep(2, "c1", "bash", "{}", null, null, null, null, false, Map.of()));
    assertThat(((Event.ToolStep) e).failed()).isFalse();
    assertThat(e.fields()).isEqualTo(stored);
  }

  @Test
  void numbersReadAsAnyJavaTypeStayTyped() {
    Map<String, Object> end = map("type", "end", "reason", "max_turns", "answer", null, "turns", 3L, "total_tokens", 12,
        "diff", "", "changed_files", Map.of());
    assertThat(Event.of(end)).isEqualTo(new Event.LoopEnd("max_turns", null, 3, 12, "", Map.of()));
  }

  @Test
  void whatNoTypedEventWritesBackExactlyStaysWhole() {
    var unknown = map("type", "sandbox_exec", "exit", 1);
    var noType = map("note", "x");
    var turnAsText = map("type", "tool_call", "turn", "2", "id", "c1", "tool", "bash");
    var explicitFalseReplayed = map("type", "assistant", "turn", 1, "content", "", "tool_calls", 0, "replayed", false);
    var endWithoutTokens = map("type", "end", "reason", "submit", "answer", "a", "turns", 1, "diff", "", "changed_files", Map.of());
    var fractionalTurn = map("type", "assistant", "turn", 1.5, "content", "", "tool_calls", 0);
    var nullContent = new HashMap<String, Object>(map("type", "assistant", "turn", 1, "content", null, "tool_calls", 0));
    for (Map<String, Object> m : java.util.List.of(unknown, noType, turnAsText, explicitFalseReplayed, endWithoutTokens, fractionalTurn, nullContent)) {
      Event e = Event.of(m);
      assertThat(e).as(m.toString()).isInstanceOf(Event.Other.class);
      assertThat(e.fields()).isEqualTo(m);
    }
    assertThat(Event.of(unknown).type()).isEqualTo("sandbox_exec");
    assertThat(Event.of(noType).type()).isEmpty();
  }

  @Test
  void toolDataIsKeptBesideTheTypedFields() {
    Map<String, Object> stored = map("type", "tool_call", "turn", 1, "id", "x", "tool", "run_checker", "arguments", "{}",
        "checker", "tests", "passed", false, "result", "1 failed", "error", false, "diff", "");
    var step = (Event.ToolStep) Event.of(stored);
    assertThat(step.data()).isEqualTo(Map.of("checker", "tests", "passed", false));
    assertThat(step.fields()).isEqualTo(stored);
    assertThat(step.asReplayed().fields()).containsEntry("replayed", true);
  }
}
