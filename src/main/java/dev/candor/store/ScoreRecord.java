package dev.candor.store;

import dev.candor.core.Score;
import dev.candor.core.Trajectory;

/**
 * One named score of a stored trajectory, kept apart from the trajectory itself: an analysis label (awareness,
 * judge) or a re-grade, identified by {@code scorer} (a versioned name such as {@code awareness-lexical-v1}).
 */
public record ScoreRecord(String runId, String sampleId, int epoch, String scorer, Score score, String createdAt) {
  public Trajectory.Key key() { return new Trajectory.Key(sampleId, epoch); }

  public String label() { return score.label(); }

  public Integer value() { return score.value(); }
}
