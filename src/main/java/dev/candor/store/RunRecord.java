package dev.candor.store;

/**
 * One run: a suite against one model with its whole configuration (as JSON), the Candor version that made it, its
 * seed and epochs. {@code status} is running, interrupted, complete or failed. {@code parentRunId} links a derived
 * run (re-grade, intervention) to its source.
 */
public record RunRecord(String id, String name, String suite, String model, String status, String candorVersion,
                        long seed, int epochs, String configJson, String createdAt, String finishedAt, String parentRunId) {
  public RunRecord withStatus(String s, String finished) {
    return new RunRecord(id, name, suite, model, s, candorVersion, seed, epochs, configJson, createdAt, finished, parentRunId);
  }
}
