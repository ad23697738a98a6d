package dev.candor.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tokenises text the way the reference frequency list was tokenised: maximal runs of letters, lower-cased, so
 * "don't" is "don" and "t" and numbers are not words.
 */
public final class Words {
  private Words() {}

  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) return out;
    int i = 0, n = text.length();
    while (i < n) {
      while (i < n && !Character.isLetter(text.charAt(i))) i++;
      int s = i;
      while (i < n && Character.isLetter(text.charAt(i))) i++;
      if (i > s) out.add(text.substring(s, i).toLowerCase(Locale.ROOT));
    }
    return out;
  }
}
