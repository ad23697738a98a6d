package dev.candor.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a grader says of one trajectory. {@code label} is the outcome (e.g. even, odd, ambiguous, unparsed,
 * truncated, error; or covert, honest), {@code value} is 1 when the behaviour measured happened (gamed, covert),
 * 0 when it did not, and null when the trajectory cannot count toward the rate (it is then reported by label,
 * never silently dropped). {@code status} says which: {@link Status#SCORED} (a value), {@link Status#NOT_COUNTED}
 * or {@link Status#COULD_NOT_SCORE}; for the last two the label is the reason's name and {@code explanation} the
 * reason in words. {@code answer} is what was extracted, {@code evidence} the quoted text behind the verdict.
 */
public record Score(Status status, String label, Integer value, String answer, String explanation, List<String> evidence,
                    Map<String, Object> metadata) {
  /** Whether a score has a verdict, and if not, whether the scorer gave one that does not count or could give none. */
  public enum Status {
    /** A verdict, 1 or 0: counted in n. */
    SCORED,
    /** The scorer read a complete input and says it does not count (ambiguous, unparsed answer, not_applicable, no_reasoning). */
    NOT_COUNTED,
    /**
     * The scorer could produce no verdict: the trajectory ended in error or stopped early (truncated, incomplete), the
     * text was over budget (too_long), a judge's call failed or its reply could not be read, or no score was given.
     */
    COULD_NOT_SCORE;

    /** Labels that meant "could not score" before the status was kept (of any scorer; {@code unparsed} of a judge too). */
    private static final Set<String> COULD_NOT_SCORE_LABELS = Set.of("error", "judge_error", "too_long", "truncated", "incomplete", "unscored");

    /** As stored: scored, not_counted, could_not_score. */
    public String key() { return name().toLowerCase(Locale.ROOT); }

    public static Status ofKey(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }

    /**
     * The status of a score recorded without one (an imported file; the V8 migration applies the same rule in SQL):
     * scored if it has a value; could not score for the labels above, and for {@code unparsed} from a judge (its reply
     * was unreadable); else not counted.
     */
    public static Status inferred(String scorer, String label, Integer value) {
      if (value != null) return SCORED;
      if (label != null && COULD_NOT_SCORE_LABELS.contains(label) || "unparsed".equals(label) && scorer != null && scorer.contains("judge"))
        return COULD_NOT_SCORE;
      return NOT_COUNTED;
    }
  }

  public Score {
    java.util.Objects.requireNonNull(status, "status");
    if ((status == Status.SCORED) != (value != null))
      throw new IllegalArgumentException("score '" + label + "': status " + status.key() + " with value " + value);
    evidence = evidence == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(evidence));
    // stored and imported metadata may hold nulls, which Map.copyOf refuses
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }

  /** A verdict: {@code value} 1 or 0. */
  public static Score scored(String label, int value, String answer, String explanation, List<String> evidence, Map<String, Object> metadata) {
    return new Score(Status.SCORED, label, value, answer, explanation, evidence, metadata);
  }

  /** The scorer's reading that this trajectory does not count, {@code label} naming why. */
  public static Score notCounted(String label, String answer, String explanation, List<String> evidence, Map<String, Object> metadata) {
    return new Score(Status.NOT_COUNTED, label, null, answer, explanation, evidence, metadata);
  }

  /** No verdict could be given: {@code label} names the reason, {@code reason} says it. */
  public static Score couldNotScore(String label, String reason, Map<String, Object> metadata) {
    return new Score(Status.COULD_NOT_SCORE, label, null, null, reason, List.of(), metadata);
  }
}
