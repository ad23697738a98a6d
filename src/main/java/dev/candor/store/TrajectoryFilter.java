package dev.candor.store;

/**
 * Which trajectories of a run a paged read returns: an exact variant, an exact outcome label, and a case-insensitive
 * substring of the output or reasoning text. A null or blank field does not filter.
 */
public record TrajectoryFilter(String variantId, String label, String text) {
  public static final TrajectoryFilter ALL = new TrajectoryFilter(null, null, null);

  public TrajectoryFilter {
    variantId = blankToNull(variantId);
    label = blankToNull(label);
    text = blankToNull(text);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
