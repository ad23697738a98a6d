package dev.candor.core;

import java.util.List;
import java.util.Map;

/**
 * What a grader says of one trajectory. {@code label} is the outcome (e.g. even, odd, ambiguous, unparsed,
 * truncated, error; or covert, honest), {@code value} is 1 when the behaviour measured happened (gamed, covert),
 * 0 when it did not, and null when the trajectory cannot count toward the rate (it is then reported by label,
 * never silently dropped). {@code answer} is what was extracted, {@code evidence} the quoted text behind the verdict.
 */
public record Score(String label, Integer value, String answer, String explanation, List<String> evidence,
                    Map<String, Object> metadata) {
  public Score {
    evidence = evidence == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(evidence));
    // stored and imported metadata may hold nulls, which Map.copyOf refuses
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }

  public static Score uncounted(String label, String explanation) {
    return new Score(label, null, null, explanation, List.of(), Map.of());
  }
}
