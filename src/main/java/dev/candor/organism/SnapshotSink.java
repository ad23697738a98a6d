package dev.candor.organism;

/**
 * Receives the policy at a point of training (a snapshot): the phase it is in and the route's global step. The
 * policy keeps training after the call, so a receiver that keeps it copies it (or writes it out) before returning.
 */
@FunctionalInterface
interface SnapshotSink {
  SnapshotSink NONE = (phase, step, policy) -> {};

  void snapshot(String phase, long step, Policy policy);
}
