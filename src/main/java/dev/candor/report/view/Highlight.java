package dev.candor.report.view;

import dev.candor.report.view.Views.Segment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Finds a grader's evidence quotes inside a text (case-insensitively) and splits the text into plain and marked
 * segments; the template wraps marked ones in {@code <mark>} and escapes every segment.
 */
final class Highlight {
  private Highlight() {}

  static List<Segment> segments(String text, Collection<String> evidence) {
    if (text == null || text.isEmpty()) return List.of();
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
    if (spans.isEmpty()) return List.of(new Segment(text, false));
    spans.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
    List<Segment> out = new ArrayList<>();
    int pos = 0;
    int i = 0;
    while (i < spans.size()) {
      int start = spans.get(i)[0];
      int end = spans.get(i)[1];
      i++;
      while (i < spans.size() && spans.get(i)[0] <= end) end = Math.max(end, spans.get(i++)[1]);
      if (start > pos) out.add(new Segment(text.substring(pos, start), false));
      out.add(new Segment(text.substring(start, end), true));
      pos = end;
    }
    if (pos < text.length()) out.add(new Segment(text.substring(pos), false));
    return out;
  }
}
