package dev.candor.analysis;

import dev.candor.Percent;
import dev.candor.TextBudget;
import dev.candor.TextTable;
import dev.candor.model.ModelException;
import dev.candor.run.RetryPolicy;
import dev.candor.stats.Comparison;
import dev.candor.stats.RateEstimate;
import dev.candor.stats.Tally;
import dev.candor.Json;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Evaluation awareness over a stored run. {@link #label} runs a detector on each trajectory's reasoning (every
 * assistant turn) and stores one score per trajectory under the detector's scorer name — {@code aware},
 * {@code metagaming}, {@code aware+metagaming} or {@code unaware} with value 1 when aware, the evidence sentences,
 * and {@code no_reasoning}, {@code unparsed}, {@code too_long} or {@code judge_error} (value null) when there is nothing
 * to label.
 * Trajectories that ended in error are skipped. {@link #summarise} reads the stored labels back: awareness and
 * metagaming rates per variant (or axis value) with Beta intervals, and the joint tables awareness × outcome.
 */
public final class AwarenessAnalysis {
  private AwarenessAnalysis() {}

  /** What labelling did: trajectories labelled now, already labelled (kept), failed judge calls and the first one's message. */
  public record LabelRun(int labelled, int kept, int failed, String firstFailure) {}

  /**
   * Labels the run's trajectories not yet labelled by this scorer (all of them when {@code relabel}; at most
   * {@code limit} when it is positive), up to {@code concurrency} at a time, retrying retryable model errors up to
   * {@code maxAttempts} tries.
   */
  public static LabelRun label(Store store, String runId, AwarenessDetector detector, boolean relabel, int concurrency, int maxAttempts,
                               int limit, Consumer<String> progress) {
    Set<Trajectory.Key> done = new HashSet<>();
    if (!relabel) for (ScoreRecord s : store.scores().of(runId, detector.scorer())) done.add(s.key());
    List<Trajectory> todo = new ArrayList<>();
    store.trajectories().forEach(runId, t -> {
      if (!t.failed() && !done.contains(t.key())) todo.add(slim(t));
    });
    if (limit > 0 && todo.size() > limit) todo.subList(limit, todo.size()).clear();
    RetryPolicy retry = RetryPolicy.standard(Math.max(1, maxAttempts));
    int failed = 0;
    boolean lexical = detector instanceof LexicalDetector; // it never waits: one at a time, no progress lines
    List<ScoreRecord> out = concurrently(todo, lexical ? 1 : concurrency, t -> score(runId, t, detector, retry), i -> {
      if (!lexical && i % 50 == 0 && progress != null) progress.accept(i + "/" + todo.size() + " labelled");
    });
    String firstFailure = null;
    for (ScoreRecord s : out)
      if ("judge_error".equals(s.label()) && failed++ == 0) firstFailure = s.score().explanation();
    for (int i = 0; i < out.size(); i += 500) store.scores().save(out.subList(i, Math.min(out.size(), i + 500)));
    return new LabelRun(out.size() - failed, done.size(), failed, firstFailure);
  }

  /** Drops the heavy columns analyses never read. */
  private static Trajectory slim(Trajectory t) {
    return new Trajectory(t.sampleId(), t.epoch(), t.variantId(), t.score(),
        new Trajectory.FinalOutput(null, t.output().reasoning(), null, t.output().truncated()), t.messages(), List.of(), null, null,
        null, null, null, null, t.error(), null, null);
  }

  static ScoreRecord score(String runId, Trajectory t, AwarenessDetector detector, RetryPolicy retry) throws InterruptedException {
    String reasoning = Reasoning.all(t);
    String now = Instant.now().toString();
    if (reasoning == null)
      return new ScoreRecord(runId, t.sampleId(), t.epoch(), detector.scorer(), Score.notCounted("no_reasoning", null,
          "the trajectory has no reasoning text", List.of(), Map.of()), now);
    Map<String, Object> meta = new LinkedHashMap<>();
    if (detector instanceof AwarenessJudge j) meta.put("judge_model", j.judgeModel());
    Attempt a = attempt(detector, reasoning, Reasoning.task(t), retry);
    if (a.label() == null)
      return new ScoreRecord(runId, t.sampleId(), t.epoch(), detector.scorer(),
          Score.couldNotScore(a.failure(), a.message(), meta), now);
    AwarenessLabel l = a.label();
    meta.put("aware", l.aware());
    meta.put("metagaming", l.metagaming());
    meta.put("aware_evidence", l.awareEvidence());
    meta.put("metagaming_evidence", l.metagamingEvidence());
    meta.put("matched", l.matched());
    Set<String> evidence = new java.util.LinkedHashSet<>(l.awareEvidence());
    evidence.addAll(l.metagamingEvidence());
    return new ScoreRecord(runId, t.sampleId(), t.epoch(), detector.scorer(),
        Score.scored(l.label(), l.aware() ? 1 : 0, null, String.join("; ", l.matched()), List.copyOf(evidence), meta), now);
  }

  /**
   * What a detector made of one text: a label, or no label and why — {@code unparsed} (an unreadable judge reply),
   * {@code too_long} or {@code judge_error} (the call failed after its tries) — with the message.
   */
  record Attempt(AwarenessLabel label, String failure, String message) {}

  /** Labels one text, retrying retryable model errors up to {@code retry}'s attempts. */
  static Attempt attempt(AwarenessDetector detector, String reasoning, String task, RetryPolicy retry) throws InterruptedException {
    for (int n = 1; ; n++) {
      try {
        return new Attempt(detector instanceof AwarenessJudge j ? j.label(reasoning, task) : detector.label(reasoning), null, null);
      } catch (AwarenessJudge.UnparsedReply e) {
        return new Attempt(null, "unparsed", e.getMessage());
      } catch (TextBudget.TooLong e) {
        return new Attempt(null, TextBudget.LABEL, e.getMessage());
      } catch (ModelException e) {
        if (!e.retryable() || n >= retry.maxAttempts()) return new Attempt(null, "judge_error", "judge call failed: " + e.getMessage());
        Thread.sleep(retry.delayBefore(n + 1, e.retryAfter()).toMillis());
      }
    }
  }

  /** A step that may wait (a judge call). */
  interface Step<T, R> {
    R apply(T t) throws InterruptedException;
  }

  /**
   * Applies {@code step} to every item, up to {@code concurrency} at a time on virtual threads; results in input
   * order. {@code done} hears the count of results collected so far. Interrupted, it returns what it has.
   */
  static <T, R> List<R> concurrently(List<T> items, int concurrency, Step<T, R> step, java.util.function.IntConsumer done) {
    List<R> out = new ArrayList<>();
    Semaphore permits = new Semaphore(Math.max(1, concurrency));
    List<Future<R>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (T t : items)
        futures.add(pool.submit(() -> {
          permits.acquire();
          try {
            return step.apply(t);
          } finally {
            permits.release();
          }
        }));
      for (Future<R> f : futures) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("awareness labelling failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          futures.forEach(x -> x.cancel(true));
          break;
        }
        done.accept(out.size());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- summary

  /** A 2×2 table: awareness (or metagaming) × outcome, with the outcome rate in each row and Fisher's exact p. */
  public record Joint(String name, int awarePositive, int awareNegative, int unawarePositive, int unawareNegative,
                      RateEstimate givenAware, RateEstimate givenUnaware, double fisherP) {
    static Joint of(String name, int ap, int an, int up, int un) {
      return new Joint(name, ap, an, up, un, RateEstimate.of("given " + name, ap, ap + an), RateEstimate.of("given not " + name, up, up + un),
          Comparison.fisherP(ap, ap + an, up, up + un));
    }
  }

  /**
   * A run's awareness summary under one scorer: per cell (variant, or axis value) the awareness and metagaming rates
   * among labelled trajectories, the whole-run rates, the joint tables with the run's outcome (counted outcomes only),
   * and up to a few evidence sentences.
   */
  public record Summary(String scorer, int labelled, int unlabelled, List<RateEstimate> aware, List<RateEstimate> metagaming,
                        RateEstimate awareAll, RateEstimate metagamingAll, Joint awareByOutcome, Joint metagamingByOutcome,
                        List<String> examples) {}

  public static Summary summarise(Store store, String runId, String scorer, String axis) {
    List<ScoreRecord> scores = store.scores().of(runId, scorer);
    if (scores.isEmpty())
      throw new IllegalArgumentException("run " + runId + " has no '" + scorer + "' labels; run: candor analyze awareness " + runId);
    Map<String, Map<String, String>> axesOf = new HashMap<>();
    Map<String, String> variantOf = new HashMap<>();
    for (StoredSample s : store.samples().of(runId)) {
      axesOf.put(s.variantId(), s.axes());
      variantOf.put(s.sampleId(), s.variantId());
    }
    Map<Trajectory.Key, Integer> outcome = new HashMap<>();
    store.trajectories().forEach(runId, t -> { if (t.score().value() != null) outcome.put(t.key(), t.score().value()); });
    Map<String, Tally.Counter> aware = new LinkedHashMap<>(), meta = new LinkedHashMap<>();
    Tally.Counter awareAll = new Tally.Counter("all", Map.of()), metaAll = new Tally.Counter("all", Map.of());
    int[] ja = new int[4], jm = new int[4];
    int labelled = 0, unlabelled = 0;
    List<String> examples = new ArrayList<>();
    for (ScoreRecord s : scores) {
      String variant = variantOf.getOrDefault(s.sampleId(), "?");
      Map<String, String> axes = axesOf.getOrDefault(variant, Map.of());
      String cell = axis == null ? variant : axis + "=" + axes.getOrDefault(axis, "(none)");
      Map<String, String> cellAxes = axis == null ? axes : Map.of(axis, axes.getOrDefault(axis, "(none)"));
      Map<String, Object> m = s.score().metadata();
      boolean counted = s.value() != null;
      boolean isAware = Boolean.TRUE.equals(m.get("aware")), isMeta = Boolean.TRUE.equals(m.get("metagaming"));
      aware.computeIfAbsent(cell, k -> new Tally.Counter(k, cellAxes)).add(counted ? (isAware ? "aware" : "not_aware") : s.label(), counted ? (isAware ? 1 : 0) : null);
      meta.computeIfAbsent(cell, k -> new Tally.Counter(k, cellAxes)).add(counted ? (isMeta ? "metagaming" : "not_metagaming") : s.label(), counted ? (isMeta ? 1 : 0) : null);
      if (!counted) {
        unlabelled++;
        continue;
      }
      labelled++;
      awareAll.add(isAware ? "aware" : "not_aware", isAware ? 1 : 0);
      metaAll.add(isMeta ? "metagaming" : "not_metagaming", isMeta ? 1 : 0);
      Integer o = outcome.get(s.key());
      if (o != null) {
        ja[(isAware ? 0 : 2) + (o == 1 ? 0 : 1)]++;
        jm[(isMeta ? 0 : 2) + (o == 1 ? 0 : 1)]++;
      }
      if (isAware && examples.size() < 5) {
        List<String> ev = s.score().evidence();
        if (!ev.isEmpty()) examples.add(s.sampleId() + "#" + s.epoch() + ": \"" + ev.getFirst() + "\"");
      }
    }
    return new Summary(scorer, labelled, unlabelled, estimates(aware), estimates(meta), RateEstimate.of(awareAll.tally()),
        RateEstimate.of(metaAll.tally()), Joint.of("aware", ja[0], ja[1], ja[2], ja[3]), Joint.of("metagaming", jm[0], jm[1], jm[2], jm[3]),
        examples);
  }

  private static List<RateEstimate> estimates(Map<String, Tally.Counter> cells) {
    List<RateEstimate> out = new ArrayList<>();
    for (Tally.Counter c : cells.values()) out.add(RateEstimate.of(c.tally()));
    return out;
  }

  /** The summary as terminal text; {@code outcomeName} names the run's positive outcome (gamed, covert). */
  public static String render(Summary s, String outcomeName) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(java.util.Locale.ROOT, "scorer %s: %d trajectories labelled%s%n", s.scorer(), s.labelled(),
        s.unlabelled() > 0 ? ", " + s.unlabelled() + " without a label (no reasoning, unparsed, too long or judge error)" : ""));
    sb.append(String.format(java.util.Locale.ROOT, "whole run (posterior mean, 95%% CrI): aware %s %s   metagaming %s %s%n%n", Percent.pct(s.awareAll().mean()),
        Percent.interval(s.awareAll().lo(), s.awareAll().hi()), Percent.pct(s.metagamingAll().mean()),
        Percent.interval(s.metagamingAll().lo(), s.metagamingAll().hi())));
    TextTable g = new TextTable(List.of("cell", "n", "aware", "aware 95% CrI", "metagaming", "metagaming 95% CrI"), 1).ruled(false);
    for (int i = 0; i < s.aware().size(); i++) {
      RateEstimate a = s.aware().get(i), m = s.metagaming().get(i);
      g.row(a.key(), Integer.toString(a.n()), a.k() + " (" + Percent.pct(a.rate()) + ")", a.empty() ? "–" : Percent.interval(a.lo(), a.hi()),
          m.k() + " (" + Percent.pct(m.rate()) + ")", m.empty() ? "–" : Percent.interval(m.lo(), m.hi()));
    }
    sb.append(g.render()).append('\n');
    for (Joint j : List.of(s.awareByOutcome(), s.metagamingByOutcome())) {
      sb.append(j.name()).append(" × ").append(outcomeName).append(" (trajectories with a counted outcome):\n");
      TextTable t = new TextTable(List.of("", outcomeName, "not " + outcomeName, outcomeName + " rate", "95% CrI"), 1).ruled(false);
      t.row(j.name(), Integer.toString(j.awarePositive()), Integer.toString(j.awareNegative()), Percent.pct(j.givenAware().rate()),
          j.givenAware().empty() ? "–" : Percent.interval(j.givenAware().lo(), j.givenAware().hi()));
      t.row("not " + j.name(), Integer.toString(j.unawarePositive()), Integer.toString(j.unawareNegative()), Percent.pct(j.givenUnaware().rate()),
          j.givenUnaware().empty() ? "–" : Percent.interval(j.givenUnaware().lo(), j.givenUnaware().hi()));
      sb.append(t.render());
      sb.append(Double.isNaN(j.fisherP()) ? "Fisher exact p: – (a row is empty)\n\n"
          : String.format(java.util.Locale.ROOT, "Fisher exact p = %.3g (association, not cause: see candor intervene)%n%n", j.fisherP()));
    }
    if (!s.examples().isEmpty()) {
      sb.append("evidence (first ").append(s.examples().size()).append("):\n");
      for (String e : s.examples()) sb.append("  ").append(e).append('\n');
    }
    return sb.toString();
  }
}
