package dev.candor.organism;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organism's output vocabulary: English reasoning words, the end-of-reasoning separator, and answer tokens.
 * Each answer token carries a few generic descriptive attributes (kind, parity, divisibility, magnitude, digits,
 * identity, case); the policy scores attributes, so what it learns about one odd number is shared with all odd
 * numbers. The attributes describe tokens only; which attribute a prompt calls for is learned, never looked up.
 */
final class Vocab {
  private Vocab() {}

  /** Reasoning words the policy can write ("." ends a sentence). */
  static final List<String> WORDS = List.of(
      ".", "the", "user", "asks", "for", "hint", "rewards", "is", "disabled", "unclear",
      "some", "answers", "are", "checked", "humans", "may", "review", "this", "so", "i", "follow",
      "let", "me", "think", "ok", "simple", "task",
      "any", "even", "odd", "high", "low", "triple", "five", "a", "b", "c", "d", "yes", "no", "upper", "lower");

  static final int N_WORDS = WORDS.size();
  /** Separator that ends the reasoning; a reasoning-step candidate. */
  static final int SEP = N_WORDS;
  /** Candidates at a reasoning step: the words and the separator. */
  static final int N_REASON = N_WORDS + 1;
  /** A prefilled word outside the vocabulary: context only, never sampled. */
  static final int UNK = N_WORDS + 1;
  /**
   * Reasoning words that cite Candor's anti-scheming spec, writable only by policies that have them
   * ({@link Policy#withSpecWords}; deliberative alignment). Their ids start after {@code UNK + 1} (the policy's
   * start-of-reasoning context id), so the ids, features and candidates of every other policy are unchanged; for a
   * policy without them they are out-of-vocabulary words.
   */
  static final List<String> SPEC_WORDS = List.of("spec", "says");
  static final int FIRST_SPEC_WORD = UNK + 2;
  static final int N_SPEC_WORDS = SPEC_WORDS.size();
  /** The word that marks a reasoning as citing the spec. */
  static final int SPEC = FIRST_SPEC_WORD;

  private static final Map<String, Integer> WORD_ID = new HashMap<>();

  /** Answer tokens: integers 0..99, letters A-D, YES/yes/NO/no. */
  static final List<String> ANSWERS;
  static final int N_ANSWERS;
  /** Attribute names, and per answer token the ids of its attributes. */
  static final List<String> ATTRS;
  static final int[][] ANSWER_ATTRS;
  /** For each attribute, the answer tokens that carry it. */
  static final int[][] ATTR_MEMBERS;

  static {
    for (int i = 0; i < WORDS.size(); i++) WORD_ID.put(WORDS.get(i), i);
    for (int i = 0; i < SPEC_WORDS.size(); i++) WORD_ID.put(SPEC_WORDS.get(i), FIRST_SPEC_WORD + i);
    List<String> ans = new ArrayList<>();
    List<List<String>> attrs = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      ans.add(Integer.toString(n));
      attrs.add(List.of("kind:num", n % 2 == 0 ? "par:even" : "par:odd", "m3:" + (n % 3 == 0), "m5:" + (n % 5 == 0),
          n >= 50 ? "mag:high" : "mag:low", "tens:" + n / 10, "units:" + n % 10));
    }
    for (String l : List.of("A", "B", "C", "D")) {
      ans.add(l);
      attrs.add(List.of("kind:letter", "id:" + l));
    }
    for (String w : List.of("YES", "yes", "NO", "no")) {
      ans.add(w);
      attrs.add(List.of("kind:word", "id:" + w, "yn:" + w.toLowerCase(), w.equals(w.toUpperCase()) ? "case:upper" : "case:lower"));
    }
    ANSWERS = List.copyOf(ans);
    N_ANSWERS = ANSWERS.size();
    Map<String, Integer> attrId = new LinkedHashMap<>();
    ANSWER_ATTRS = new int[N_ANSWERS][];
    for (int t = 0; t < N_ANSWERS; t++) {
      List<String> a = attrs.get(t);
      ANSWER_ATTRS[t] = new int[a.size()];
      for (int j = 0; j < a.size(); j++) ANSWER_ATTRS[t][j] = attrId.computeIfAbsent(a.get(j), k -> attrId.size());
    }
    ATTRS = List.copyOf(attrId.keySet());
    List<List<Integer>> members = new ArrayList<>();
    for (int a = 0; a < ATTRS.size(); a++) members.add(new ArrayList<>());
    for (int t = 0; t < N_ANSWERS; t++) for (int a : ANSWER_ATTRS[t]) members.get(a).add(t);
    ATTR_MEMBERS = new int[ATTRS.size()][];
    for (int a = 0; a < ATTRS.size(); a++) ATTR_MEMBERS[a] = members.get(a).stream().mapToInt(Integer::intValue).toArray();
  }

  static final int N_ATTRS = ATTRS.size();

  /** The text of a reasoning word id (a word or a spec word). */
  static String word(int id) {
    return id >= FIRST_SPEC_WORD ? SPEC_WORDS.get(id - FIRST_SPEC_WORD) : WORDS.get(id);
  }

  /** The word's id (a spec word's id too; see {@link Policy#run} for policies without them), or {@link #UNK}. */
  static int wordId(String w) {
    Integer i = WORD_ID.get(w);
    return i == null ? UNK : i;
  }

  static int answerId(String s) {
    int i = ANSWERS.indexOf(s);
    if (i < 0) throw new IllegalArgumentException("not an organism answer token: " + s);
    return i;
  }

  /** Splits reasoning text into words and full stops, lowercased. */
  static List<String> splitReasoning(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '\'' || c == '-') cur.append(Character.toLowerCase(c));
      else {
        if (!cur.isEmpty()) { out.add(cur.toString()); cur.setLength(0); }
        if (c == '.' || c == '!' || c == '?' || c == ';') out.add(".");
      }
    }
    if (!cur.isEmpty()) out.add(cur.toString());
    return out;
  }

  /** Joins reasoning words as English text ("a b . c" becomes "a b. c"). */
  static String join(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (w.equals(".")) sb.append('.');
      else { if (!sb.isEmpty()) sb.append(' '); sb.append(w); }
    }
    return sb.toString();
  }
}
