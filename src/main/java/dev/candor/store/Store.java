package dev.candor.store;

import dev.candor.Json;
import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Candor's database: an embedded SQLite file by default, or PostgreSQL through a JDBC URL. The schema is created and
 * upgraded by Flyway migrations ({@code db/migration}). Every trajectory is committed as soon as it is saved, and
 * saving the same (run, sample, epoch) again replaces it, so a resumed run never duplicates.
 *
 * <p>Thread-safe: one connection, calls serialised (SQLite has one writer anyway).
 */
public final class Store implements AutoCloseable {
  public static final String DEFAULT_PATH = "candor.db";

  private Connection conn;
  private final String url;
  private final String location;
  private final boolean sqlite;
  private final boolean readOnly;

  private Store(Connection conn, String url, String location, boolean sqlite, boolean readOnly) {
    this.conn = conn;
    this.url = url;
    this.location = redact(location);
    this.sqlite = sqlite;
    this.readOnly = readOnly;
  }

  /** How a command uses the database. */
  public enum Access {
    /** Created (and its schema migrated) if it does not exist: commands that make runs (run, demo, import). */
    CREATE,
    /** Must exist; read and written (resume, intervene, analyze awareness). */
    WRITE,
    /**
     * Must exist; opened read-only (runs, show, compare, report, export, view, analyze terms): never created, and
     * migrated only if its schema is behind. A SQLite file in a directory that cannot be written (a read-only mount)
     * is opened as immutable.
     */
    READ
  }

  /** {@link #open(String, Access)} with {@link Access#CREATE}. */
  public static Store open(String pathOrUrl) { return open(pathOrUrl, Access.CREATE); }

  /**
   * Opens the store at a file path or a JDBC URL ({@code jdbc:sqlite:…}, {@code jdbc:postgresql://host/db?user=…}),
   * migrating its schema first if it is behind. For PostgreSQL, credentials may also come from the environment
   * variables {@code CANDOR_DB_USER} / {@code CANDOR_DB_PASSWORD}. A SQLite file is migrated under an exclusive lock on
   * its sidecar file {@code FILE.lock}, so processes opening a new file at once do not migrate it twice.
   */
  public static Store open(String pathOrUrl, Access access) {
    String target = pathOrUrl == null || pathOrUrl.isBlank() ? DEFAULT_PATH : pathOrUrl;
    Path file = null;
    String url;
    if (target.startsWith("jdbc:")) {
      url = target;
      if (!target.startsWith("jdbc:sqlite:") && !target.startsWith("jdbc:postgresql:"))
        throw new IllegalArgumentException("--db: expected a file path, jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB, got '" + redact(target) + "'");
      String rest = target.substring("jdbc:sqlite:".length());
      if (target.startsWith("jdbc:sqlite:") && !rest.startsWith("file:") && !rest.contains("?") && !rest.startsWith(":")) file = Path.of(rest);
    } else {
      file = Path.of(target);
      url = null;
    }
    if (file != null) {
      file = file.toAbsolutePath();
      if (Files.isDirectory(file)) throw new IllegalArgumentException("--db: '" + target + "' is a directory; expected a database file path");
      Path parent = file.getParent();
      if (parent != null && !Files.isDirectory(parent))
        throw new IllegalArgumentException("--db: directory '" + parent + "' does not exist");
      if (access != Access.CREATE && !Files.isRegularFile(file))
        throw new IllegalArgumentException("--db: database '" + target + "' does not exist (runs are stored by candor run)");
      url = "jdbc:sqlite:" + file;
    }
    boolean sqlite = url.startsWith("jdbc:sqlite:");
    if (sqlite) SqliteNative.useCache();
    String readUrl = access == Access.READ && file != null ? readOnlyUrl(file) : url;
    try {
      if (file != null && access != Access.READ) migrateLocked(url, file);
      else if (!current(readUrl, sqlite)) migrate(url, sqlite);
      return new Store(connect(readUrl, sqlite, access == Access.READ), readUrl, url, sqlite, access == Access.READ);
    } catch (SQLException | FlywayException e) {
      throw new IllegalArgumentException("--db: cannot open database " + redact(url) + ": " + firstLine(e.getMessage()));
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

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url, boolean sqlite) {
    return Flyway.configure()
        .dataSource(url, sqlite ? null : System.getenv("CANDOR_DB_USER"), sqlite ? null : System.getenv("CANDOR_DB_PASSWORD"))
        .locations("classpath:db/migration");
  }

  /** Whether every migration is applied (read without writing). */
  private static boolean current(String url, boolean sqlite) {
    return flyway(url, sqlite).load().info().pending().length == 0;
  }

  private static void migrate(String url, boolean sqlite) {
    flyway(url, sqlite).load().migrate();
  }

  /** Serialises migrating a SQLite file: within this JVM, and across processes by a lock on {@code FILE.lock}. */
  private static synchronized void migrateLocked(String url, Path file) throws SQLException {
    try {
      if (Files.isRegularFile(file) && current(readOnlyUrl(file), true)) return; // the usual case: nothing to do, no lock
    } catch (FlywayException e) {
      // being created by another process right now, most likely: wait for the lock, then look again
    }
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
      migrate(url, true);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot lock " + lockFile + " to create or upgrade the database: " + e.getMessage(), e);
    }
  }

