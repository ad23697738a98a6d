package dev.candor.suite;

/** What a suite can do beyond the plain live run; a run checks these before anything is written. */
public enum Capability {
  /** Each sample is one prompt answered in one model turn (no tool loop). */
  SINGLE_TURN,
  /** Its runs may go through a provider's batch API ({@code --batch}): single-turn, no live tool results. */
  BATCHABLE,
  /** Its trajectories can be continued from edited reasoning or a prefilled answer (interventions). */
  PREFILL,
  /** It takes LLM judges beside its rule grader ({@code --judge}, {@code --judge-cot}). */
  JUDGED
}
