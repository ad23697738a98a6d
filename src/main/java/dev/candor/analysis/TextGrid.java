package dev.candor.analysis;

import java.util.ArrayList;
import java.util.List;

/** A plain monospaced table for terminal output: left-aligned first {@code textColumns} columns, the rest right-aligned. */
final class TextGrid {
  private final List<String> header;
  private final int textColumns;
  private final List<List<String>> rows = new ArrayList<>();

  TextGrid(List<String> header, int textColumns) {
    this.header = List.copyOf(header);
    this.textColumns = textColumns;
  }

  TextGrid row(List<String> cells) {
    rows.add(List.copyOf(cells));
    return this;
  }

  TextGrid row(String... cells) { return row(List.of(cells)); }

  String render() {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) w[i] = header.get(i).length();
    for (List<String> r : rows) for (int i = 0; i < Math.min(w.length, r.size()); i++) w[i] = Math.max(w[i], r.get(i).length());
    StringBuilder sb = new StringBuilder();
    line(sb, header, w);
    for (List<String> r : rows) line(sb, r, w);
    return sb.toString();
  }

  private void line(StringBuilder sb, List<String> cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      if (i > 0) l.append("  ");
      if (i < textColumns) l.append(c).append(" ".repeat(w[i] - c.length()));
      else l.append(" ".repeat(w[i] - c.length())).append(c);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  static String pct(double x) {
    return Double.isNaN(x) ? "–" : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * x);
  }

  static String interval(double lo, double hi) {
    return String.format(java.util.Locale.ROOT, "[%.1f, %.1f]", 100 * lo, 100 * hi);
  }
}
