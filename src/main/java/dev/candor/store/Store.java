package dev.candor.store;

import dev.candor.CacheDir;
import java.nio.file.Path;

/**
 * Candor's database: an embedded SQLite file by default, or PostgreSQL through a JDBC URL. The schema is created and
 * upgraded by Flyway migrations ({@code db/migration}). Every trajectory is committed as soon as it is saved, and
 * saving the same (run, sample, epoch) again replaces it, so a resumed run never duplicates.
 *
 * <p>What callers open: it hands out one repository per table ({@link #runs()}, {@link #samples()},
 * {@link #trajectories()}, {@link #scores()}, {@link #cache()}, {@link #batches()}), which share the
 * {@link Database}'s connection and its {@link GroupCommitter}.
 *
 * <p>Thread-safe: one connection, calls serialised (SQLite has one writer anyway).
 */
public final class Store implements AutoCloseable {
  public static final String DEFAULT_PATH = "candor.db";

  private final Database db;
  private final GroupCommitter committer;
  private final RunTable runs;
  private final SampleTable samples;
  private final TrajectoryTable trajectories;
  private final ScoreTable scores;
  private final CacheTable cache;
  private final BatchTable batches;

  private Store(Database db) {
    this.db = db;
    this.committer = new GroupCommitter(db);
    this.runs = new RunTable(db);
    this.samples = new SampleTable(db);
    this.trajectories = new TrajectoryTable(db, committer);
    this.scores = new ScoreTable(db);
    this.cache = new CacheTable(db, committer);
    this.batches = new BatchTable(db);
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
   * How to open a database beyond its location: the PostgreSQL user and password (null: only what the URL says) and
   * the per-user cache ({@link CacheDir}) the SQLite driver's native library is extracted to. Never prints the password.
   */
  public record Options(String user, String password, Path cache) {
    /** No credentials beyond the URL's; the default cache. */
    public static final Options DEFAULT = new Options(null, null, CacheDir.root(null));

    @Override
    public String toString() { return "Options[user=" + user + ", password=" + (password == null ? null : "***") + ", cache=" + cache + "]"; }
  }

  /** {@link #open(String, Access, Options)} with {@link Options#DEFAULT}. */
  public static Store open(String pathOrUrl, Access access) {
    return open(pathOrUrl, access, Options.DEFAULT);
  }

  /**
   * Opens the store at a file path or a JDBC URL ({@code jdbc:sqlite:…}, {@code jdbc:postgresql://host/db?user=…}),
   * migrating its schema first if it is behind. For PostgreSQL, credentials may also come from {@code options}. A
   * SQLite file is migrated under an exclusive lock on its sidecar file {@code FILE.lock}, so processes opening a new
   * file at once do not migrate it twice.
   */
  public static Store open(String pathOrUrl, Access access, Options options) {
    return new Store(Database.open(pathOrUrl, access, options));
  }

  /** The {@code runs} table. */
  public RunTable runs() { return runs; }

  /** The {@code samples} table. */
  public SampleTable samples() { return samples; }

  /** The {@code trajectories} table (saves are group-committed). */
  public TrajectoryTable trajectories() { return trajectories; }

  /** The {@code scores} table (named scores). */
  public ScoreTable scores() { return scores; }

  /** The {@code response_cache} table. */
  public CacheTable cache() { return cache; }

  /** The {@code batches} table (provider batch submissions). */
  public BatchTable batches() { return batches; }

  /**
   * Drops the connection and opens a new one: after a database restart, or a network blip to PostgreSQL.
   * Throws {@link StoreException} when the database is still unreachable.
   */
  public void reconnect() {
    synchronized (db) {
      cache.closeReader();
      committer.closeStatements();
      db.reconnect();
    }
  }

  /** The JDBC URL with any password removed; safe to print. */
  public String location() { return db.location(); }

  public boolean isSqlite() { return db.isSqlite(); }

  /** Runs SQLite's integrity check (returns "ok" when sound); "n/a" on PostgreSQL. */
  public String integrityCheck() { return db.integrityCheck(); }

  /** Closes the store, once the cache rows still queued are committed (or have failed). */
  @Override
  public void close() {
    committer.close();
    cache.closeReader();
    db.close();
  }
}
