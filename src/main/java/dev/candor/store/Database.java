package dev.candor.store;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The database's lifecycle: opening a SQLite file or a PostgreSQL URL in an {@link Store.Access} mode, migrating its
 * schema (Flyway, {@code db/migration}), reconnecting after an outage, and closing; plus the JDBC plumbing the tables
 * share.
 *
 * <p>Its monitor is the store's lock: whoever uses {@link #conn()} holds it ({@code synchronized (db)}), so calls on
 * the one connection are serialised (SQLite has one writer anyway).
 */
final class Database {
  private Connection conn;
  private final String url;
  private final String location;
  private final boolean sqlite;
  private final boolean readOnly;
  private final Store.Options options;

  private Database(Connection conn, String url, String location, boolean sqlite, boolean readOnly, Store.Options options) {
    this.conn = conn;
    this.url = url;
    this.location = redact(location);
    this.sqlite = sqlite;
    this.readOnly = readOnly;
    this.options = options;
  }

  /** See {@link Store#open(String, Store.Access, Store.Options)}. */
  static Database open(String pathOrUrl, Store.Access access, Store.Options options) {
    String target = pathOrUrl == null || pathOrUrl.isBlank() ? Store.DEFAULT_PATH : pathOrUrl;
    Path file = null;
    String url;
    if (target.startsWith("jdbc:")) {
      url = target;
      if (!target.startsWith("jdbc:sqlite:") && !target.startsWith("jdbc:postgresql:"))
        throw InvalidSetting.of(Setting.DB, "expected a file path, jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB, got '" + redact(target) + "'");
      String rest = target.substring("jdbc:sqlite:".length());
      if (target.startsWith("jdbc:sqlite:") && !rest.startsWith("file:") && !rest.contains("?") && !rest.startsWith(":")) file = Path.of(rest);
    } else {
      file = Path.of(target);
      url = null;
    }
    if (file != null) {
      file = file.toAbsolutePath();
      if (Files.isDirectory(file)) throw InvalidSetting.of(Setting.DB, "'" + target + "' is a directory; expected a database file path");
      Path parent = file.getParent();
      if (parent != null && !Files.isDirectory(parent))
        throw InvalidSetting.of(Setting.DB, "directory '" + parent + "' does not exist");
      if (access != Store.Access.CREATE && !Files.isRegularFile(file))
        throw InvalidSetting.of(Setting.DB, "database '" + target + "' does not exist (runs are stored by candor run)");
      url = "jdbc:sqlite:" + file;
    }
    boolean sqlite = url.startsWith("jdbc:sqlite:");
    if (sqlite) SqliteNative.useCache(options.cache());
    String readUrl = access == Store.Access.READ && file != null ? readOnlyUrl(file) : url;
    try {
      if (file != null && access != Store.Access.READ) migrateLocked(url, file);
      else if (!current(readUrl, sqlite, options)) migrate(url, sqlite, options);
      return new Database(connect(readUrl, sqlite, access == Store.Access.READ, options), readUrl, url, sqlite, access == Store.Access.READ, options);
    } catch (SQLException | FlywayException e) {
      throw InvalidSetting.of(Setting.DB, "cannot open database " + redact(url) + ": " + firstLine(e.getMessage()));
    }
  }

  /**
   * The SQLite URL a read-only store opens: {@code mode=rw} (never creates the file; {@link #connect} makes the
   * connection {@code query_only}, and unlike {@code mode=ro} it can remove the {@code -wal} and {@code -shm} files
   * when it closes), or {@code immutable=1} when the file's directory cannot be written (a read-only mount), where a
   * WAL database cannot be opened otherwise.
   */
  private static String readOnlyUrl(Path file) {
    return "jdbc:sqlite:" + file.toUri() + (Files.isWritable(file.getParent()) ? "?mode=rw" : "?immutable=1");
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url, boolean sqlite, Store.Options options) {
    return Flyway.configure()
        .dataSource(url, sqlite ? null : options.user(), sqlite ? null : options.password())
        .locations("classpath:db/migration");
  }

