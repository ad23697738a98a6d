package dev.candor.run;

import dev.candor.core.Event;
import dev.candor.core.Sample;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import dev.candor.core.Transcript;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.ModelException;
import dev.candor.model.Output;
import dev.candor.model.Role;
import dev.candor.model.Usage;
import dev.candor.store.RunRecord;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.suite.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Grades stored trajectories again with an environment's current graders, without calling the model under test: the
 * grader reads the stored conversation, last output and events (for agentic suites the tool steps with their results
 * and file diffs, and how the loop ended with the final files), so no command runs again. The one exception: a
 * trajectory whose stored events do not say how its tool loop ended (e.g. imported from a log that kept no tool
 * results or diffs) but whose conversation made tool calls has its stored turns played again through the
 * environment's solver, which re-executes those tool calls in a fresh sandbox, without a model call, to recover the
 * diffs; {@link Summary#reexecuted()} counts them. A trajectory that ended in error stays an error.
 */
public final class Regrade {
  private Regrade() {}

  /** What a re-grade did: trajectories graded, re-executed in a sandbox, and per recomputed scorer the verdicts that moved ("old → new" to count). */
  public record Summary(long graded, long reexecuted, Map<String, Map<String, Long>> moved) {
    /** How many verdicts of a scorer changed. */
    public long changed(String scorer) {
      return moved.getOrDefault(scorer, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The scores a grader gives a stored trajectory, headline first; null when it ended in error (nothing to grade). */
  public static Map<String, Score> scores(Environment env, Sample sample, Trajectory t) throws ModelException {
    Transcript transcript = transcript(t);
    if (transcript == null) return null;
    return env.scores(sample, needsReexecution(t) ? reexecute(env, sample, t) : transcript);
  }

  /**
   * Re-grades every stored trajectory of {@code source} into {@code target} (a new run with the same samples):
   * {@code only} names the one scorer to recompute (null: every scorer the environment gives), the other scores are
   * copied unchanged; {@code samples} is the environment's sample for each sample id of the source.
   */
  public static Summary into(Store store, RunRecord source, String target, Environment env, Map<String, Sample> samples, String only) {
    List<Trajectory.Key> keys = new ArrayList<>();
    store.trajectories().forEach(source.id(), t -> keys.add(t.key()));
    Map<String, Map<Trajectory.Key, Score>> copied = new TreeMap<>();
    for (String scorer : store.scores().scorers(source.id())) {
      Map<Trajectory.Key, Score> byKey = new HashMap<>();
      for (ScoreRecord r : store.scores().of(source.id(), scorer)) byKey.put(r.key(), r.score());
      copied.put(scorer, byKey);
    }
    boolean headline = only == null || only.equals(env.headline());
    Map<String, Map<String, Long>> moved = new TreeMap<>();
    long reexecuted = 0;
    for (Trajectory.Key k : keys) {
      Trajectory t = store.trajectories().get(source.id(), k.sampleId(), k.epoch()).orElseThrow();
      Map<String, Score> fresh;
      try {
        fresh = scores(env, samples.get(k.sampleId()), t);
      } catch (ModelException e) {
        throw new IllegalStateException("regrade: " + k.sampleId() + "#" + k.epoch() + ": " + e.getMessage(), e);
      }
      if (fresh != null && needsReexecution(t)) reexecuted++;
      Map<String, Score> named = new LinkedHashMap<>();
      copied.forEach((scorer, byKey) -> { if (byKey.containsKey(k)) named.put(scorer, byKey.get(k)); });
      Score head = t.score();
      if (fresh != null) {
        var it = fresh.entrySet().iterator();
        var first = it.next();
        if (headline) head = moved(moved, first.getKey(), t.score(), first.getValue());
        while (it.hasNext()) {
          var e = it.next();
          if (only == null || only.equals(e.getKey())) named.put(e.getKey(), moved(moved, e.getKey(), named.get(e.getKey()), e.getValue()));
        }
      }
      store.trajectories().save(target, t.withScore(head), named);
    }
    store.runs().setHeadline(target, headline ? env.headline() : source.headlineScorer());
    store.runs().setStatus(target, source.status(), Instant.now().toString()); // as complete as the run it grades
    return new Summary(keys.size(), reexecuted, moved);
  }

  /** Counts a verdict that moved ({@code before} null: the source had none) and returns the new one. */
  private static Score moved(Map<String, Map<String, Long>> moved, String scorer, Score before, Score after) {
    String was = before == null ? "none" : before.label();
    Map<String, Long> m = moved.computeIfAbsent(scorer, s -> new TreeMap<>());
    if (!was.equals(after.label()) || !java.util.Objects.equals(before == null ? null : before.value(), after.value()))
      m.merge(was + " → " + after.label(), 1L, Long::sum);
    return after;
  }

  /** The transcript a grader reads, as stored; null when the trajectory ended in error with no output. */
  static Transcript transcript(Trajectory t) {
    Trajectory.FinalOutput o = t.output();
    if (t.error() != null && o.text() == null && o.finishReason() == null) return null;
    List<Message> messages = t.messages() == null ? List.of() : t.messages();
    Message last = lastAssistant(messages);
    Output out = new Output(o.text() == null ? "" : o.text(), o.reasoning(), last == null ? List.of() : last.toolCalls(),
        new Usage(num(t.tokens().input()), num(t.tokens().output()), num(t.tokens().reasoning()), -1), o.finishReason(), o.truncated(),
        t.latencyMs() == null ? 0 : t.latencyMs(), t.raw());
    return new Transcript(messages, out, t.events());
  }

  /** Whether the conversation made tool calls but the stored events do not say how the tool loop ended (so no diffs). */
  static boolean needsReexecution(Trajectory t) {
    boolean calls = t.messages() != null && t.messages().stream().anyMatch(m -> m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty());
    boolean ended = t.events() != null && t.events().stream().anyMatch(e -> e instanceof Event.LoopEnd);
    return calls && !ended;
  }

  /** Plays the stored assistant turns through the environment's solver (tool calls re-executed, no model called). */
  private static Transcript reexecute(Environment env, Sample sample, Trajectory t) throws ModelException {
    Iterator<Message> turns = t.messages().stream().filter(m -> m.role() == Role.ASSISTANT).iterator();
    return env.solve(sample, request -> {
      if (!turns.hasNext())
        throw new ModelException("the stored conversation has no more assistant turns, but the re-executed tool loop went on", false);
      Message m = turns.next();
      boolean end = !turns.hasNext();
      return new Output(m.content() == null ? "" : m.content(), m.reasoning(), m.toolCalls(), Usage.UNKNOWN,
          end ? t.output().finishReason() : null, end && t.output().truncated(), 0, null);
    }, GenerateConfig.DEFAULT, null);
  }

  private static Message lastAssistant(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) if (messages.get(i).role() == Role.ASSISTANT) return messages.get(i);
    return null;
  }

  private static long num(Long n) { return n == null ? -1 : n; }
}
