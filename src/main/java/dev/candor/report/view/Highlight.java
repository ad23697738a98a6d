package dev.candor.report.view;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Marks a grader's evidence quotes inside a text: finds each quote (case-insensitively) in the raw text, escapes
 * every segment with {@link Html#esc}, and wraps the matched segments in {@code <mark>}. The only markup in the result
 * is the viewer's own.
 */
final class Highlight {
  private Highlight() {}

  static String marked(String text, Collection<String> evidence) {
    if (text == null) return "";
    List<int[]> spans = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    boolean sameLength = lower.length() == text.length();
    for (String ev : evidence) {
      if (ev == null || ev.isBlank()) continue;
      String needle = sameLength ? ev.toLowerCase(Locale.ROOT) : ev;
      String hay = sameLength ? lower : text;
      if (needle.length() != ev.length()) {
        needle = ev;
        hay = text;
      }
      for (int at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length()))
        spans.add(new int[] {at, at + needle.length()});
    }
    if (spans.isEmpty()) return Html.esc(text);
    spans.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
    StringBuilder out = new StringBuilder(text.length() + 32 * spans.size());
    int pos = 0;
    int i = 0;
    while (i < spans.size()) {
      int start = spans.get(i)[0];
      int end = spans.get(i)[1];
      i++;
      while (i < spans.size() && spans.get(i)[0] <= end) end = Math.max(end, spans.get(i++)[1]);
      out.append(Html.esc(text.substring(pos, start))).append("<mark>").append(Html.esc(text.substring(start, end))).append("</mark>");
      pos = end;
    }
    out.append(Html.esc(text.substring(pos)));
    return out.toString();
  }
}
