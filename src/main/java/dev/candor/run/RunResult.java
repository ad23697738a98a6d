package dev.candor.run;

/** How a run execution ended: keys in the run, stored results, those that ended in error, and whether it was stopped. */
public record RunResult(String runId, long total, long stored, long errors, boolean interrupted, String fatal) {
  public boolean complete() { return !interrupted && fatal == null && stored == total; }
}
