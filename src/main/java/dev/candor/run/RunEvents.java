package dev.candor.run;

/** What a run tells the screen while it works; the engine knows no screen. */
public interface RunEvents {
  default void started(String runId, long total, long alreadyDone) {}

  default void finished(String label, boolean error) {}

  default void retrying(String sampleId, int epoch, int attempt, String why) {}

  default void ended(RunResult result) {}

  RunEvents NONE = new RunEvents() {};
}
