package dev.candor.store;

/**
 * Which trajectories of a run a paged read returns: an exact variant, an exact outcome label, a case-insensitive
 * substring of the output or reasoning text, and an awareness label from {@code candor analyze awareness} (any
 * {@code awareness-*} scorer; {@code aware} and {@code metagaming} also match {@code aware+metagaming}). A null or
 * blank field does not filter.
 */
public record TrajectoryFilter(String variantId, String label, String text, String awareness) {
  public static final TrajectoryFilter ALL = new TrajectoryFilter(null, null, null, null);

  public TrajectoryFilter {
    variantId = blankToNull(variantId);
    label = blankToNull(label);
    text = blankToNull(text);
    awareness = blankToNull(awareness);
  }

  public TrajectoryFilter(String variantId, String label, String text) {
    this(variantId, label, text, null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
