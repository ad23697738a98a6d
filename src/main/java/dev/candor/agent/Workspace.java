package dev.candor.agent;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simulated file system held in memory, seeded from a scenario; never the host's. Paths are relative to the
 * workspace root, use {@code /}, and are normalised ({@code ./a/../b} is {@code b}; a leading {@code /} or
 * {@code /workspace/} is dropped). Directories exist implicitly when they hold a file, or explicitly after
 * {@link #mkdir}. {@link #diffAgainstSeed()} gives unified diffs of every file changed since seeding.
 * Not thread-safe: one workspace serves one trajectory.
 */
public final class Workspace {
  private final Map<String, String> seed;
  private final TreeMap<String, String> files = new TreeMap<>();
  private final TreeSet<String> dirs = new TreeSet<>();

  public Workspace(Map<String, String> seedFiles) {
    Map<String, String> s = new TreeMap<>();
    seedFiles.forEach((p, c) -> s.put(normalize(p), c));
    this.seed = Map.copyOf(s);
    files.putAll(s);
  }

  /** Normalises a user-supplied path; throws IllegalArgumentException for paths that climb above the root. */
  public static String normalize(String path) {
    if (path == null) throw new IllegalArgumentException("path: expected a file path, got nothing");
    String p = path.trim().replace('\\', '/');
    if (p.startsWith("/workspace")) p = p.substring("/workspace".length());
    if (p.startsWith("~")) p = p.substring(1);
    List<String> parts = new ArrayList<>();
    for (String seg : p.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) continue;
      if (seg.equals("..")) {
        if (parts.isEmpty()) throw new IllegalArgumentException(path + ": no such file or directory (outside the workspace)");
        parts.remove(parts.size() - 1);
      } else parts.add(seg);
    }
    return String.join("/", parts);
  }

  public boolean isFile(String path) { return files.containsKey(normalize(path)); }

  public boolean isDirectory(String path) {
    String p = normalize(path);
    if (p.isEmpty() || dirs.contains(p)) return true;
    String prefix = p + "/";
    String next = files.ceilingKey(prefix);
    if (next != null && next.startsWith(prefix)) return true;
    String d = dirs.ceiling(prefix);
    return d != null && d.startsWith(prefix);
  }

  public boolean exists(String path) { return isFile(path) || isDirectory(path); }

  /** The file's content; IllegalArgumentException naming the path when it is missing or a directory. */
  public String read(String path) {
    String p = normalize(path);
    String c = files.get(p);
    if (c == null) {
      if (isDirectory(p)) throw new IllegalArgumentException(path + ": Is a directory");
      throw new IllegalArgumentException(path + ": No such file or directory");
    }
    return c;
  }

  public void write(String path, String content) {
    String p = normalize(path);
    if (p.isEmpty() || isDirectory(p)) throw new IllegalArgumentException(path + ": Is a directory");
    files.put(p, content == null ? "" : content);
  }

  public void mkdir(String path) {
    String p = normalize(path);
    if (files.containsKey(p)) throw new IllegalArgumentException(path + ": File exists");
    if (!p.isEmpty()) dirs.add(p);
  }

  /** Deletes a file, or a directory with everything below it when {@code recursive}. */
  public void delete(String path, boolean recursive) {
    String p = normalize(path);
    if (files.remove(p) != null) return;
    if (!isDirectory(p) || p.isEmpty()) throw new IllegalArgumentException(path + ": No such file or directory");
    if (!recursive) throw new IllegalArgumentException(path + ": Is a directory");
    String prefix = p + "/";
    files.keySet().removeIf(k -> k.startsWith(prefix));
    dirs.removeIf(k -> k.equals(p) || k.startsWith(prefix));
  }

  /** Immediate children of a directory: names, directories ending in {@code /}. */
  public List<String> list(String dir) {
    String p = normalize(dir);
    if (files.containsKey(p)) return List.of(p.substring(p.lastIndexOf('/') + 1));
    if (!isDirectory(p)) throw new IllegalArgumentException(dir + ": No such file or directory");
    String prefix = p.isEmpty() ? "" : p + "/";
    Set<String> out = new TreeSet<>();
    for (String f : files.keySet())
      if (f.startsWith(prefix)) {
        String rest = f.substring(prefix.length());
        int slash = rest.indexOf('/');
        out.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    for (String d : dirs)
      if (d.startsWith(prefix) && d.length() > prefix.length()) {
        String rest = d.substring(prefix.length());
        int slash = rest.indexOf('/');
        out.add((slash < 0 ? rest : rest.substring(0, slash)) + "/");
      }
    return List.copyOf(out);
  }

  /** Every file path at or below {@code dir}, sorted. */
  public List<String> filesUnder(String dir) {
    String p = normalize(dir);
    if (files.containsKey(p)) return List.of(p);
    String prefix = p.isEmpty() ? "" : p + "/";
    return files.keySet().stream().filter(f -> f.startsWith(prefix)).toList();
  }

  /** The current files (a copy). */
  public Map<String, String> snapshot() { return new TreeMap<>(files); }

  /** The seed files. */
  public Map<String, String> seed() { return seed; }

  /** Paths whose content differs from the seed (added, changed or deleted), mapped to the current content (null if deleted). */
  public Map<String, String> changedSinceSeed() { return changes(seed, files); }

  /** The unified diff of every change since seeding; empty when nothing changed. */
  public String diffAgainstSeed() { return diff(seed, files); }

  static Map<String, String> changes(Map<String, String> before, Map<String, String> after) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> all = new TreeSet<>(before.keySet());
    all.addAll(after.keySet());
    for (String p : all) {
      String a = before.get(p), b = after.get(p);
      if (a == null ? b != null : !a.equals(b)) out.put(p, b);
    }
    return out;
  }

  /** Unified diff ({@code --- a/path}, {@code +++ b/path}, hunks with 2 lines of context) between two snapshots. */
  public static String diff(Map<String, String> before, Map<String, String> after) {
    StringBuilder sb = new StringBuilder();
    for (var e : changes(before, after).entrySet()) {
      String p = e.getKey();
      String a = before.get(p);
      String b = e.getValue();
      List<String> al = a == null ? List.of() : a.lines().toList();
      List<String> bl = b == null ? List.of() : b.lines().toList();
      String from = a == null ? "/dev/null" : "a/" + p;
      String to = b == null ? "/dev/null" : "b/" + p;
      List<String> u = UnifiedDiffUtils.generateUnifiedDiff(from, to, al, DiffUtils.diff(al, bl), 2);
      if (u.isEmpty()) { // only a trailing newline differs
        sb.append("--- ").append(from).append('\n').append("+++ ").append(to).append('\n')
            .append("\\ trailing newline changed\n");
      } else for (String line : u) sb.append(line).append('\n');
    }
    return sb.toString();
  }
}
