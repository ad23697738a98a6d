package dev.candor.core;

/**
 * A run's place in a sweep over the checkpoints of a training run ({@code candor sweep}): the sweep's group name (its
 * id: every run of the group has it), the run's position in the group (1-based) of {@code count}, and its checkpoint's
 * training step and phase ({@code ""} when not known).
 */
public record Sweep(String group, int position, int count, long step, String phase) {
  public Sweep {
    if (group == null || group.isBlank()) throw new IllegalArgumentException("sweep: group name is required");
    if (position < 1 || position > count) throw new IllegalArgumentException("sweep: position must be in [1, " + count + "], got " + position);
    phase = phase == null ? "" : phase;
  }

  /** For headers: {@code group G, checkpoint 2 of 4, step 1200, phase rl}. */
  public String describe() {
    return "group " + group + ", checkpoint " + position + " of " + count + ", step " + step + (phase.isEmpty() ? "" : ", phase " + phase);
  }
}
