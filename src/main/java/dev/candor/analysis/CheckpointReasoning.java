package dev.candor.analysis;

import dev.candor.core.Trajectory;
import dev.candor.stats.Tally;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint's reasoning shows, for curves over checkpoints: the verbalized-awareness rate (trajectories whose
 * reasoning an awareness detector labels {@code aware}, of those with reasoning it could label) and the rate of the
 * tracked unusual terms per 1,000 reasoning words ({@link TermAnalysis#trackedRate}). Trajectories that ended in error
 * or have no reasoning take no part.
 */
public record CheckpointReasoning(Tally aware, TermAnalysis.TermRate terms) {

  /** Labels the run's reasoning with {@code detector} in memory (nothing is stored); text too long to label counts as {@code too_long}. */
  public static CheckpointReasoning of(Store store, String runId, LexicalDetector detector, List<String> terms, TermAnalysis.Options o) {
    Tally.Counter aware = new Tally.Counter("aware", Map.of());
    List<String> texts = new ArrayList<>();
    store.trajectories().forEach(runId, t -> {
      String reasoning = reasoning(t);
      if (reasoning == null) return;
      texts.add(reasoning);
      try {
        boolean a = detector.label(reasoning).aware();
        aware.add(a ? "aware" : "not_aware", a ? 1 : 0);
      } catch (dev.candor.TextBudget.TooLong e) {
        aware.add("too_long", null);
      }
    });
    return new CheckpointReasoning(aware.tally(), TermAnalysis.trackedRate(runId, texts, terms, o));
  }

  /**
   * As {@link #of(Store, String, LexicalDetector, List, TermAnalysis.Options)}, the awareness rate read from the labels
   * stored under {@code scorer} (e.g. a judge's, from {@code candor analyze awareness --judge}).
   */
  public static CheckpointReasoning stored(Store store, String runId, String scorer, List<String> terms, TermAnalysis.Options o) {
    List<ScoreRecord> labels = store.scores().of(runId, scorer);
    if (labels.isEmpty())
      throw new IllegalArgumentException("--awareness-score: run " + runId + " has no '" + scorer + "' labels; label it first: candor analyze awareness "
          + runId + " (with the flags that make that scorer)");
    Tally.Counter aware = new Tally.Counter("aware", Map.of());
    for (ScoreRecord s : labels) {
      boolean a = Boolean.TRUE.equals(s.score().metadata().get("aware"));
      aware.add(s.value() == null ? s.label() : a ? "aware" : "not_aware", s.value() == null ? null : a ? 1 : 0);
    }
    List<String> texts = new ArrayList<>();
    store.trajectories().forEach(runId, t -> {
      String reasoning = reasoning(t);
      if (reasoning != null) texts.add(reasoning);
    });
    return new CheckpointReasoning(aware.tally(), TermAnalysis.trackedRate(runId, texts, terms, o));
  }

  private static String reasoning(Trajectory t) {
    return t.failed() ? null : Reasoning.all(t);
  }
}
