package dev.candor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exact build of Candor, stamped into every run: the version, the git commit it was built from and whether the
 * tree differed from that commit (as Inspect's {@code EvalRevision}). The build writes them into
 * {@code candor-version.properties}; a build from a tree without git says commit "unknown". {@link #toString()} is the
 * string a run records, semver build metadata short enough for the runs table's 64 characters:
 * {@code 0.1.0-SNAPSHOT+304b5daa82481492a94bf940c6a07b08abfc2fa0.dirty}; {@link #parse} reads it back.
 *
 * @param commit the full commit hash, or {@code null} when unknown
 * @param dirty  whether tracked or untracked files differed from the commit, or {@code null} when unknown
 */
public record CandorVersion(String version, String commit, Boolean dirty) {
  private static final CandorVersion CURRENT = load();
  private static final Pattern RECORDED = Pattern.compile("(.+)\\+([0-9a-f]{40}|unknown)(\\.dirty)?");

  /** The build this code is running from. */
  public static CandorVersion current() { return CURRENT; }

  /** The build string a run records. */
  public static String get() { return CURRENT.toString(); }

  /** A recorded build string read back; a bare version (runs made before builds were recorded) has no commit. */
  public static CandorVersion parse(String recorded) {
    Matcher m = RECORDED.matcher(recorded == null ? "" : recorded);
    if (!m.matches()) return new CandorVersion(recorded, null, null);
    return m.group(2).equals("unknown") ? new CandorVersion(m.group(1), null, null) : new CandorVersion(m.group(1), m.group(2), m.group(3) != null);
  }

  @Override public String toString() {
    return version + "+" + (commit == null ? "unknown" : commit) + (Boolean.TRUE.equals(dirty) ? ".dirty" : "");
  }

  static CandorVersion fromProperties(Properties p) {
    String version = known(p.getProperty("version"));
    String commit = known(p.getProperty("commit"));
    String dirty = known(p.getProperty("dirty"));
    boolean hasCommit = commit != null && commit.matches("[0-9a-f]{40}");
    return new CandorVersion(version == null ? "dev" : version, hasCommit ? commit : null,
        hasCommit && dirty != null ? Boolean.valueOf(dirty) : null);
  }

  /** A property the build filled in: not empty, not "unknown", not an unexpanded {@code ${…}}. */
  private static String known(String v) {
    return v == null || v.isBlank() || v.equals("unknown") || v.startsWith("${") ? null : v.strip();
  }

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