  private static Connection connect(String url, boolean sqlite, boolean readOnly) throws SQLException {
    String user = System.getenv("CANDOR_DB_USER");
    String password = System.getenv("CANDOR_DB_PASSWORD");
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

  /**
   * Drops the connection and opens a new one: after a database restart, or a network blip to PostgreSQL.
   * Throws {@link StoreException} when the database is still unreachable.
   */
  public synchronized void reconnect() {
    closeCacheReader();
    closeStatements();
    closeQuietly(conn); // already broken, most likely
    try {
      conn = connect(url, sqlite, readOnly);
    } catch (SQLException e) {
      throw new StoreException("cannot reconnect to " + location, e);
    }
  }

  /** The JDBC URL with any password removed; safe to print. */
  public String location() { return location; }

  public boolean isSqlite() { return sqlite; }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):([^/@]+)@", "//$1:***@");
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown error";
    int i = s.indexOf('\n');
    return redact(i < 0 ? s : s.substring(0, i));
  }

  // ---------------------------------------------------------------- runs

  public synchronized void createRun(RunRecord r, List<StoredSample> samples) {
    try {
      conn.setAutoCommit(false);
      try (PreparedStatement ps = conn.prepareStatement(
          "INSERT INTO runs (id, name, suite, model, status, candor_version, seed, epochs, config_json, created_at, finished_at, parent_run_id, headline_scorer) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        ps.setString(1, r.id());
        ps.setString(2, r.name());
        ps.setString(3, r.suite());
        ps.setString(4, r.model());
        ps.setString(5, r.status());
        ps.setString(6, r.candorVersion());
        ps.setLong(7, r.seed());
        ps.setInt(8, r.epochs());
        ps.setString(9, r.configJson());
        ps.setString(10, r.createdAt());
        ps.setString(11, r.finishedAt());
        ps.setString(12, r.parentRunId());
        ps.setString(13, r.headlineScorer());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = conn.prepareStatement(
          "INSERT INTO samples (run_id, sample_id, ordinal, variant_id, axes_json, input_json, metadata_json) VALUES (?,?,?,?,?,?,?)")) {
        for (StoredSample s : samples) {
          ps.setString(1, r.id());
          ps.setString(2, s.sampleId());
          ps.setInt(3, s.ordinal());
          ps.setString(4, s.variantId());
          ps.setString(5, s.axesJson());
          ps.setString(6, s.inputJson());
          ps.setString(7, s.metadataJson());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      conn.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw new StoreException("cannot create run " + r.id(), e);
    } finally {
      autoCommit();
    }
  }

  /** Replaces a run's stored configuration (what the server reported of its model is added as the run goes). */
  public synchronized void updateConfig(String runId, String configJson) {
    update("UPDATE runs SET config_json = ? WHERE id = ?", configJson, runId);
  }

  /** Records the name of the run's headline scorer (the one whose verdict each trajectory row holds). */
  public synchronized void setHeadline(String runId, String scorer) {
    update("UPDATE runs SET headline_scorer = ? WHERE id = ?", scorer, runId);
  }

  public synchronized void setStatus(String runId, String status, String finishedAt) {
    update("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", status, finishedAt, runId);
  }

  public synchronized Optional<RunRecord> run(String id) {
    List<RunRecord> l = queryRuns("SELECT * FROM runs WHERE id = ?", id);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
  }

  /** Finds a run by id, or by a unique id prefix or name (compared as text: no character is a wildcard). */
  public synchronized RunRecord resolveRun(String idOrName) {
    Optional<RunRecord> exact = run(idOrName);
    if (exact.isPresent()) return exact.get();
    List<RunRecord> l = idOrName.isEmpty() ? List.of() : queryRuns("SELECT * FROM runs WHERE substr(id, 1, ?) = ? OR name = ? ORDER BY created_at",
        idOrName.length(), idOrName, idOrName);
    if (l.size() == 1) return l.getFirst();
    if (l.isEmpty()) throw new IllegalArgumentException("run '" + idOrName + "' not found in " + location + " (see: candor runs)");
    throw new IllegalArgumentException("run '" + idOrName + "' is ambiguous in " + location + ": matches " + l.stream().map(RunRecord::id).toList());
  }

  public synchronized List<RunRecord> runs() {
    return queryRuns("SELECT * FROM runs ORDER BY created_at, id");
  }

  private List<RunRecord> queryRuns(String sql, Object... args) {
    List<RunRecord> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
      while (rs.next())
        out.add(new RunRecord(rs.getString("id"), rs.getString("name"), rs.getString("suite"), rs.getString("model"),
            rs.getString("status"), rs.getString("candor_version"), rs.getLong("seed"), rs.getInt("epochs"),
            rs.getString("config_json"), rs.getString("created_at"), rs.getString("finished_at"), rs.getString("parent_run_id"),
            rs.getString("headline_scorer")));
    } catch (SQLException e) {
      throw new StoreException("cannot read runs", e);
    }
    return out;
  }

  public synchronized List<StoredSample> samples(String runId) {
    List<StoredSample> out = new ArrayList<>();
    try (PreparedStatement ps = prepare("SELECT * FROM samples WHERE run_id = ? ORDER BY ordinal", runId); ResultSet rs = ps.executeQuery()) {
      while (rs.next())
        out.add(new StoredSample(rs.getString("sample_id"), rs.getInt("ordinal"), rs.getString("variant_id"),
            rs.getString("axes_json"), rs.getString("input_json"), rs.getString("metadata_json")));
    } catch (SQLException e) {
      throw new StoreException("cannot read samples of run " + runId, e);
    }
    return out;
  }

  // ---------------------------------------------------------------- trajectories

  private static final String UPSERT;

  static {
    String cols = String.join(", ", TrajectoryRows.COLUMNS);
    String qs = String.join(",", java.util.Collections.nCopies(TrajectoryRows.COLUMNS.length, "?"));
    StringBuilder set = new StringBuilder();
    for (int i = 3; i < TrajectoryRows.COLUMNS.length; i++) {
      if (set.length() > 0) set.append(", ");
      set.append(TrajectoryRows.COLUMNS[i]).append(" = excluded.").append(TrajectoryRows.COLUMNS[i]);
    }
    UPSERT = "INSERT INTO trajectories (" + cols + ") VALUES (" + qs + ") ON CONFLICT (run_id, sample_id, epoch) DO UPDATE SET " + set;
  }

  /**
   * A row waiting for a group commit, and how its commit went: a trajectory ({@link #UPSERT}; its saver waits for the
   * commit) or a response-cache row ({@link #CACHE_INSERT}: key, model, output JSON, time; nobody waits for it).
   */
  private static final class Pending {
    final Object[] row;
    /** A trajectory's other named scores ({@link #SCORE_UPSERT} rows), written in the same transaction as it. */
    final List<Object[]> scoreRows;
    /** A saver waits for this row (a trajectory, {@link #UPSERT}); nobody waits for cache rows ({@link #CACHE_INSERT}). */
    final boolean waited;
    final java.util.concurrent.CountDownLatch settled = new java.util.concurrent.CountDownLatch(1);
    volatile boolean leads;
    volatile StoreException error;

    private Pending(Object[] row, List<Object[]> scoreRows, boolean waited) {
      this.row = row;
      this.scoreRows = scoreRows;
      this.waited = waited;
    }

    static Pending trajectory(String runId, Trajectory t, Map<String, Score> named) {
      List<Object[]> scores = named.isEmpty() ? List.of() : new ArrayList<>(named.size());
      String at = t.finishedAt() == null ? java.time.Instant.now().toString() : t.finishedAt();
      named.forEach((scorer, sc) -> scores.add(scoreRow(new ScoreRecord(runId, t.sampleId(), t.epoch(), scorer, sc, at))));
      return new Pending(TrajectoryRows.values(runId, t), scores, true);
    }

    static Pending cacheRow(String key, String model, String outputJson) {
      return new Pending(new Object[] {key, model, outputJson, java.time.Instant.now().toString()}, List.of(), false);
    }

    String describe() {
      return waited ? "trajectory " + row[0] + "/" + row[1] + "#" + row[2] : "response cache entry " + row[0];
    }
  }

  private final java.util.ArrayDeque<Pending> queued = new java.util.ArrayDeque<>();
  private boolean committing;

  /**
   * Saves (or replaces) one trajectory and returns once it is committed. Concurrent callers share commits (group
   * commit): one caller at a time leads, writing every trajectory queued so far in one transaction, then hands the
   * lead to the next waiting caller, if any; the others wait parked (not spinning on a lock). A burst of finished
   * calls costs one commit instead of one each, and still no caller returns before its row is durable. If a shared
   * commit fails, its trajectories are retried one by one so only a bad row fails.
   */
  public void saveTrajectory(String runId, Trajectory t) {
    saveTrajectory(runId, t, Map.of());
  }

  /**
   * Saves (or replaces) a trajectory with its other named scores (by scorer; the trajectory holds the headline's) in one
   * transaction, as {@link #saveTrajectory(String, Trajectory)} does.
   */
  public void saveTrajectory(String runId, Trajectory t, Map<String, Score> named) {
    Pending mine = Pending.trajectory(runId, t, named);
    synchronized (queued) {
      queued.add(mine);
      if (!committing) {
        committing = true;
        mine.leads = true;
      }
    }
    if (!mine.leads) awaitSettled(mine);
    if (mine.leads) {
      if (Thread.currentThread().isVirtual()) onCommitter(); else lead();
    }
    if (mine.error != null) throw mine.error;
  }

  /**
   * The commit runs on a platform thread when the leader is a virtual thread: the SQLite driver works in native code,
   * which would hold the virtual thread's carrier for the whole commit and leave the run's other calls (model calls
   * included) with one carrier fewer meanwhile.
   */
  private void onCommitter() {
    java.util.concurrent.Future<?> f;
    synchronized (queued) {
      f = committer().submit(this::lead);
    }
    boolean interrupted = false;
    while (true) {
      try {
        f.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the rows are being committed regardless; wait for the outcome
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new StoreException("commit failed", e.getCause());
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private java.util.concurrent.ExecutorService committer;

  /** The store's commit thread (a platform thread), made on first use; callers hold {@code queued}. */
  private java.util.concurrent.ExecutorService committer() {
    if (committer == null)
      committer = java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("candor-store-commit").factory());
    return committer;
  }

  /**
   * Commits what is queued (this caller's row included), then passes the lead on or ends it. Rows nobody waits for
   * (cache rows) cannot take the lead, so while one heads the queue this thread commits again.
   */
  private void lead() {
    boolean again = true;
    try {
      while (again) {
        List<Pending> batch;
        synchronized (queued) {
          batch = new ArrayList<>(queued);
          queued.clear();
        }
        try {
          synchronized (this) {
            commitAll(batch);
          }
        } catch (RuntimeException e) {
          for (Pending p : batch)
            if (p.error == null) p.error = new StoreException("cannot save " + p.describe(), e);
        } finally {
          for (Pending p : batch) p.settled.countDown();
          again = handOver();
        }
      }
    } finally {
      // reached with again set only when an Error ends this thread's lead while a cache row heads the queue: end the
      // lead, so the next row queued takes it up (the queued rows stay)
      if (again) synchronized (queued) { committing = false; }
    }
  }

  /** Passes the lead to the next waiting saver; true when the next queued row has no waiter (this thread goes on). */
  private boolean handOver() {
    synchronized (queued) {
      Pending next = queued.peekFirst();
      if (next == null) {
        committing = false;
        return false;
      }
      if (!next.waited) return true;
      next.leads = true;
      next.settled.countDown();
      return false;
    }
  }

  private static void awaitSettled(Pending p) {
    boolean interrupted = false;
    while (true) {
      try {
        p.settled.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the row is being committed regardless; wait for the outcome
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /**
   * Writes the batch in one transaction; on failure, each row alone (so one bad row fails only its caller). A row alone
   * is one statement (auto-committed) unless it has named scores, which commit with it.
   */
  private void commitAll(List<Pending> batch) {
    if (batch.size() > 1 || !batch.getFirst().scoreRows.isEmpty()) {
      try {
        conn.setAutoCommit(false);
        for (Pending p : batch) write(p, statementFor(p));
        conn.commit();
        return;
      } catch (SQLException e) {
        closeStatements();
        rollbackQuietly();
      } finally {
        autoCommit();
      }
    }
    for (Pending p : batch) {
      boolean together = !p.scoreRows.isEmpty();
      try {
        if (together) conn.setAutoCommit(false);
        write(p, statementFor(p));
        if (together) conn.commit();
      } catch (SQLException e) {
        closeStatements();
        if (together) rollbackQuietly();
        p.error = new StoreException("cannot save " + p.describe(), e);
      } finally {
        if (together) autoCommit();
      }
    }
  }

  /**
   * The two statements group commits write with, prepared once per connection and reused for every row. When each
   * commit prepared both, a one-row commit on SQLite took 200-250 us of CPU, against 110-140 us now (most commits in a
   * run at 64 x 200 ms are of one row); and PostgreSQL's driver only makes a statement server-side prepared once the
   * same statement object has run a few times. Dropped after an error and on reconnect, so a failed statement is
   * never reused. Guarded by the store's lock, as {@code conn} is.
   */
  private PreparedStatement upsert, cacheInsert, scoreUpsert;

  private PreparedStatement statementFor(Pending p) throws SQLException {
    if (p.waited) return upsert != null ? upsert : (upsert = conn.prepareStatement(UPSERT));
    return cacheInsert != null ? cacheInsert : (cacheInsert = conn.prepareStatement(CACHE_INSERT));
  }

  private PreparedStatement scoreStatement() throws SQLException {
    return scoreUpsert != null ? scoreUpsert : (scoreUpsert = conn.prepareStatement(SCORE_UPSERT));
  }

  private void closeStatements() {
    closeQuietly(upsert);
    closeQuietly(cacheInsert);
    closeQuietly(scoreUpsert);
    upsert = cacheInsert = scoreUpsert = null;
  }

  /** Closes a connection or statement that is being dropped either way (null: nothing to close). */
  private static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception ignored) {
      // dropped either way
    }
  }

  /** Writes one queued row with {@code ps}, the statement {@link #statementFor} gives for it, then its named scores. */
  private void write(Pending p, PreparedStatement ps) throws SQLException {
    bind(ps, p.row);
    ps.executeUpdate();
    if (p.scoreRows.isEmpty()) return;
    PreparedStatement sc = scoreStatement();
    for (Object[] r : p.scoreRows) {
      bind(sc, r);
      sc.executeUpdate();
    }
  }

  /** The (sample, epoch) keys of a run that are finished: stored and not ended in error. */
  public synchronized Set<Trajectory.Key> completedKeys(String runId) {
    Set<Trajectory.Key> keys = new HashSet<>();
    try (PreparedStatement ps = prepare("SELECT sample_id, epoch FROM trajectories WHERE run_id = ? AND label <> 'error'", runId);
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) keys.add(new Trajectory.Key(rs.getString(1), rs.getInt(2)));
    } catch (SQLException e) {
      throw new StoreException("cannot read keys of run " + runId, e);
    }
    return keys;
  }

  /** The (sample, epoch) keys of a run whose trajectory ended in error. */
  public synchronized List<Trajectory.Key> errorKeys(String runId) {
    List<Trajectory.Key> keys = new ArrayList<>();
    try (PreparedStatement ps = prepare("SELECT sample_id, epoch FROM trajectories WHERE run_id = ? AND label = 'error'", runId);
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) keys.add(new Trajectory.Key(rs.getString(1), rs.getInt(2)));
    } catch (SQLException e) {
      throw new StoreException("cannot read keys of run " + runId, e);
    }
    return keys;
  }

  /** Counts of trajectories by variant, label and value: what every rate is computed from. */
  public synchronized List<LabelCount> labelCounts(String runId) {
    List<LabelCount> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(
        "SELECT variant_id, label, value, COUNT(*) FROM trajectories WHERE run_id = ? GROUP BY variant_id, label, value ORDER BY variant_id, label", runId);
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int v = rs.getInt(3);
        Integer value = rs.wasNull() ? null : v;
        out.add(new LabelCount(rs.getString(1), rs.getString(2), value, rs.getLong(4)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count trajectories of run " + runId, e);
    }
    return out;
  }

  /**
   * Counts of one named scorer's scores by variant, label and value (a scorer of the scores table, not the headline),
   * over every trajectory of the run: one without that scorer's score counts as {@code error} when it ended in error,
   * else {@code unscored} (never counted).
   */
  public synchronized List<LabelCount> labelCounts(String runId, String scorer) {
    List<LabelCount> out = new ArrayList<>();
    try (PreparedStatement ps = prepare("SELECT t.variant_id, COALESCE(c.label, CASE WHEN t.label = 'error' THEN 'error' ELSE 'unscored' END) AS l, "
        + "c.value, COUNT(*) FROM trajectories t LEFT JOIN scores c ON c.run_id = t.run_id AND c.sample_id = t.sample_id "
        + "AND c.epoch = t.epoch AND c.scorer = ? WHERE t.run_id = ? GROUP BY t.variant_id, l, c.value ORDER BY t.variant_id, l", scorer, runId);
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int v = rs.getInt(3);
        Integer value = rs.wasNull() ? null : v;
        out.add(new LabelCount(rs.getString(1), rs.getString(2), value, rs.getLong(4)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count " + scorer + " scores of run " + runId, e);
    }
    return out;
  }

  public synchronized long sampleCount(String runId) {
    try (PreparedStatement ps = prepare("SELECT COUNT(*) FROM samples WHERE run_id = ?", runId); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count samples of run " + runId, e);
    }
  }

  public synchronized long trajectoryCount(String runId) {
    try (PreparedStatement ps = prepare("SELECT COUNT(*) FROM trajectories WHERE run_id = ?", runId); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count trajectories of run " + runId, e);
    }
  }

  /** Streams a run's trajectories in (sample ordinal, epoch) order without loading them all. */
  public synchronized void forEachTrajectory(String runId, Consumer<Trajectory> action) {
    query("SELECT t.* FROM trajectories t JOIN samples s ON s.run_id = t.run_id AND s.sample_id = t.sample_id "
        + "WHERE t.run_id = ? ORDER BY s.ordinal, t.epoch", action, runId);
  }

  /** Up to {@code limit} trajectories of one variant with one label, earliest epochs first. */
  public synchronized List<Trajectory> examples(String runId, String variantId, String label, int limit) {
    List<Trajectory> out = new ArrayList<>();
    query("SELECT * FROM trajectories WHERE run_id = ? AND variant_id = ? AND label = ? ORDER BY epoch, sample_id LIMIT " + Math.max(0, limit),
        out::add, runId, variantId, label);
    return out;
  }

  public synchronized Optional<Trajectory> trajectory(String runId, String sampleId, int epoch) {
    List<Trajectory> out = new ArrayList<>();
    query("SELECT * FROM trajectories WHERE run_id = ? AND sample_id = ? AND epoch = ?", out::add, runId, sampleId, epoch);
    return out.stream().findFirst();
  }

  /** Characters of output and reasoning a {@link TrajectorySummary} carries. */
  public static final int SUMMARY_HEAD_CHARS = 240;

  /**
   * One page of a run's trajectories matching {@code filter}, in (sample id, epoch) order: rows
   * {@code offset .. offset+limit-1}. Reads only the summary columns, through the paging indexes.
   */
  public synchronized List<TrajectorySummary> trajectoriesPage(String runId, TrajectoryFilter filter, long offset, int limit) {
    if (offset < 0 || limit < 0) throw new IllegalArgumentException("page: offset and limit must be >= 0, got " + offset + ", " + limit);
    List<Object> args = new ArrayList<>();
    String where = where(runId, filter, args);
    String sql = "SELECT sample_id, epoch, variant_id, label, value, answer, SUBSTR(output_text, 1, " + SUMMARY_HEAD_CHARS
        + ") AS output_head, SUBSTR(reasoning, 1, " + SUMMARY_HEAD_CHARS + ") AS reasoning_head, SUBSTR(error, 1, "
        + SUMMARY_HEAD_CHARS + ") AS error_head FROM trajectories WHERE " + where + " ORDER BY sample_id, epoch LIMIT "
        + limit + " OFFSET " + offset;
    List<TrajectorySummary> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, args.toArray()); ResultSet rs = ps.executeQuery()) {
      while (rs.next())
        out.add(new TrajectorySummary(rs.getString("sample_id"), rs.getInt("epoch"), rs.getString("variant_id"),
            rs.getString("label"), TrajectoryRows.intOrNull(rs, "value"), rs.getString("answer"), rs.getString("output_head"),
            rs.getString("reasoning_head"), rs.getString("error_head")));
    } catch (SQLException e) {
      throw new StoreException("cannot read a page of trajectories of run " + runId, e);
    }
    return out;
  }

  /** How many trajectories of a run match {@code filter}. */
  public synchronized long countTrajectories(String runId, TrajectoryFilter filter) {
    List<Object> args = new ArrayList<>();
    String where = where(runId, filter, args);
    try (PreparedStatement ps = prepare("SELECT COUNT(*) FROM trajectories WHERE " + where, args.toArray());
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count trajectories of run " + runId, e);
    }
  }

  private String where(String runId, TrajectoryFilter filter, List<Object> args) {
    TrajectoryFilter f = filter == null ? TrajectoryFilter.ALL : filter;
    StringBuilder w = new StringBuilder("run_id = ?");
    args.add(runId);
    if (f.variantId() != null) {
      w.append(" AND variant_id = ?");
      args.add(f.variantId());
    }
    if (f.label() != null) {
      w.append(" AND label = ?");
      args.add(f.label());
    }
    if (f.text() != null) {
      String pattern = "%" + f.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
      // case-insensitive: SQLite's LIKE already is (for ASCII letters); PostgreSQL's ILIKE is
      String like = sqlite ? "LIKE" : "ILIKE";
      w.append(" AND (output_text ").append(like).append(" ? ESCAPE '\\' OR reasoning ").append(like).append(" ? ESCAPE '\\')");
      args.add(pattern);
      args.add(pattern);
    }
    if (f.scoreLabel() != null) {
      w.append(" AND EXISTS (SELECT 1 FROM scores sc WHERE sc.run_id = trajectories.run_id AND sc.sample_id = trajectories.sample_id"
          + " AND sc.epoch = trajectories.epoch").append(f.scorer() == null ? "" : " AND sc.scorer = ?")
          .append(" AND (sc.label = ? OR sc.label LIKE ? OR sc.label LIKE ?))");
      if (f.scorer() != null) args.add(f.scorer());
      args.add(f.scoreLabel());
      args.add(f.scoreLabel() + "+%");
      args.add("%+" + f.scoreLabel());
    }
    return w.toString();
  }

  /** One stored sample of a run. */
  public synchronized Optional<StoredSample> sample(String runId, String sampleId) {
    try (PreparedStatement ps = prepare("SELECT * FROM samples WHERE run_id = ? AND sample_id = ?", runId, sampleId);
         ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) return Optional.empty();
      return Optional.of(new StoredSample(rs.getString("sample_id"), rs.getInt("ordinal"), rs.getString("variant_id"),
          rs.getString("axes_json"), rs.getString("input_json"), rs.getString("metadata_json")));
    } catch (SQLException e) {
      throw new StoreException("cannot read sample " + sampleId + " of run " + runId, e);
    }
  }

  /** The axes (as JSON) of each variant of a run, taken from one of its samples; ordered by variant id. */
  public synchronized java.util.Map<String, String> variantAxes(String runId) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try (PreparedStatement ps = prepare("SELECT DISTINCT variant_id FROM samples WHERE run_id = ?", runId);
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), null);
    } catch (SQLException e) {
      throw new StoreException("cannot read variants of run " + runId, e);
    }
    // one indexed lookup per variant rather than a pass over every sample
    try (PreparedStatement ps = conn.prepareStatement("SELECT axes_json FROM samples WHERE run_id = ? AND variant_id = ? LIMIT 1")) {
      for (var e : out.entrySet()) {
        ps.setString(1, runId);
        ps.setString(2, e.getKey());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) e.setValue(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read variants of run " + runId, e);
    }
    return out;
  }

  private void query(String sql, Consumer<Trajectory> action, Object... args) {
    try (PreparedStatement ps = prepare(sql, args)) {
      ps.setFetchSize(500);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) action.accept(TrajectoryRows.read(rs));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read trajectories", e);
    }
  }

  // ---------------------------------------------------------------- scores (analyses, re-grades)

  private static final String SCORE_UPSERT = "INSERT INTO scores (run_id, sample_id, epoch, scorer, status, label, value, answer, explanation, "
      + "evidence_json, metadata_json, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, sample_id, epoch, scorer) DO UPDATE SET "
      + "status = excluded.status, label = excluded.label, value = excluded.value, answer = excluded.answer, explanation = excluded.explanation, "
      + "evidence_json = excluded.evidence_json, metadata_json = excluded.metadata_json, created_at = excluded.created_at";

  /** Saves (or replaces) scores, keyed by (run, sample, epoch, scorer), in one transaction. */
  public synchronized void saveScores(List<ScoreRecord> scores) {
    if (scores.isEmpty()) return;
    try {
      conn.setAutoCommit(false);
      try (PreparedStatement ps = conn.prepareStatement(SCORE_UPSERT)) {
        for (ScoreRecord s : scores) {
          bind(ps, scoreRow(s));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      conn.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw new StoreException("cannot save scores of run " + scores.getFirst().runId(), e);
    } finally {
      autoCommit();
    }
  }

  private static Object[] scoreRow(ScoreRecord s) {
    Score c = s.score();
    return new Object[] {s.runId(), s.sampleId(), s.epoch(), s.scorer(), c.status().key(), c.label(), c.value(), c.answer(), c.explanation(),
        Json.write(c.evidence()), Json.write(c.metadata()), s.createdAt()};
  }

  /** A run's scores by one scorer, in (sample ordinal, epoch) order. */
  public synchronized List<ScoreRecord> scores(String runId, String scorer) {
    List<ScoreRecord> out = new ArrayList<>();
    try (PreparedStatement ps = prepare("SELECT c.* FROM scores c JOIN samples s ON s.run_id = c.run_id AND s.sample_id = c.sample_id "
        + "WHERE c.run_id = ? AND c.scorer = ? ORDER BY s.ordinal, c.epoch", runId, scorer); ResultSet rs = ps.executeQuery()) {
      while (rs.next())
        out.add(new ScoreRecord(rs.getString("run_id"), rs.getString("sample_id"), rs.getInt("epoch"), rs.getString("scorer"),
            TrajectoryRows.score(rs, "metadata_json"), rs.getString("created_at")));
    } catch (SQLException e) {
      throw new StoreException("cannot read scores of run " + runId, e);
    }
    return out;
  }

  /** The scorer names that have scores for a run, sorted. */
  public synchronized List<String> scorers(String runId) {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = prepare("SELECT DISTINCT scorer FROM scores WHERE run_id = ? ORDER BY scorer", runId); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.add(rs.getString(1));
    } catch (SQLException e) {
      throw new StoreException("cannot read scorers of run " + runId, e);
    }
    return out;
  }

  // ---------------------------------------------------------------- plumbing

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement ps = conn.prepareStatement(sql);
    bind(ps, args);
    return ps;
  }

  private static void bind(PreparedStatement ps, Object[] v) throws SQLException {
    for (int i = 0; i < v.length; i++) {
      Object o = v[i];
      if (o == null) ps.setNull(i + 1, Types.NULL);
      else if (o instanceof Integer n) ps.setInt(i + 1, n);
      else if (o instanceof Long n) ps.setLong(i + 1, n);
      else ps.setString(i + 1, o.toString());
    }
  }

  private void update(String sql, Object... args) {
    updated(sql, args);
  }

  private int updated(String sql, Object... args) {
    try (PreparedStatement ps = prepare(sql, args)) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot update: " + sql, e);
    }
  }

  private void rollbackQuietly() {
    try {
      conn.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  private void autoCommit() {
    try {
      conn.setAutoCommit(true);
    } catch (SQLException ignored) {
      // connection broken; next call reports it
    }
  }

  // ---------------------------------------------------------------- response cache

  private static final String CACHE_INSERT =
      "INSERT INTO response_cache (cache_key, model, output_json, created_at) VALUES (?,?,?,?) ON CONFLICT (cache_key) DO NOTHING";

  /**
   * The connection cache lookups use, its prepared lookup, and their lock: lookups sit on the call path and never
   * wait for a commit.
   */
  private Connection cacheReader;
  private PreparedStatement cacheLookup;
  private final Object cacheReaderLock = new Object();

  /**
   * The cached output JSON for a key, or null. Read on a connection of its own (SQLite in WAL mode and PostgreSQL
   * let it read while the main connection commits), so a model call never waits for a group commit to look up.
   */
  public String cachedOutput(String key) {
    synchronized (cacheReaderLock) {
      try {
        if (cacheReader == null) {
          cacheReader = connect(url, sqlite, readOnly);
          cacheLookup = cacheReader.prepareStatement("SELECT output_json FROM response_cache WHERE cache_key = ?");
        }
        cacheLookup.setString(1, key);
        try (ResultSet rs = cacheLookup.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      } catch (SQLException e) {
        closeCacheReader();
        throw new StoreException("cannot read the response cache", e);
      }
    }
  }

  private void closeCacheReader() {
    synchronized (cacheReaderLock) {
      if (cacheReader == null) return;
      closeQuietly(cacheReader); // closes its prepared lookup too
      cacheReader = null;
      cacheLookup = null;
    }
  }

  /**
   * Caches an output (first writer wins) without waiting: the row joins the next group commit, which starts at once
   * if none is under way (on the store's commit thread), or right after the one under way. So the caller's next
   * model call does not wait on the database; the row is durable within one commit, before the trajectory it belongs
   * to (rows commit in the order queued). A crash within that commit loses the row (a resume pays for that call
   * again), as does a database that is down: cache rows are not retried; trajectories are.
   */
  public void cacheOutput(String key, String model, String outputJson) {
    Pending p = Pending.cacheRow(key, model, outputJson);
    synchronized (queued) {
      queued.add(p);
      if (committing) return;
      committing = true;
      try {
        committer().submit(this::lead);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        queued.remove(p);
        committing = false;
      }
    }
  }

  /** One model's share of the response cache: entries and the bytes of their stored outputs. */
  public record CacheUsage(String model, long entries, long bytes) {}

  /** The response cache's entries and bytes per model, by model. */
  public synchronized List<CacheUsage> cacheUsage() {
    String bytes = sqlite ? "LENGTH(CAST(output_json AS BLOB))" : "OCTET_LENGTH(output_json)";
    List<CacheUsage> out = new ArrayList<>();
    try (PreparedStatement ps = prepare("SELECT model, COUNT(*), COALESCE(SUM(" + bytes + "), 0) FROM response_cache GROUP BY model ORDER BY model");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.add(new CacheUsage(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    } catch (SQLException e) {
      throw new StoreException("cannot read the response cache", e);
    }
    return out;
  }

  /** Deletes the response cache's entries of one model spec, or every entry when {@code model} is null; returns how many. */
  public synchronized int clearCache(String model) {
    return model == null ? updated("DELETE FROM response_cache") : updated("DELETE FROM response_cache WHERE model = ?", model);
  }

  // ---------------------------------------------------------------- provider batches

  /** Records a batch (an intent about to be sent, or a submitted batch), committed at once, before anything waits on it. */
  public synchronized void saveBatch(BatchRecord b) {
    if (b.token() == null) throw new IllegalArgumentException("batch record of run " + b.runId() + " has no token");
    update("INSERT INTO batches (run_id, token, batch_id, provider, status, items, custom_ids_json, submitted_at, finished_at, detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
        b.runId(), b.token(), b.batchId(), b.provider(), b.status(), b.items(), b.customIdsJson(), b.submittedAt(), b.finishedAt(), b.detail());
  }

  /**
   * Stores the provider's id of a submission recorded as {@code submitting} under {@code token}, which becomes
   * {@code submitted}. Throws if no such unresolved submission exists.
   */
  public synchronized void acceptBatch(String runId, String token, String batchId, String detail) {
    if (updated("UPDATE batches SET batch_id = ?, status = ?, detail = ? WHERE run_id = ? AND token = ? AND status = ?",
        batchId, BatchRecord.SUBMITTED, detail, runId, token, BatchRecord.SUBMITTING) != 1)
      throw new IllegalStateException("run " + runId + " has no batch submission " + token + " waiting for its id");
  }

  /** Marks a submission recorded as {@code submitting} as never accepted by the provider ({@code dropped}). */
  public synchronized void dropBatch(String runId, String token, String detail) {
    updated("UPDATE batches SET status = ?, finished_at = ?, detail = ? WHERE run_id = ? AND token = ? AND status = ?",
        BatchRecord.DROPPED, java.time.Instant.now().toString(), detail, runId, token, BatchRecord.SUBMITTING);
  }

  /** Sets a batch's status, finish time and detail. */
  public synchronized void updateBatch(String runId, String batchId, String status, String finishedAt, String detail) {
    update("UPDATE batches SET status = ?, finished_at = ?, detail = ? WHERE run_id = ? AND batch_id = ?", status, finishedAt, detail, runId, batchId);
  }

  /** Whether any run of this store has recorded the provider batch {@code batchId}. */
  public synchronized boolean batchRecorded(String batchId) {
    try (PreparedStatement ps = prepare("SELECT 1 FROM batches WHERE batch_id = ?", batchId); ResultSet rs = ps.executeQuery()) {
      return rs.next();
    } catch (SQLException e) {
      throw new StoreException("cannot read batch " + batchId, e);
    }
  }

  /** The batches of a run (unresolved and dropped submissions included), oldest first. */
  public synchronized List<BatchRecord> batches(String runId) {
    List<BatchRecord> out = new ArrayList<>();
    try (PreparedStatement ps = prepare("SELECT * FROM batches WHERE run_id = ? ORDER BY submitted_at, token", runId); ResultSet rs = ps.executeQuery()) {
      while (rs.next())
        out.add(new BatchRecord(rs.getString("run_id"), rs.getString("batch_id"), rs.getString("provider"), rs.getString("status"),
            rs.getInt("items"), rs.getString("custom_ids_json"), rs.getString("submitted_at"), rs.getString("finished_at"), rs.getString("detail"),
            rs.getString("token")));
    } catch (SQLException e) {
      throw new StoreException("cannot read batches of run " + runId, e);
    }
    return out;
  }

  /** Runs SQLite's integrity check (returns "ok" when sound); "n/a" on PostgreSQL. */
  public synchronized String integrityCheck() {
    if (!sqlite) return "n/a";
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new StoreException("integrity check failed", e);
    }
  }

  /** Closes the store, once the cache rows still queued are committed (or have failed). */
  @Override
  public void close() {
    java.util.concurrent.ExecutorService c;
    synchronized (queued) {
      c = committer;
      if (c != null) c.shutdown();
    }
    if (c != null) {
      try {
        c.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeCacheReader();
    synchronized (this) {
      closeQuietly(conn); // closes the reused statements too
    }
  }
}
