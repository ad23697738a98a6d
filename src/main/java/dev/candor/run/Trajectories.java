package dev.candor.run;

import dev.candor.core.AttemptSource;
import dev.candor.core.Transcript;
import dev.candor.suite.Environment;
import dev.candor.core.Sample;
import dev.candor.core.Score;
import dev.candor.model.Attempt;
import dev.candor.model.Output;
import dev.candor.model.Usage;
import dev.candor.store.Json;
import dev.candor.store.Store;
import dev.candor.store.TrajectoryRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grades a finished attempt at a (sample, epoch) and turns it into the stored {@link TrajectoryRecord}: the one way
 * every run mode (the live engine, provider batches) stores trajectories. A missing transcript means the attempt
 * ended in error: it is stored with label {@code error} (uncounted), which a resume retries. Token usage and latency
 * are the sums over every model call of the trajectory (a multi-turn one makes many); the text, reasoning and finish
 * reason are the last call's.
 */
final class Trajectories {
  private Trajectories() {}

  /** The attempts as stored: number, start, latency, status, error, Retry-After; attempt 0 came from the cache. */
  static List<Map<String, Object>> attempts(List<Attempt> attempts, Secrets secrets) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Attempt a : attempts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", a.number());
      if (a.number() == 0) m.put("source", AttemptSource.CACHE.text());
      m.put("started_at", Instant.ofEpochMilli(a.startedAtMillis()).toString());
      m.put("latency_ms", a.latencyMillis());
      m.put("http_status", a.httpStatus());
      if (a.error() != null) m.put("error", secrets.scrub(a.error()));
      if (a.retryAfterMillis() >= 0) m.put("retry_after_ms", a.retryAfterMillis());
      out.add(m);
    }
    return out;
  }

  /** As below, {@code calls} being the model calls' outputs (for usage and latency totals). */
  /** The attempts stored with a (sample, epoch)'s earlier try, which a retry keeps before its own. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> earlierAttempts(Store store, String runId, String sampleId, int epoch) {
    return store.trajectory(runId, sampleId, epoch)
        .map(t -> t.attemptsJson() == null ? List.<Map<String, Object>>of() : (List<Map<String, Object>>) Json.read(t.attemptsJson(), List.class))
        .orElse(List.of());
  }

  static TrajectoryRecord record(String runId, Environment env, Sample s, int epoch, long seed, Transcript transcript, String error,
                                 List<Output> calls, List<Map<String, Object>> attemptMaps, String started, Secrets secrets) {
    Score score = transcript == null ? Score.uncounted("error", error) : env.grader().grade(s, transcript);
    Output last = transcript == null ? null : transcript.finalOutput();
    Output out = last == null ? null : new Output(last.text(), last.reasoning(), last.toolCalls(), total(calls, last.usage()),
        last.finishReason(), last.truncated(), calls.isEmpty() ? last.latencyMillis() : calls.stream().mapToLong(Output::latencyMillis).sum(),
        last.rawJson());
    String finished = Instant.now().toString();
    return new TrajectoryRecord(runId, s.id(), epoch, s.variantId(), score.label(), score.value(), score.answer(),
        score.explanation(), Json.write(score.evidence()), Json.write(score.metadata()),
        out == null ? null : out.text(), out == null ? null : out.reasoning(), out == null ? null : out.finishReason(),
        out != null && out.truncated(),
        out == null ? null : out.usage().inputTokens(), out == null ? null : out.usage().outputTokens(),
        out == null ? null : out.usage().reasoningTokens(), out == null ? null : out.latencyMillis(), seed,
        transcript == null ? null : Json.write(transcript.messages()),
        transcript == null ? null : Json.write(transcript.events()),
        out == null ? null : secrets.scrub(out.rawJson()), Json.write(attemptMaps), error, started, finished);
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
