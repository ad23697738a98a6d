package dev.candor.agent;

import dev.candor.env.Sample;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Role;
import dev.candor.model.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A multi-turn tool-calling solver. Each turn sends the conversation and the {@link Toolbox}'s tool specs, runs the
 * tool calls the model returns against the simulated workspace and scenario tools, and appends one TOOL message per
 * call. It stops on a {@code submit} call (its {@code answer} is the final answer), on a plain message with no tool
 * calls (its text is the final answer), or at a limit (turns, total tokens, wall time).
 *
 * <p>Events ({@link Transcript#events()}): one {@code type=assistant} per model turn ({@code turn}, {@code content},
 * {@code tool_calls}), one {@code type=tool_call} per call (see {@link Toolbox#execute}), and a final
 * {@code type=end} with {@code reason} (submit, final_message, truncated, max_turns, max_tokens, wall_time),
 * {@code answer}, {@code turns}, {@code total_tokens}, {@code diff} (every change against the seed) and
 * {@code changed_files} (path to final content; null when deleted).
 */
public final class ToolLoop implements Solver {
  /** Limits of one trajectory; a non-positive value means none. */
  public record Limits(int maxTurns, long maxTotalTokens, Duration maxWallTime) {
    public static final Limits DEFAULT = new Limits(30, 400_000, Duration.ofMinutes(20));
  }

  private final Function<Sample, Toolbox> toolboxes;
  private final Limits limits;
  private final LongSupplier clockNanos;

  public ToolLoop(Function<Sample, Toolbox> toolboxes, Limits limits) {
    this(toolboxes, limits, System::nanoTime);
  }

  /** With an explicit clock (nanoseconds), for tests of the wall-time limit. */
  public ToolLoop(Function<Sample, Toolbox> toolboxes, Limits limits, LongSupplier clockNanos) {
    this.toolboxes = toolboxes;
    this.limits = limits == null ? Limits.DEFAULT : limits;
    this.clockNanos = clockNanos;
  }

  @Override
  public Transcript solve(Sample sample, Generator model, GenerateConfig config, String reasoningPrefix) throws ModelException {
    Toolbox box = toolboxes.apply(sample);
    List<Message> msgs = new ArrayList<>();
    GenerateConfig cfg = config == null ? GenerateConfig.DEFAULT : config;
    if (cfg.systemPrompt() != null && sample.input().stream().noneMatch(m -> m.role() == Role.SYSTEM))
      msgs.add(Message.system(cfg.systemPrompt()));
    msgs.addAll(sample.input());
    List<Map<String, Object>> events = new ArrayList<>();
    long start = clockNanos.getAsLong();
    long tokens = 0;
    int turn = 0;
    Output last = null;
    String reason = null;
    String answer = null;
    while (reason == null) {
      if (limits.maxTurns() > 0 && turn >= limits.maxTurns()) { reason = "max_turns"; break; }
      if (limits.maxWallTime() != null && !limits.maxWallTime().isZero()
          && clockNanos.getAsLong() - start >= limits.maxWallTime().toNanos()) { reason = "wall_time"; break; }
      turn++;
      Output out = model.generate(new ModelRequest(msgs, box.specs(), cfg, turn == 1 ? reasoningPrefix : null));
      last = out;
      tokens += tokensOf(out);
      msgs.add(Message.assistant(out.text(), out.reasoning(), out.toolCalls()));
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("type", "assistant");
      a.put("turn", turn);
      a.put("content", out.text() == null ? "" : out.text());
      a.put("tool_calls", out.toolCalls().size());
      events.add(a);
      if (out.toolCalls().isEmpty()) {
        reason = out.truncated() ? "truncated" : "final_message";
        answer = out.text();
        break;
      }
      for (ToolCall call : out.toolCalls()) {
        Map<String, Object> ev = box.execute(call, turn);
        events.add(ev);
        msgs.add(Message.tool(call.id(), String.valueOf(ev.get("result"))));
        if (ev.containsKey("final_answer")) {
          reason = "submit";
          answer = (String) ev.get("final_answer");
          break;
        }
      }
      if (reason == null && limits.maxTotalTokens() > 0 && tokens >= limits.maxTotalTokens()) reason = "max_tokens";
    }
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("type", "end");
    end.put("reason", reason);
    end.put("answer", answer);
    end.put("turns", turn);
    end.put("total_tokens", tokens);
    end.put("diff", box.workspace().diffAgainstSeed());
    end.put("changed_files", new LinkedHashMap<>(box.workspace().changedSinceSeed()));
    events.add(end);
    return new Transcript(msgs, last, events);
  }

  private static long tokensOf(Output o) {
    var u = o.usage();
    if (u.totalTokens() >= 0) return u.totalTokens();
    return Math.max(0, u.inputTokens()) + Math.max(0, u.outputTokens());
  }
}
