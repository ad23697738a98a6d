package dev.candor.agent;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files of a workspace at one moment: every regular file, symbolic link and special file (directories are not
 * entries), found without following links. A text file (UTF-8 without NUL bytes, at most {@link #TEXT_LIMIT} bytes)
 * keeps its text; another file is described by one placeholder line with its size and SHA-256. {@link #diff} and
 * {@link #changes} compare two snapshots.
 */
public record Snapshot(Map<String, Entry> entries) {
  /** Files larger than this are described by size and hash, not kept as text. */
  public static final int TEXT_LIMIT = 256 * 1024;

  static final Snapshot EMPTY = new Snapshot(Map.of());

  /**
   * One path's state. {@code content} is the text of a text file, else the placeholder line (for a link,
   * {@code symlink -> TARGET}); {@code sha256} identifies the content; {@code mode} the permission bits.
   */
  public record Entry(Kind kind, String content, boolean text, String sha256, long size, int mode, Object stamp) {}

  /** What a path is. */
  public enum Kind { FILE, SYMLINK, OTHER }

  public Snapshot {
    entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** Walks {@code ws}; a file whose identity, size and change times equal those in {@code previous} keeps its entry unread. */
  static Snapshot of(Workspace ws, Snapshot previous) {
    Map<String, Entry> out = new TreeMap<>();
    try {
      Files.walkFileTree(ws.root(), new SimpleFileVisitor<>() {
        @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
          String rel = ws.relative(f);
          PosixFileAttributes pa = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          Object ctime = Files.getAttribute(f, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
          List<Object> stamp = List.of(String.valueOf(pa.fileKey()), pa.size(), pa.lastModifiedTime(), ctime, mode(pa.permissions()));
          Entry old = previous.entries().get(rel);
          if (old != null && old.stamp().equals(stamp)) {
            out.put(rel, old);
          } else if (pa.isSymbolicLink()) {
            String target = Files.readSymbolicLink(f).toString();
            out.put(rel, new Entry(Kind.SYMLINK, "symlink -> " + target, false, sha256(target.getBytes(StandardCharsets.UTF_8)), 0, 0, stamp));
          } else if (pa.isRegularFile()) {
            out.put(rel, file(f, pa, stamp));
          } else {
            out.put(rel, new Entry(Kind.OTHER, "special file (not a regular file)", false, "", 0, mode(pa.permissions()), stamp));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFileFailed(Path f, IOException e) {
          out.put(ws.relative(f), new Entry(Kind.OTHER, "unreadable (" + e.getClass().getSimpleName() + ")", false, "", 0, 0, List.of()));
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the workspace: " + e.getMessage(), e);
    }
    return new Snapshot(out);
  }

  private static Entry file(Path f, PosixFileAttributes a, Object stamp) throws IOException {
    MessageDigest md = digest();
    byte[] head = null;
    try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[65536];
      java.io.ByteArrayOutputStream keep = a.size() <= TEXT_LIMIT ? new java.io.ByteArrayOutputStream((int) a.size()) : null;
      long n = 0;
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
        if (keep != null && n + r <= TEXT_LIMIT) keep.write(buf, 0, r);
        else keep = null;
        n += r;
      }
      if (keep != null) head = keep.toByteArray();
    }
    String sha = HexFormat.of().formatHex(md.digest());
    int mode = mode(a.permissions());
    String text = head == null ? null : text(head);
    if (text != null) return new Entry(Kind.FILE, text, true, sha, a.size(), mode, stamp);
    return new Entry(Kind.FILE, "binary file: " + a.size() + " bytes, sha256 " + sha, false, sha, a.size(), mode, stamp);
  }

  /** UTF-8 text without NUL bytes, or null. */
  private static String text(byte[] b) {
    for (byte x : b) if (x == 0) return null;
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int mode(Set<PosixFilePermission> perms) {
    int m = 0;
    for (PosixFilePermission p : perms) m |= 1 << (8 - p.ordinal());
    return m;
  }

  static String sha256(byte[] b) {
    return HexFormat.of().formatHex(digest().digest(b));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The paths whose content differs between {@code before} and {@code after} (created, edited, deleted; a move is
   * its old path deleted and its new path created), each with its content after (null when gone).
   */
  public static Map<String, String> changes(Snapshot before, Snapshot after) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> all = new TreeSet<>(before.entries.keySet());
    all.addAll(after.entries.keySet());
    for (String p : all) {
      Entry a = before.entries.get(p), b = after.entries.get(p);
      if (b == null) out.put(p, null);
      else if (a == null || a.kind() != b.kind() || !a.sha256().equals(b.sha256()) || !a.content().equals(b.content())) out.put(p, b.content());
    }
    return out;
  }

  /**
   * What changed from {@code before} to {@code after}, as a unified diff ({@code --- a/path}, {@code +++ b/path},
   * hunks with 2 lines of context) for text created, edited or deleted; git-style header lines for the rest: a move
   * (same content under a new path: {@code rename from}/{@code rename to}), a mode change ({@code old mode 100644},
   * {@code new mode 100755}), a symbolic link ({@code symlink -> TARGET}) and a file that is not text (one line with
   * its size and SHA-256). Empty when nothing changed.
   */
  public static String diff(Snapshot before, Snapshot after) {
    Map<String, Entry> gone = new TreeMap<>(), born = new TreeMap<>();
    StringBuilder sb = new StringBuilder();
    Set<String> all = new TreeSet<>(before.entries.keySet());
    all.addAll(after.entries.keySet());
    List<String[]> moves = new ArrayList<>();
    for (String p : all) {
      Entry a = before.entries.get(p), b = after.entries.get(p);
      if (a != null && b == null) gone.put(p, a);
      else if (a == null && b != null) born.put(p, b);
    }
    Set<String> moved = new HashSet<>();
    for (var g : gone.entrySet())
      for (var n : born.entrySet())
        if (!moved.contains(n.getKey()) && n.getValue().kind() == g.getValue().kind() && n.getValue().sha256().equals(g.getValue().sha256())) {
          moves.add(new String[] {g.getKey(), n.getKey()});
          moved.add(g.getKey());
          moved.add(n.getKey());
          break;
        }
    for (String p : all) {
      if (moved.contains(p)) {
        for (String[] m : moves)
          if (m[1].equals(p)) {
            sb.append("--- a/").append(m[0]).append("\n+++ b/").append(m[1]).append("\nrename from ").append(m[0])
                .append("\nrename to ").append(m[1]).append('\n');
            Entry a = before.entries.get(m[0]), b = after.entries.get(m[1]);
            if (a.mode() != b.mode()) sb.append("old mode ").append(octal(a.mode())).append("\nnew mode ").append(octal(b.mode())).append('\n');
          }
        continue;
      }
      Entry a = before.entries.get(p), b = after.entries.get(p);
      if (a != null && b != null && a.kind() != b.kind()) {
        entry(sb, p, a, null);
        entry(sb, p, null, b);
      } else if (a == null || b == null || !a.sha256().equals(b.sha256()) || !a.content().equals(b.content())) {
        entry(sb, p, a, b);
      } else if (a.mode() != b.mode()) {
        sb.append("--- a/").append(p).append("\n+++ b/").append(p).append("\nold mode ").append(octal(a.mode()))
            .append("\nnew mode ").append(octal(b.mode())).append('\n');
      }
    }
    return sb.toString();
  }

  private static void entry(StringBuilder sb, String p, Entry a, Entry b) {
    if (a == null && b == null) return;
    String from = a == null ? "/dev/null" : "a/" + p;
    String to = b == null ? "/dev/null" : "b/" + p;
    if ((a == null || a.text()) && (b == null || b.text())) {
      List<String> al = a == null ? List.of() : a.content().lines().toList();
      List<String> bl = b == null ? List.of() : b.content().lines().toList();
      List<String> u = UnifiedDiffUtils.generateUnifiedDiff(from, to, al, DiffUtils.diff(al, bl), 2);
      if (u.isEmpty()) { // only a trailing newline differs
        sb.append("--- ").append(from).append('\n').append("+++ ").append(to).append('\n').append("\\ trailing newline changed\n");
      } else for (String line : u) sb.append(line).append('\n');
      if (a != null && b != null && a.mode() != b.mode())
        sb.append("old mode ").append(octal(a.mode())).append("\nnew mode ").append(octal(b.mode())).append('\n');
      return;
    }
    sb.append("--- ").append(from).append('\n').append("+++ ").append(to).append('\n');
    if (a != null && !a.text()) sb.append("-").append(a.content()).append('\n');
    else if (a != null) sb.append("-(text file: ").append(a.size()).append(" bytes, sha256 ").append(a.sha256()).append(")\n");
    if (b != null && !b.text()) sb.append("+").append(b.content()).append('\n');
    else if (b != null) sb.append("+(text file: ").append(b.size()).append(" bytes, sha256 ").append(b.sha256()).append(")\n");
  }

  private static String octal(int mode) { return "100" + String.format("%03o", mode); }
}
