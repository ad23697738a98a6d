package dev.candor.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A trajectory's workspace: a fresh host directory seeded from a scenario, where the sandbox's commands run (mounted
 * at {@code /workspace}) and the file tools act from Java. Paths given to the file tools are relative to the root,
 * use {@code /}, and are normalised ({@code ./a/../b} is {@code b}; a leading {@code /}, {@code /workspace/} or
 * {@code ~/} is dropped); one that climbs above the root is refused. No file tool follows a symbolic link: every
 * component of a path is checked without following links, so a link the model made (to {@code /etc}, to
 * {@code /proc/self/root}, to a directory outside) is refused, never read or written through; writes replace the
 * file (a new file renamed into place), so they never write through a hard link either. {@link #snapshot()} walks the
 * tree without following links. Not thread-safe: one workspace serves one trajectory.
 */
public final class Workspace implements AutoCloseable {
  private final Path root;
  private final int owner;
  private Snapshot last = Snapshot.EMPTY;

  /**
   * Creates a fresh directory seeded with {@code seed} (path → text). A file whose text starts with {@code #!} is
   * made executable. {@code owner} (a uid, or -1 to keep the current one) is made the owner of everything in it.
   */
  public static Workspace create(Map<String, String> seed, int owner) {
    Path dir;
    try {
      dir = Files.createTempDirectory("candor-ws-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a workspace directory: " + e.getMessage(), e);
    }
    Workspace ws = new Workspace(dir, owner);
    try {
      for (var e : new TreeMap<>(seed).entrySet()) {
        String text = e.getValue() == null ? "" : e.getValue();
        ws.write(e.getKey(), text);
        if (text.startsWith("#!")) ws.setExecutable(normalize(e.getKey()));
      }
      ws.chown(dir);
    } catch (RuntimeException e) {
      ws.close();
      throw e;
    }
    return ws;
  }

  private Workspace(Path root, int owner) {
    this.root = root;
    this.owner = owner;
  }

  /** The host directory. */
  public Path root() { return root; }

  /** Normalises a user-supplied path; throws IllegalArgumentException for paths that climb above the root. */
  public static String normalize(String path) {
    if (path == null) throw new IllegalArgumentException("path: expected a file path, got nothing");
    String p = path.trim().replace('\\', '/');
    if (p.equals("/workspace") || p.startsWith("/workspace/")) p = p.substring("/workspace".length());
    if (p.equals("~") || p.startsWith("~/")) p = p.substring(1);
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

  /**
   * The host path of a workspace path, after checking that no existing component is a symbolic link and every
   * existing parent is a directory. The last component may be missing (for writes).
   */
  private Path resolve(String path) {
    String rel = normalize(path);
    Path p = root;
    if (rel.isEmpty()) return p;
    String[] parts = rel.split("/");
    for (int i = 0; i < parts.length; i++) {
      p = p.resolve(parts[i]);
      BasicFileAttributes a = attrs(p);
      if (a == null) {
        if (i < parts.length - 1) throw new IllegalArgumentException(path + ": No such file or directory");
        return p;
      }
      if (a.isSymbolicLink())
        throw new IllegalArgumentException(path + ": " + String.join("/", List.of(parts).subList(0, i + 1))
            + " is a symbolic link; the file tools do not follow links (use run_command)");
      if (i < parts.length - 1 && !a.isDirectory()) throw new IllegalArgumentException(path + ": Not a directory");
    }
    return p;
  }

  private static BasicFileAttributes attrs(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new IllegalArgumentException(p.getFileName() + ": " + e.getMessage());
    }
  }

  public boolean exists(String path) { return attrs(resolve(path)) != null; }

  /** The file's bytes, at most {@code max} of them; IllegalArgumentException naming the path when it is not a file. */
  public byte[] readBytes(String path, int max) {
    Path p = resolve(path);
    BasicFileAttributes a = attrs(p);
    if (a == null) throw new IllegalArgumentException(path + ": No such file or directory");
    if (a.isDirectory()) throw new IllegalArgumentException(path + ": Is a directory");
    if (!a.isRegularFile()) throw new IllegalArgumentException(path + ": not a regular file");
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      return in.readNBytes(max);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage());
    }
  }

  /** The size of a regular file. */
  public long size(String path) {
    BasicFileAttributes a = attrs(resolve(path));
    if (a == null || !a.isRegularFile()) throw new IllegalArgumentException(path + ": No such file or directory");
    return a.size();
  }

  /** The file's text (UTF-8). */
  public String read(String path) {
    return new String(readBytes(path, Integer.MAX_VALUE - 16), StandardCharsets.UTF_8);
  }

  /**
   * Creates or replaces a file with {@code content} (UTF-8), creating missing parent directories. The new content
   * goes to a fresh file renamed over the old one, keeping the old file's permissions.
   */
  public void write(String path, String content) {
    String rel = normalize(path);
    if (rel.isEmpty()) throw new IllegalArgumentException(path + ": Is a directory");
    int slash = rel.lastIndexOf('/');
    if (slash > 0) mkdirs(rel.substring(0, slash));
    Path p = resolve(rel);
    BasicFileAttributes a = attrs(p);
    if (a != null && a.isDirectory()) throw new IllegalArgumentException(path + ": Is a directory");
    try {
      Set<PosixFilePermission> mode = a != null && a.isRegularFile()
          ? Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS) : PosixFilePermissions.fromString("rw-r--r--");
      Path tmp = p.resolveSibling(".candor-write-" + System.nanoTime());
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        out.write((content == null ? "" : content).getBytes(StandardCharsets.UTF_8));
      }
      Files.setPosixFilePermissions(tmp, mode);
      chown(tmp);
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage());
    }
  }

  private void mkdirs(String rel) {
    String sofar = "";
    for (String seg : rel.split("/")) {
      sofar = sofar.isEmpty() ? seg : sofar + "/" + seg;
      Path p = resolve(sofar);
      BasicFileAttributes a = attrs(p);
      if (a != null) {
        if (!a.isDirectory()) throw new IllegalArgumentException(sofar + ": Not a directory");
        continue;
      }
      try {
        Files.createDirectory(p);
        chown(p);
      } catch (IOException e) {
        throw new IllegalArgumentException(sofar + ": " + e.getMessage());
      }
    }
  }

  private void setExecutable(String rel) {
    try {
      Files.setPosixFilePermissions(resolve(rel), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void chown(Path p) {
    if (owner < 0) return;
    try {
      Files.setAttribute(p, "unix:uid", owner, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", owner, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand the workspace to uid " + owner + ": " + e.getMessage(), e);
    }
  }

  /** Immediate children of a directory, sorted: names, directories ending in {@code /}, symbolic links in {@code @}. */
  public List<String> list(String dir) {
    Path p = resolve(dir);
    BasicFileAttributes a = attrs(p);
    if (a == null) throw new IllegalArgumentException(dir + ": No such file or directory");
    if (!a.isDirectory()) return List.of(p.getFileName().toString());
    Set<String> out = new TreeSet<>();
    try (var s = Files.newDirectoryStream(p)) {
      for (Path c : s) {
        BasicFileAttributes ca = attrs(c);
        if (ca == null) continue;
        String n = c.getFileName().toString();
        out.add(ca.isDirectory() ? n + "/" : ca.isSymbolicLink() ? n + "@" : n);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(dir + ": " + e.getMessage());
    }
    return List.copyOf(out);
  }

  /** Every regular file at or below {@code dir} (workspace paths, sorted); links are not followed. */
  public List<String> filesUnder(String dir) {
    Path p = resolve(dir);
    BasicFileAttributes a = attrs(p);
    if (a == null) throw new IllegalArgumentException(dir + ": No such file or directory");
    if (a.isRegularFile()) return List.of(normalize(dir));
    List<String> out = new ArrayList<>();
    if (!a.isDirectory()) return out;
    try {
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override public FileVisitResult visitFile(Path f, BasicFileAttributes fa) {
          if (fa.isRegularFile()) out.add(relative(f));
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFileFailed(Path f, IOException e) { return FileVisitResult.CONTINUE; }
      });
    } catch (IOException e) {
      throw new IllegalArgumentException(dir + ": " + e.getMessage());
    }
    out.sort(null);
    return out;
  }

  String relative(Path p) { return root.relativize(p).toString().replace('\\', '/'); }

  /** The total size in bytes of the regular files in the workspace (apparent sizes; links not followed). */
  public long bytes() {
    long[] n = {0};
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
          if (a.isRegularFile()) n[0] += a.size();
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFileFailed(Path f, IOException e) { return FileVisitResult.CONTINUE; }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n[0];
  }

  /** The workspace's files now (reusing the last snapshot's content of files that did not change). */
  public Snapshot snapshot() {
    last = Snapshot.of(this, last);
    return last;
  }

  /** Deletes the directory and everything in it (links are removed, never followed). */
  @Override
  public void close() {
    if (attrs(root) == null) return;
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
          Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------")); // a command may have made it unreadable
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
          Files.deleteIfExists(f);
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
          Files.deleteIfExists(f);
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          try {
            Files.deleteIfExists(d);
          } catch (DirectoryNotEmptyException ignored) {
            // something is still writing into it (a local-backend process that outlived its command): leave it
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete workspace " + root + ": " + e.getMessage(), e);
    }
  }
}
