package dev.candor.run;

import dev.candor.core.AttemptSource;
import dev.candor.core.Transcript;
import dev.candor.suite.Environment;
import dev.candor.core.Sample;
import dev.candor.core.Score;
import dev.candor.model.Attempt;
import dev.candor.model.Output;
import dev.candor.model.Usage;
import dev.candor.core.CallAttempt;
import dev.candor.core.Trajectory;
import dev.candor.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grades a finished attempt at a (sample, epoch) and turns it into the typed {@link Trajectory} the store saves: the one way
 * every run mode (the live engine, provider batches) stores trajectories. A missing transcript means the attempt
 * ended in error: it is stored with label {@code error} (uncounted), which a resume retries. Token usage and latency
 * are the sums over every model call of the trajectory (a multi-turn one makes many); the text, reasoning and finish
 * reason are the last call's.
 */
final class Trajectories {
  private Trajectories() {}

  /** The attempts as stored: number, start, latency, status, error, Retry-After; attempt 0 came from the cache. */
  static List<CallAttempt> attempts(List<Attempt> attempts, Secrets secrets) {
    List<CallAttempt> out = new ArrayList<>();
    for (Attempt a : attempts)
      out.add(new CallAttempt(a.number(), a.number() == 0 ? AttemptSource.CACHE.text() : null, Instant.ofEpochMilli(a.startedAtMillis()).toString(),
          a.latencyMillis(), a.httpStatus(), a.error() == null ? null : secrets.scrub(a.error()),
          a.retryAfterMillis() >= 0 ? a.retryAfterMillis() : null, null));
    return out;
  }

  /** The attempts stored with a (sample, epoch)'s earlier try, which a retry keeps before its own. */
  static List<CallAttempt> earlierAttempts(Store store, String runId, String sampleId, int epoch) {
    return store.trajectories().get(runId, sampleId, epoch).map(t -> t.attempts() == null ? List.<CallAttempt>of() : t.attempts()).orElse(List.of());
  }

  /** A graded trajectory (holding the headline score) and the grader's other named scores, by scorer. */
  record Graded(Trajectory trajectory, Map<String, Score> named) {}

  static Graded record(Environment env, Sample s, int epoch, long seed, Transcript transcript, String error,
                       List<Output> calls, List<CallAttempt> attempts, String started, Secrets secrets) {
    Score score = Score.couldNotScore("error", error, Map.of());
    Map<String, Score> named = new LinkedHashMap<>();
    if (transcript != null) {
      var it = env.scores(s, transcript).entrySet().iterator();
      score = it.next().getValue(); // the headline
      while (it.hasNext()) {
        var e = it.next();
        named.put(e.getKey(), e.getValue());
      }
    }
    Output last = transcript == null ? null : transcript.finalOutput();
    Output out = last == null ? null : new Output(last.text(), last.reasoning(), last.toolCalls(), total(calls, last.usage()),
        last.finishReason(), last.truncated(), calls.isEmpty() ? last.latencyMillis() : calls.stream().mapToLong(Output::latencyMillis).sum(),
        last.rawJson());
    String finished = Instant.now().toString();
    return new Graded(new Trajectory(s.id(), epoch, s.variantId(), score,
        out == null ? null : new Trajectory.FinalOutput(out.text(), out.reasoning(), out.finishReason(), out.truncated()),
        transcript == null ? null : transcript.messages(), List.of(),
        transcript == null ? null : transcript.events(), attempts,
        out == null ? null : new Trajectory.Tokens(out.usage().inputTokens(), out.usage().outputTokens(), out.usage().reasoningTokens()),
        out == null ? null : out.latencyMillis(), seed, out == null ? null : secrets.scrub(out.rawJson()), error, started, finished),
        named);
  }

  /** Each usage figure summed over the calls that reported it; -1 where none did; {@code none} when there were no calls. */
  static Usage total(List<Output> calls, Usage none) {
    if (calls.isEmpty()) return none;
    return new Usage(sum(calls, Usage::inputTokens), sum(calls, Usage::outputTokens), sum(calls, Usage::reasoningTokens),
        sum(calls, Usage::totalTokens));
  }

  private static long sum(List<Output> calls, java.util.function.ToLongFunction<Usage> field) {
    long total = -1;
    for (Output o : calls) {
      long v = field.applyAsLong(o.usage());
      if (v >= 0) total = Math.max(total, 0) + v;
    }
    return total;
  }
}
