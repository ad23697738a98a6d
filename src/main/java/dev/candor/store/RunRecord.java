package dev.candor.store;

/**
 * One run: a suite against one model with its whole configuration (as JSON), the Candor version that made it, its
 * seed and epochs. {@code status} is running, interrupted, complete or failed. {@code parentRunId} links a derived
 * run (re-grade, intervention) to its source. {@code headlineScorer} names the scorer whose verdict is on each
 * trajectory (the rate a run reports by default; other named scores are in the scores table); null when unknown.
 */
public record RunRecord(String id, String name, String suite, String model, String status, String candorVersion,
                        long seed, int epochs, String configJson, String createdAt, String finishedAt, String parentRunId,
                        String headlineScorer) {
  /** The name the headline scorer goes by when a run does not record one (made before scores were named, or imported). */
  public static final String UNNAMED_HEADLINE = "grader";

  /** A run whose headline scorer is not named yet (the engine records it when it starts grading). */
  public RunRecord(String id, String name, String suite, String model, String status, String candorVersion, long seed, int epochs,
                   String configJson, String createdAt, String finishedAt, String parentRunId) {
    this(id, name, suite, model, status, candorVersion, seed, epochs, configJson, createdAt, finishedAt, parentRunId, null);
  }

  public RunRecord withStatus(String s, String finished) {
    return new RunRecord(id, name, suite, model, s, candorVersion, seed, epochs, configJson, createdAt, finished, parentRunId, headlineScorer);
  }

  /** The headline scorer's name, or {@link #UNNAMED_HEADLINE}. */
  public String headline() { return headlineScorer == null ? UNNAMED_HEADLINE : headlineScorer; }
}
