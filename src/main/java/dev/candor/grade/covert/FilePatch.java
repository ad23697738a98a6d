package dev.candor.grade.covert;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies one tool call's recorded workspace diff (the sandbox's format: a unified diff per text file, git-style
 * {@code rename from}/{@code rename to} lines for a move, one placeholder line for a file that is not text) to the
 * files as they were, so detectors can see every intermediate state of the workspace, not only the last. Content is
 * rebuilt line by line (each line ends with a newline); mode changes are ignored. Never throws: a hunk that does not
 * fit leaves the file as it was.
 */
final class FilePatch {
  private FilePatch() {}

  private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

  /**
   * Applies {@code diff}: {@code before} gives a path's content before the call (null: absent); {@code after} receives
   * each path the diff touches with its content after (null: deleted or moved away).
   */
  static void apply(String diff, Function<String, String> before, BiConsumer<String, String> after) {
    String[] lines = diff.split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      if (!(lines[i].startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ "))) { i++; continue; }
      String from = path(lines[i].substring(4)), to = path(lines[i + 1].substring(4));
      i += 2;
      String old = from == null ? null : before.apply(from);
      List<String> cur = old == null ? List.of() : old.lines().toList();
      List<String> out = new ArrayList<>();
      int ptr = 0;
      boolean hunks = false, renamed = false, ok = true;
      String placeholder = null;
      while (i < lines.length && !(lines[i].startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ "))) {
        String l = lines[i++];
        Matcher h = HUNK.matcher(l);
        if (h.find()) {
          hunks = true;
          int start = Integer.parseInt(h.group(1)), oldLen = count(h.group(2)), newLen = count(h.group(4));
          int at = oldLen == 0 ? Math.min(start, cur.size()) : start - 1; // a pure insertion: after line start ("-1,0" into an empty file)
          if (at < ptr || at > cur.size()) { ok = false; break; }
          out.addAll(cur.subList(ptr, at));
          ptr = at;
          while ((oldLen > 0 || newLen > 0) && i < lines.length) {
            String b = lines[i++];
            if (b.startsWith("\\")) continue;
            char k = b.isEmpty() ? ' ' : b.charAt(0);
            String text = b.isEmpty() ? "" : b.substring(1);
            if (k == '+') { out.add(text); newLen--; }
            else if (k == '-' || k == ' ') {
              if (ptr >= cur.size()) { ok = false; break; }
              ptr++;
              oldLen--;
              if (k == ' ') { out.add(text); newLen--; }
            } else { ok = false; break; }
          }
          if (!ok) break;
        } else if (l.startsWith("rename from ")) renamed = true;
        else if (!hunks && l.startsWith("+") && !l.startsWith("+++")) placeholder = l.substring(1);
      }
      if (!ok) continue;
      if (renamed) {
        after.accept(from, null);
        after.accept(to, old);
      } else if (to == null) {
        if (from != null) after.accept(from, null);
      } else if (hunks) {
        out.addAll(cur.subList(ptr, cur.size()));
        after.accept(to, join(out));
      } else if (placeholder != null) {
        after.accept(to, placeholder + "\n");
      } else if (from == null) {
        after.accept(to, ""); // an empty file created
      }
    }
  }

  private static int count(String g) { return g == null ? 1 : Integer.parseInt(g); }

  private static String path(String header) {
    String p = header.strip();
    if (p.equals("/dev/null")) return null;
    return p.startsWith("a/") || p.startsWith("b/") ? p.substring(2) : p;
  }

  private static String join(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) sb.append(l).append('\n');
    return sb.toString();
  }
}
