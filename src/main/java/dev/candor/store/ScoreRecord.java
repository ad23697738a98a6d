package dev.candor.store;

/**
 * One later verdict on a stored trajectory, kept apart from the trajectory itself: an analysis label (awareness,
 * judge) or a re-grade, identified by {@code scorer} (a versioned name such as {@code awareness-lexical-v1}).
 * Same conventions as the grader's score: {@code value} 1/0/null, evidence and metadata as JSON text.
 */
public record ScoreRecord(String runId, String sampleId, int epoch, String scorer, String label, Integer value,
                          String answer, String explanation, String evidenceJson, String metadataJson, String createdAt) {
  public TrajectoryRecord.Key key() { return new TrajectoryRecord.Key(sampleId, epoch); }
}
