package dev.candor.agent;

import dev.candor.core.Event;
import dev.candor.model.Generator;
import dev.candor.core.Transcript;
import dev.candor.core.Sample;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Role;
import dev.candor.model.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A multi-turn tool-calling solver. Each turn sends the conversation and the {@link Toolbox}'s tool specs, runs the
 * tool calls the model returns in the trajectory's sandbox and scenario tools (the sandbox is closed at the end), and appends one TOOL message per
 * call. It stops on a {@code submit} call (its {@code answer} is the final answer), on a plain message with no tool
 * calls (its text is the final answer), or at a limit (turns, total tokens, wall time).
 *
 * <p>Events ({@link Transcript#events()}): one {@link Event.AssistantTurn} per model turn, one {@link Event.ToolStep}
 * per call (see {@link Toolbox#execute}), and a final {@link Event.LoopEnd} with the reason (submit, final_message,
 * truncated: the output hit the token limit, context_window: the server refused the grown conversation as longer than
 * its context, max_turns, max_tokens, wall_time), the answer, turns, total tokens, the diff of every change against the
 * seed and each changed file's final content (null when deleted). {@link #continueFrom} first replays stored turns
 * (their events are marked replayed) and then continues the loop from a reasoning prefix.
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
    return continueFrom(sample, model, config, Replay.prefix(reasoningPrefix));
  }

  /**
   * Replays {@code from}'s earlier turns without calling the model: each stored assistant message is appended as it
   * was, its tool calls are re-executed in this sample's fresh workspace, and each result must equal the stored tool
   * message (else IllegalStateException naming the turn and call: the model would continue from a different state).
   * Replayed events carry {@code replayed=true}. Then the model is called with the reasoning prefix and the loop goes
   * on as usual. Replayed turns count towards the turn limit; the token and wall-time limits count from the first
   * model call (the stored conversation keeps no per-turn usage).
   */
  @Override
  public Transcript continueFrom(Sample sample, Generator model, GenerateConfig config, Replay from) throws ModelException {
    try (Toolbox box = toolboxes.apply(sample)) {
      return run(sample, model, config, from, box);
    }
  }

  private Transcript run(Sample sample, Generator model, GenerateConfig config, Replay from, Toolbox box) throws ModelException {
    List<Message> msgs = new ArrayList<>();
    GenerateConfig cfg = config == null ? GenerateConfig.DEFAULT : config;
    if (cfg.systemPrompt() != null && sample.input().stream().noneMatch(m -> m.role() == Role.SYSTEM))
      msgs.add(Message.system(cfg.systemPrompt()));
    msgs.addAll(sample.input());
    List<Event> events = new ArrayList<>();
    int turn = replay(sample, from.turns(), !from.followUp().isEmpty(), box, msgs, events);
    msgs.addAll(from.followUp());
    long start = clockNanos.getAsLong();
    long tokens = 0;
    Output last = null;
    String reason = null;
    String answer = null;
    boolean prefixed = false;
    while (reason == null) {
      if (limits.maxTurns() > 0 && turn >= limits.maxTurns()) { reason = "max_turns"; break; }
      if (limits.maxWallTime() != null && !limits.maxWallTime().isZero()
          && clockNanos.getAsLong() - start >= limits.maxWallTime().toNanos()) { reason = "wall_time"; break; }
      turn++;
      Output out;
      try {
        out = model.generate(new ModelRequest(msgs, box.specs(), forTurn(cfg, turn), prefixed ? null : from.reasoningPrefix()));
      } catch (ModelException e) {
        if (last == null || !contextWindowFull(e)) throw e;
        turn--;
        reason = "context_window";
        break;
      }
      prefixed = true;
      last = out;
      tokens += tokensOf(out);
      msgs.add(Message.assistant(out.text(), out.reasoning(), out.toolCalls()));
      events.add(new Event.AssistantTurn(turn, out.text(), out.toolCalls().size(), false));
      if (out.toolCalls().isEmpty() || out.truncated()) { // a cut-off turn's tool calls may be cut off too: never run
        reason = out.truncated() ? "truncated" : "final_message";
        answer = out.text();
        break;
      }
      for (ToolCall call : out.toolCalls()) {
        Event.ToolStep step = box.execute(call, turn);
        events.add(step);
        msgs.add(Message.tool(call.id(), step.result()));
        if (step.finalAnswer() != null) {
          reason = "submit";
          answer = step.finalAnswer();
          break;
        }
      }
      if (reason == null && limits.maxTotalTokens() > 0 && tokens >= limits.maxTotalTokens()) reason = "max_tokens";
    }
    events.add(new Event.LoopEnd(reason, answer, turn, tokens, box.diffAgainstSeed(), box.changedSinceSeed()));
    return new Transcript(msgs, last, events);
  }

  /**
   * The options of turn {@code turn} (1-based, replayed turns included): the first turn keeps the trajectory's seed,
   * each later one gets a seed derived from it and the turn, so turns do not repeat one another's sampling and a rerun
   * repeats every turn's. Without a seed there is nothing to derive.
   */
  static GenerateConfig forTurn(GenerateConfig cfg, int turn) {
    if (cfg.seed() == null || turn == 1) return cfg;
    long h = cfg.seed() * 0x9E3779B97F4A7C15L + turn * 0xBF58476D1CE4E5B9L;
    h ^= (h >>> 31);
    h *= 0x94D049BB133111EBL;
    h ^= (h >>> 29);
    return cfg.withSeed(h & 0x7FFFFFFFFFFFL); // positive and within the range every provider accepts
  }

  /**
   * Replays stored turns into {@code msgs} and {@code events}, checking every re-executed tool result against a stored
   * one that has content; returns the turns replayed. With {@code reopened} (a follow-up comes after), the last turn
   * may have ended the conversation (a final message, or a call such as {@code submit}).
   */
  private static int replay(Sample sample, List<Message> stored, boolean reopened, Toolbox box, List<Message> msgs, List<Event> events) {
    int turn = 0;
    int i = 0;
    while (i < stored.size()) {
      Message a = stored.get(i++);
      turn++;
      String where = "replay of sample '" + sample.id() + "' diverged at stored turn " + turn;
      if (a.role() != Role.ASSISTANT)
        throw new IllegalArgumentException(where + ": expected an assistant message, got a " + a.role() + " message");
      boolean last = i == stored.size();
      if (a.toolCalls().isEmpty() && !(reopened && last))
        throw new IllegalArgumentException(where + ": the stored turn made no tool call, so the conversation ended there; nothing to continue");
      msgs.add(a);
      events.add(new Event.AssistantTurn(turn, a.content(), a.toolCalls().size(), true));
      for (ToolCall call : a.toolCalls()) {
        Message r = i < stored.size() ? stored.get(i) : null;
        if (r == null || r.role() != Role.TOOL || !java.util.Objects.equals(r.toolCallId(), call.id()))
          throw new IllegalArgumentException(where + ": expected the stored result of tool call '" + call.id() + "' (" + call.name()
              + "), got " + (r == null ? "the end of the history" : "a " + r.role() + " message" + (r.toolCallId() == null ? "" : " for '" + r.toolCallId() + "'")));
        i++;
        Event.ToolStep step = box.execute(call, turn).asReplayed();
        events.add(step);
        String result = step.result();
        if (r.content() != null && !result.equals(r.content()))
          throw new IllegalStateException(where + ": re-executing tool call '" + call.id() + "' (" + call.name() + ") gave a different result than stored "
              + firstDifference(r.content() == null ? "" : r.content(), result) + "; the workspace or scenario changed since the source run");
        if (step.finalAnswer() != null && !(reopened && i == stored.size()))
          throw new IllegalArgumentException(where + ": tool call '" + call.id() + "' (" + call.name() + ") ended the conversation; nothing to continue");
        msgs.add(Message.tool(call.id(), result));
      }
    }
    return turn;
  }

  /** Where two texts first differ, with a short excerpt of each (one line). */
  static String firstDifference(String stored, String now) {
    int n = 0;
    while (n < stored.length() && n < now.length() && stored.charAt(n) == now.charAt(n)) n++;
    return "(first difference at character " + n + ": stored \"" + excerpt(stored, n) + "\", re-executed \"" + excerpt(now, n) + "\")";
  }

  private static String excerpt(String s, int at) {
    int from = Math.max(0, at - 20), to = Math.min(s.length(), at + 40);
    return (from > 0 ? "…" : "") + s.substring(from, to).replace("\n", "\\n").replace("\r", "\\r") + (to < s.length() ? "…" : "");
  }

  /** Whether a failed call was the server refusing a conversation longer than the model's context window (HTTP 400/413). */
  static boolean contextWindowFull(ModelException e) {
    if (e.httpStatus() != 400 && e.httpStatus() != 413) return false;
    String text = (e.getMessage() + " " + e.rawBody()).toLowerCase(java.util.Locale.ROOT);
    return CONTEXT_FULL.matcher(text).find();
  }

  private static final java.util.regex.Pattern CONTEXT_FULL = java.util.regex.Pattern.compile(
      "context_length_exceeded|context length|context window|maximum context|prompt is too long|too many tokens|input is too long");

  private static long tokensOf(Output o) {
    var u = o.usage();
    if (u.totalTokens() >= 0) return u.totalTokens();
    return Math.max(0, u.inputTokens()) + Math.max(0, u.outputTokens());
  }
}
