package dev.candor.store;

/**
 * Which trajectories of a run a paged read returns: an exact variant, an exact outcome label, a case-insensitive
 * substring of the output or reasoning text, and a label of one of the run's named scores (e.g. an awareness label
 * from {@code candor analyze awareness}: {@code aware} and {@code metagaming} also match {@code aware+metagaming}),
 * given by the scorer named {@code scorer}, or by any when it is null. A null or blank field does not filter.
 */
public record TrajectoryFilter(String variantId, String label, String text, String scoreLabel, String scorer) {
  public static final TrajectoryFilter ALL = new TrajectoryFilter(null, null, null, null, null);

  public TrajectoryFilter {
    variantId = blankToNull(variantId);
    label = blankToNull(label);
    text = blankToNull(text);
    scoreLabel = blankToNull(scoreLabel);
    scorer = blankToNull(scorer);
  }

  public TrajectoryFilter(String variantId, String label, String text) {
    this(variantId, label, text, null, null);
  }

  /** A label of any of the run's named scores. */
  public TrajectoryFilter(String variantId, String label, String text, String scoreLabel) {
    this(variantId, label, text, scoreLabel, null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
