package dev.candor.suite;

import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import dev.candor.grade.SpecCitation;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Model;
import dev.candor.model.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The filter of spec distillation ({@code candor distill}): a rollout is kept when its outcome is right — the run's
 * headline score is a verdict of 0 (not gamed, not covert, not concealed) — and its reasoning or answers cite the spec
 * ({@link SpecCitation}: the documented rule, or an LLM judge). Otherwise it is dropped with the first reason that
 * applies, in the order of {@link Drop}.
 */
public final class Distillation {
  /** Why a rollout was dropped. {@link #INVALID_FORMAT} is decided by the writer of the data. */
  public enum Drop { ERROR, NO_VERDICT, WRONG_OUTCOME, JUDGE_FAILED, NO_CITATION, INVALID_FORMAT }

  /** A rollout's fate: kept when {@code drop} is null, with the citation's evidence. */
  public record Verdict(Trajectory trajectory, Drop drop, List<String> evidence) {
    public Verdict { evidence = List.copyOf(evidence); }
  }

  private final String spec;
  private final SpecCitation.Checker checker;
  private final boolean judged;
  private final int maxConnections;

  /** With the citation rule ({@code judge} null) or the judge {@code judge}, whose calls derive their seeds from {@code config}'s. */
  public Distillation(String spec, Model judge, GenerateConfig config, int maxConnections) {
    this.spec = spec;
    this.judged = judge != null;
    this.checker = judge == null ? SpecCitation.rule(spec) : SpecCitation.judge(judge, config, spec);
    this.maxConnections = Math.max(1, maxConnections);
  }

  /** {@code rule} or {@code judge}. */
  public String checker() { return judged ? "judge" : "rule"; }

  /** The version of the citation check: the rule's, or the judge's rubric. */
  public String version() { return judged ? SpecCitation.RUBRIC_VERSION : SpecCitation.RULE_VERSION; }

  /** The spec's principle ids the rule looks for. */
  public List<String> principleIds() { return List.copyOf(SpecCitation.principleIds(spec)); }

  /** Each rollout's verdict, in order; the judge's calls at most {@code maxConnections} at once. */
  public List<Verdict> filter(List<Trajectory> rollouts) throws InterruptedException {
    Semaphore slots = new Semaphore(maxConnections);
    List<Future<Verdict>> futures = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Trajectory t : rollouts) {
        Drop outcome = outcome(t);
        if (outcome != null) {
          futures.add(java.util.concurrent.CompletableFuture.completedFuture(new Verdict(t, outcome, List.of())));
          continue;
        }
        String text = SpecCitation.text(t.messages(), SpecCitation.replayedTurns(t.events()), t.output().text());
        futures.add(pool.submit(() -> {
          slots.acquire();
          try {
            SpecCitation.Result c = checker.check(text);
            Drop d = switch (c.verdict()) {
              case CITES -> null;
              case NO_CITATION -> Drop.NO_CITATION;
              case JUDGE_FAILED -> Drop.JUDGE_FAILED;
            };
            return new Verdict(t, d, d == null ? c.evidence() : List.of());
          } finally {
            slots.release();
          }
        }));
      }
      List<Verdict> out = new ArrayList<>();
      for (Future<Verdict> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("spec citation check failed: " + e.getCause(), e.getCause());
        }
      }
      return out;
    }
  }

  /** Why a rollout's outcome rules it out, or null when its headline score is a verdict of 0 (the right outcome). */
  static Drop outcome(Trajectory t) {
    Score s = t.score();
    if (t.failed() || t.messages() == null) return Drop.ERROR;
    if (s.status() != Score.Status.SCORED) return Drop.NO_VERDICT;
    return s.value() == 0 ? null : Drop.WRONG_OUTCOME;
  }

  /** The indexes of the assistant messages a rollout replayed (its prefill), which the data does not train on. */
  public static Set<Integer> prefilled(Trajectory t) {
    int replayed = SpecCitation.replayedTurns(t.events());
    Set<Integer> out = new HashSet<>();
    int seen = 0;
    for (int i = 0; i < t.messages().size() && seen < replayed; i++)
      if (t.messages().get(i).role() == Role.ASSISTANT) {
        out.add(i);
        seen++;
      }
    return out;
  }
}
