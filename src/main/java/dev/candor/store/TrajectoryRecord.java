package dev.candor.store;

/**
 * One stored attempt at a sample in one epoch: the grader's verdict (label, value, answer, explanation, evidence),
 * the final output and reasoning, usage, the whole conversation, solver events, the raw provider response, every
 * model-call attempt, and the error if it failed. JSON columns are kept as JSON text.
 */
public record TrajectoryRecord(String runId, String sampleId, int epoch, String variantId,
                               String label, Integer value, String answer, String explanation, String evidenceJson,
                               String scoreMetaJson, String outputText, String reasoning, String finishReason,
                               boolean truncated, Long inputTokens, Long outputTokens, Long reasoningTokens,
                               Long latencyMs, Long seed, String messagesJson, String eventsJson, String rawJson,
                               String attemptsJson, String error, String startedAt, String finishedAt) {
  public Key key() { return new Key(sampleId, epoch); }

  /** A (sample, epoch) pair: the unit a run completes, resumes and never duplicates. */
  public record Key(String sampleId, int epoch) {}
}
