package dev.candor.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits reasoning text into sentences: at line breaks, and after {@code .}, {@code !}, {@code ?} or {@code ;}
 * followed by white space (lower-case starts included, as terse reasoning often has them), except after common
 * abbreviations (e.g., i.e., etc., vs., Mr., Dr.). Decimals and code such as {@code 3.5} or {@code a.b} never split.
 */
public final class Sentences {
  private Sentences() {}

  /** One sentence: its trimmed text and its [start, end) character offsets in the original text. */
  public record Sentence(String text, int start, int end) {}

  private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "prof", "approx", "cf", "fig");

  public static List<Sentence> split(String text) {
    List<Sentence> out = new ArrayList<>();
    if (text == null || text.isEmpty()) return out;
    int start = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean cut = false;
      int end = i + 1;
      if (c == '\n') {
        cut = true;
        end = i;
      } else if (c == '.' || c == '!' || c == '?' || c == ';') {
        int j = i + 1;
        while (j < n && (text.charAt(j) == '.' || text.charAt(j) == '!' || text.charAt(j) == '?' || text.charAt(j) == '"'
            || text.charAt(j) == '\'' || text.charAt(j) == ')' || text.charAt(j) == '\u201d')) j++;
        if (j >= n || Character.isWhitespace(text.charAt(j))) {
          if (c != '.' || !abbreviation(text, i)) {
            cut = true;
            end = j;
            i = j - 1;
          }
        } else {
          i = j - 1; // the marks up to j end no sentence either (each would reach the same j): skip them, linearly
        }
      }
      if (cut) {
        add(out, text, start, end);
        start = end;
      }
    }
    add(out, text, start, n);
    return out;
  }

  private static boolean abbreviation(String text, int dot) {
    int b = dot;
    while (b > 0 && (Character.isLetter(text.charAt(b - 1)) || text.charAt(b - 1) == '.')) b--;
    String word = text.substring(b, dot).toLowerCase(java.util.Locale.ROOT);
    return ABBREVIATIONS.contains(word);
  }

  private static void add(List<Sentence> out, String text, int from, int to) {
    int a = from, b = to;
    while (a < b && Character.isWhitespace(text.charAt(a))) a++;
    while (b > a && Character.isWhitespace(text.charAt(b - 1))) b--;
    if (a < b) out.add(new Sentence(text.substring(a, b), a, b));
  }
}
