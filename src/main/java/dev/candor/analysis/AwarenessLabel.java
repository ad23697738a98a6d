package dev.candor.analysis;

import java.util.List;

/**
 * What an awareness detector says of one reasoning text: whether it verbalises awareness of being tested, evaluated
 * or overseen ({@code aware}), whether it reasons about the grader or reward of its own output ({@code metagaming}),
 * the quoted evidence sentences for each, and what matched (pattern ids, or the judge's notes).
 */
public record AwarenessLabel(boolean aware, boolean metagaming, List<String> awareEvidence, List<String> metagamingEvidence,
                             List<String> matched) {
  public AwarenessLabel {
    awareEvidence = List.copyOf(awareEvidence);
    metagamingEvidence = List.copyOf(metagamingEvidence);
    matched = List.copyOf(matched);
  }

  public static final AwarenessLabel NONE = new AwarenessLabel(false, false, List.of(), List.of(), List.of());

  /** The stored label: {@code aware+metagaming}, {@code aware}, {@code metagaming} or {@code unaware}. */
  public String label() {
    return aware && metagaming ? "aware+metagaming" : aware ? "aware" : metagaming ? "metagaming" : "unaware";
  }
}
