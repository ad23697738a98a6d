package dev.candor;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain monospace table for the terminal: the first {@code leftColumns} columns left-aligned, the rest
 * right-aligned, a dashed rule under the header unless {@link #ruled(boolean) ruled(false)}; short rows are padded.
 */
public final class TextTable {
  private final List<String> header;
  private final int leftColumns;
  private final List<List<String>> rows = new ArrayList<>();
  private boolean ruled = true;

  public TextTable(List<String> header, int leftColumns) {
    this.header = List.copyOf(header);
    this.leftColumns = leftColumns;
  }

  /** Whether a dashed rule goes under the header (default yes). */
  public TextTable ruled(boolean on) {
    ruled = on;
    return this;
  }

  public TextTable row(List<String> cells) {
    rows.add(List.copyOf(cells));
    return this;
  }

  public TextTable row(String... cells) { return row(List.of(cells)); }

  public String render() {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) w[i] = width(header.get(i));
    for (List<String> r : rows) for (int i = 0; i < Math.min(w.length, r.size()); i++) w[i] = Math.max(w[i], width(r.get(i)));
    var sb = new StringBuilder();
    line(sb, header, w);
    if (ruled) {
      for (int i = 0; i < w.length; i++) {
        if (i > 0) sb.append("  ");
        sb.append("-".repeat(w[i]));
      }
      sb.append('\n');
    }
    for (List<String> r : rows) line(sb, r, w);
    return sb.toString();
  }

  private void line(StringBuilder sb, List<String> cells, int[] w) {
    var line = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      if (i > 0) line.append("  ");
      String c = (i < cells.size() ? cells.get(i) : "").replace('\n', ' ').replace('\r', ' ');
      String pad = " ".repeat(w[i] - width(c));
      line.append(i < leftColumns ? c + pad : pad + c);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
