package dev.candor.stats;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome counts of one cell: {@code k} "positive" outcomes (gamed, covert) out of {@code n} counted ones, and
 * the count of every outcome label, including labels that do not count toward the rate (ambiguous, unparsed,
 * truncated, error, …), so that nothing is dropped silently. {@code key} names the cell (a variant id, or
 * {@code axis=value} for a group); {@code axes} are its coordinates. Maps keep their insertion order and are
 * unmodifiable.
 */
public record Tally(String key, Map<String, String> axes, int n, int k, Map<String, Integer> labelCounts) {

  public Tally {
    Objects.requireNonNull(key, "tally key");
    if (n < 0) throw new IllegalArgumentException("tally '" + key + "': n must be >= 0, got " + n);
    if (k < 0 || k > n)
      throw new IllegalArgumentException("tally '" + key + "': k must be in [0, n=" + n + "], got " + k);
    axes = axes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    var labels = new LinkedHashMap<String, Integer>();
    if (labelCounts != null)
      labelCounts.forEach((label, count) -> {
        if (count == null || count < 0)
          throw new IllegalArgumentException("tally '" + key + "': count of label '" + label + "' must be >= 0, got " + count);
        labels.put(label, count);
      });
    labelCounts = Collections.unmodifiableMap(labels);
  }

  /** A tally with no label breakdown. */
  public static Tally of(String key, Map<String, String> axes, int n, int k) {
    return new Tally(key, axes, n, k, Map.of());
  }

  /** Outcomes that were recorded but do not count toward n (the sum of label counts minus n, never negative). */
  public int uncounted() {
    return Math.max(0, total() - n);
  }

  /** The sum of all label counts (every recorded outcome, counted or not). */
  public int total() {
    int sum = 0;
    for (int c : labelCounts.values()) sum += c;
    return sum;
  }

  /** The count recorded for {@code label}, 0 if never seen. */
  public int count(String label) {
    return labelCounts.getOrDefault(label, 0);
  }

  /**
   * Sums tallies into one cell named {@code key} with coordinates {@code axes}: n, k and every label count add up.
   * The result of merging nothing is an empty tally.
   */
  public static Tally merge(String key, Map<String, String> axes, Collection<Tally> parts) {
    int n = 0, k = 0;
    var labels = new LinkedHashMap<String, Integer>();
    for (Tally t : parts) {
      n = Math.addExact(n, t.n);
      k = Math.addExact(k, t.k);
      t.labelCounts.forEach((label, c) -> labels.merge(label, c, Math::addExact));
    }
    return new Tally(key, axes, n, k, labels);
  }

  /**
   * Groups cells by the value of one axis and merges each group, in order of first appearance. Each result is keyed
   * {@code axis=value} with axes {@code {axis: value}}. Cells without that axis are grouped under value "(none)".
   */
  public static List<Tally> groupBy(Collection<Tally> cells, String axis) {
    var groups = new LinkedHashMap<String, java.util.ArrayList<Tally>>();
    for (Tally t : cells)
      groups.computeIfAbsent(t.axes.getOrDefault(axis, "(none)"), v -> new java.util.ArrayList<>()).add(t);
    var out = new java.util.ArrayList<Tally>(groups.size());
    groups.forEach((value, parts) -> out.add(merge(axis + "=" + value, Map.of(axis, value), parts)));
    return List.copyOf(out);
  }

  /**
   * A mutable counter for building one tally from graded outcomes, one at a time: {@code add(label, value)} with
   * value 1 (positive: counts toward n and k), 0 (counts toward n only) or null (recorded under its label only), the
   * same convention as {@code dev.candor.core.Score}.
   */
  public static final class Counter {
    private final String key;
    private final Map<String, String> axes;
    private final LinkedHashMap<String, Integer> labels = new LinkedHashMap<>();
    private int n, k;

    public Counter(String key, Map<String, String> axes) {
      this.key = Objects.requireNonNull(key, "tally key");
      this.axes = axes == null ? Map.of() : new LinkedHashMap<>(axes);
    }

    public Counter add(String label, Integer value) {
      Objects.requireNonNull(label, "label");
      if (value != null) {
        if (value != 0 && value != 1)
          throw new IllegalArgumentException("tally '" + key + "': value for label '" + label + "' must be 0, 1 or null, got " + value);
        n++;
        k += value;
      }
      labels.merge(label, 1, Integer::sum);
      return this;
    }

    public Tally tally() {
      return new Tally(key, axes, n, k, labels);
    }
  }
}