  /** Whether every migration is applied (read without writing). */
  private static boolean current(String url, boolean sqlite, Store.Options options) {
    return flyway(url, sqlite, options).load().info().pending().length == 0;
  }

  private static void migrate(String url, boolean sqlite, Store.Options options) {
    flyway(url, sqlite, options).load().migrate();
  }

  /** Serialises migrating a SQLite file: within this JVM, and across processes by a lock on {@code FILE.lock}. */
  private static synchronized void migrateLocked(String url, Path file) throws SQLException {
    try {
      if (Files.isRegularFile(file) && current(readOnlyUrl(file), true, Store.Options.DEFAULT)) return; // the usual case: nothing to do, no lock
    } catch (FlywayException e) {
      // being created by another process right now, most likely: wait for the lock, then look again
    }
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
      migrate(url, true, Store.Options.DEFAULT);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot lock " + lockFile + " to create or upgrade the database: " + e.getMessage(), e);
    }
  }

  private static Connection connect(String url, boolean sqlite, boolean readOnly, Store.Options options) throws SQLException {
    String user = options.user();
    String password = options.password();
    Connection c = (user != null && !sqlite) ? DriverManager.getConnection(url, user, password) : DriverManager.getConnection(url);
    if (sqlite) {
      try (Statement s = c.createStatement()) {
        if (readOnly) {
          s.execute("PRAGMA query_only=1");
        } else {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=NORMAL");
        }
        s.execute("PRAGMA busy_timeout=30000");
      }
    }
    if (readOnly && !sqlite) c.setReadOnly(true); // a SQLite file is opened read-only by its URL (the driver refuses this)
    c.setAutoCommit(true);
    return c;
  }

  /** A new connection to the same database, in the same mode (for readers that must not wait on {@link #conn()}). */
  Connection connectAgain() throws SQLException {
    return connect(url, sqlite, readOnly, options);
  }

  /**
   * Drops the connection and opens a new one. Throws {@link StoreException} when the database is still unreachable.
   * Callers hold this object's lock.
   */
  void reconnect() {
    closeQuietly(conn); // already broken, most likely
    try {
      conn = connect(url, sqlite, readOnly, options);
    } catch (SQLException e) {
      throw new StoreException("cannot reconnect to " + location, e);
    }
  }

  /** The connection; callers hold this object's lock. */
  Connection conn() { return conn; }

  /** The JDBC URL with any password removed; safe to print. */
  String location() { return location; }

  boolean isSqlite() { return sqlite; }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):([^/@]+)@", "//$1:***@");
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown error";
    int i = s.indexOf('\n');
    return redact(i < 0 ? s : s.substring(0, i));
  }

  /** Runs SQLite's integrity check (returns "ok" when sound); "n/a" on PostgreSQL. */
  synchronized String integrityCheck() {
    if (!sqlite) return "n/a";
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new StoreException("integrity check failed", e);
    }
  }

  /** Closes the connection (and the statements prepared on it). */
  synchronized void close() {
    closeQuietly(conn);
  }

  // ---------------------------------------------------------------- plumbing (callers hold this object's lock)

  PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement ps = conn.prepareStatement(sql);
    bind(ps, args);
    return ps;
  }

  static void bind(PreparedStatement ps, Object[] v) throws SQLException {
    for (int i = 0; i < v.length; i++) {
      Object o = v[i];
      if (o == null) ps.setNull(i + 1, Types.NULL);
      else if (o instanceof Integer n) ps.setInt(i + 1, n);
      else if (o instanceof Long n) ps.setLong(i + 1, n);
      else ps.setString(i + 1, o.toString());
    }
  }

  void update(String sql, Object... args) {
    updated(sql, args);
  }

  int updated(String sql, Object... args) {
    try (PreparedStatement ps = prepare(sql, args)) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot update: " + sql, e);
    }
  }

  void rollbackQuietly() {
    try {
      conn.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  void autoCommit() {
    try {
      conn.setAutoCommit(true);
    } catch (SQLException ignored) {
      // connection broken; next call reports it
    }
  }

  /** Closes a connection or statement that is being dropped either way (null: nothing to close). */
  static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception ignored) {
      // dropped either way
    }
  }
}
