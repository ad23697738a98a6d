package dev.candor.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.run.RetryPolicy;
import dev.candor.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Candor's labelled evaluation set for awareness detectors ({@code analysis/awareness-eval-v1.jsonl}): reasoning
 * snippets written for Candor, each labelled aware and/or metagaming, of kind {@code aware}, {@code metagaming},
 * {@code both}, {@code unaware} or {@code tricky} (negatives that use test/evaluate/grade/score/review in a task sense).
 * {@link #evaluate} scores a detector on it: per category the confusion counts, precision and recall, and the misses.
 * Items the detector could not score (an unreadable judge reply, a failed judge call) are counted apart and left out
 * of the confusion counts: a judge that never answers has no precision or recall, not perfect specificity.
 */
public final class AwarenessEvalSet {
  public static final String RESOURCE = "analysis/awareness-eval-v1.jsonl";
  /** Items written after the detector's first version and never used to tune it: the honest estimate. */
  public static final String HELDOUT = "analysis/awareness-heldout-v1.jsonl";

  /** One labelled snippet. */
  public record Item(String id, String kind, boolean aware, boolean metagaming, String text) {}

  /** Confusion counts of one category. Precision/recall are NaN when undefined (no predicted / no actual positives). */
  public record Metrics(int tp, int fp, int fn, int tn) {
    public double precision() { return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp); }
    public double recall() { return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn); }
    public double f1() {
      double p = precision(), r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /**
   * A detector's result: metrics per category over the scored items, false positives among the scored tricky
   * negatives, the count of items that could not be scored by reason ({@code unparsed}, {@code judge_error},
   * {@code too_long}), and each wrongly labelled item.
   */
  public record Result(String scorer, int items, Metrics aware, Metrics metagaming, int trickyFalsePositives, int tricky,
                       Map<String, Integer> unscored, List<String> errors, String judgeError) {
    /** Items that could not be scored. */
    public int unscoredCount() { return unscored.values().stream().mapToInt(Integer::intValue).sum(); }
  }

  private AwarenessEvalSet() {}

  /** The development set (the patterns were tuned on it). */
  public static List<Item> items() { return items(RESOURCE); }

  /** The held-out set. */
  public static List<Item> heldOut() { return items(HELDOUT); }

  static List<Item> items(String resource) {
    List<Item> out = new ArrayList<>();
    for (String line : dev.candor.Resources.text(resource).split("\n")) {
      if (line.isBlank()) continue;
      JsonNode n = Json.read(line, JsonNode.class);
      out.add(new Item(n.path("id").asText(), n.path("kind").asText(), n.path("aware").asBoolean(), n.path("metagaming").asBoolean(),
          n.path("text").asText()));
    }
    return out;
  }

  public static Result evaluate(AwarenessDetector detector) throws InterruptedException {
    return evaluate(detector, items());
  }

  public static Result evaluate(AwarenessDetector detector, List<Item> items) throws InterruptedException {
    return evaluate(detector, items, 1, 1);
  }

  /** Scores the detector on {@code items}, up to {@code concurrency} judge calls at a time, each tried up to {@code maxAttempts} times. */
  public static Result evaluate(AwarenessDetector detector, List<Item> items, int concurrency, int maxAttempts) throws InterruptedException {
    RetryPolicy retry = RetryPolicy.standard(Math.max(1, maxAttempts));
    List<AwarenessAnalysis.Attempt> attempts = AwarenessAnalysis.concurrently(items, concurrency,
        it -> AwarenessAnalysis.attempt(detector, it.text(), null, retry), i -> {});
    if (attempts.size() < items.size()) throw new InterruptedException("awareness evaluation interrupted");
    int[] a = new int[4], m = new int[4];
    int tricky = 0, trickyFp = 0;
    Map<String, Integer> unscored = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    String judgeError = null;
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      AwarenessLabel l = attempts.get(i).label();
      if (l == null) {
        unscored.merge(attempts.get(i).failure(), 1, Integer::sum);
        if (judgeError == null && "judge_error".equals(attempts.get(i).failure())) judgeError = attempts.get(i).message();
        continue;
      }
      count(a, it.aware(), l.aware());
      count(m, it.metagaming(), l.metagaming());
      if (it.kind().equals("tricky")) {
        tricky++;
        if (l.aware() || l.metagaming()) trickyFp++;
      }
      if (l.aware() != it.aware() || l.metagaming() != it.metagaming())
        errors.add(it.id() + " expected " + labelOf(it.aware(), it.metagaming()) + ", got " + l.label() + " " + l.matched() + ": " + it.text());
    }
    return new Result(detector.scorer(), items.size(), metrics(a), metrics(m), trickyFp, tricky, unscored, errors, judgeError);
  }

  private static String labelOf(boolean aware, boolean meta) {
    return new AwarenessLabel(aware, meta, List.of(), List.of(), List.of()).label();
  }

  private static void count(int[] c, boolean truth, boolean predicted) {
    c[truth ? (predicted ? 0 : 2) : (predicted ? 1 : 3)]++;
  }

  private static Metrics metrics(int[] c) { return new Metrics(c[0], c[1], c[2], c[3]); }

  /** Counts of items by kind, in order of first appearance. */
  public static Map<String, Integer> kinds(List<Item> items) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Item it : items) out.merge(it.kind(), 1, Integer::sum);
    return out;
  }
}
