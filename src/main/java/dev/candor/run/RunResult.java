package dev.candor.run;

/**
 * How a run execution ended: keys in the run (this shard's), stored results, those that ended in error, whether it was
 * stopped, the error that stopped it (null if none) and the first error a trajectory ended in (null if none).
 */
public record RunResult(String runId, long total, long stored, long errors, boolean interrupted, String fatal, String firstError,
                        dev.candor.InvalidSetting fatalSetting) {
  /** {@code fatalSetting}, when the run stopped on a setting the user gave (e.g. a batch to adopt), is {@code fatal} as a domain error. */
  public RunResult(String runId, long total, long stored, long errors, boolean interrupted, String fatal, String firstError) {
    this(runId, total, stored, errors, interrupted, fatal, firstError, null);
  }

  public boolean complete() { return !interrupted && fatal == null && stored == total; }

  /** Every stored result ended in error: the run measured nothing. */
  public boolean allFailed() { return errors > 0 && errors == stored; }
}
