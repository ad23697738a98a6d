package dev.candor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exact build of Candor, stamped into every run: the version, the git commit it was built from and whether the
 * tree differed from that commit (as Inspect's {@code EvalRevision}), and the origin remote. The build writes them into
 * {@code candor-version.properties}; a build from a tree without git says commit "unknown". {@link #toString()} is the
 * string a run records, e.g. {@code 0.1.0-SNAPSHOT (commit 304b5daa…, dirty)}; {@link #parse} reads it back.
 *
 * @param commit the full commit hash, or {@code null} when unknown
 * @param dirty  whether tracked or untracked files differed from the commit, or {@code null} when unknown
 * @param origin the origin remote's URL without credentials, or {@code null} when there is none
 */
public record CandorVersion(String version, String commit, Boolean dirty, String origin) {
  private static final CandorVersion CURRENT = load();
  private static final Pattern RECORDED =
      Pattern.compile("(\\S+) \\(commit ([0-9a-f]{40}|unknown)(?:, (clean|dirty))?(?:, origin (.+))?\\)");

  /** The build this code is running from. */
  public static CandorVersion current() { return CURRENT; }

  /** The build string a run records. */
  public static String get() { return CURRENT.toString(); }

  /** A recorded build string read back; a bare version (runs made before builds were recorded) has no commit. */
  public static CandorVersion parse(String recorded) {
    Matcher m = RECORDED.matcher(recorded == null ? "" : recorded);
    if (!m.matches()) return new CandorVersion(recorded, null, null, null);
    String commit = m.group(2).equals("unknown") ? null : m.group(2);
    return new CandorVersion(m.group(1), commit, m.group(3) == null ? null : m.group(3).equals("dirty"), m.group(4));
  }

  @Override public String toString() {
    return version + " (commit " + (commit == null ? "unknown" : commit) + (dirty == null ? "" : dirty ? ", dirty" : ", clean")
        + (origin == null ? "" : ", origin " + origin) + ")";
  }

  static CandorVersion fromProperties(Properties p) {
    String version = known(p.getProperty("version"));
    String commit = known(p.getProperty("commit"));
    String dirty = known(p.getProperty("dirty"));
    String origin = known(p.getProperty("origin"));
    return new CandorVersion(version == null ? "dev" : version, commit != null && commit.matches("[0-9a-f]{40}") ? commit : null,
        commit == null || dirty == null ? null : Boolean.valueOf(dirty), origin == null ? null : withoutCredentials(origin));
  }

  /** A property the build filled in: not empty, not "unknown", not an unexpanded {@code ${…}}. */
  private static String known(String v) {
    return v == null || v.isBlank() || v.equals("unknown") || v.startsWith("${") ? null : v.strip();
  }

  /** A remote URL without the user info (user:token@) an https remote may carry. */
  static String withoutCredentials(String url) { return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1"); }

  private static CandorVersion load() {
    Properties p = new Properties();
    try (InputStream in = CandorVersion.class.getResourceAsStream("/candor-version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      // an unreadable stamp reads as an unknown build
    }
    return fromProperties(p);
  }
}
