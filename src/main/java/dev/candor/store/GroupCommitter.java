package dev.candor.store;

import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Group commits of trajectories (with their named scores) and response-cache rows: concurrent savers share one
 * transaction, led by one caller at a time or by the store's commit thread. Writes under the {@link Database}'s lock.
 */
final class GroupCommitter {
  private final Database db;

  GroupCommitter(Database db) {
    this.db = db;
  }

  /**
   * A row waiting for a group commit, and how its commit went: a trajectory ({@link TrajectoryTable#UPSERT}; its saver
   * waits for the commit) or a response-cache row ({@link CacheTable#INSERT}: key, model, output JSON, time; nobody
   * waits for it).
   */
  private static final class Pending {
    final Object[] row;
    /** A trajectory's other named scores ({@link ScoreTable#UPSERT} rows), written in the same transaction as it. */
    final List<Object[]> scoreRows;
    /** A saver waits for this row (a trajectory); nobody waits for cache rows. */
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
      named.forEach((scorer, sc) -> scores.add(ScoreTable.row(new ScoreRecord(runId, t.sampleId(), t.epoch(), scorer, sc, at))));
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

  /** See {@link TrajectoryTable#save(String, Trajectory, Map)}. */
  void saveTrajectory(String runId, Trajectory t, Map<String, Score> named) {
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

  /** See {@link CacheTable#put}. */
  void cacheOutput(String key, String model, String outputJson) {
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
          synchronized (db) {
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
        db.conn().setAutoCommit(false);
        for (Pending p : batch) write(p, statementFor(p));
        db.conn().commit();
        return;
      } catch (SQLException e) {
        closeStatements();
        db.rollbackQuietly();
      } finally {
        db.autoCommit();
      }
    }
    for (Pending p : batch) {
      boolean together = !p.scoreRows.isEmpty();
      try {
        if (together) db.conn().setAutoCommit(false);
        write(p, statementFor(p));
        if (together) db.conn().commit();
      } catch (SQLException e) {
        closeStatements();
        if (together) db.rollbackQuietly();
        p.error = new StoreException("cannot save " + p.describe(), e);
      } finally {
        if (together) db.autoCommit();
      }
    }
  }

  /**
   * The statements group commits write with, prepared once per connection and reused for every row. When each
   * commit prepared both, a one-row commit on SQLite took 200-250 us of CPU, against 110-140 us now (most commits in a
   * run at 64 x 200 ms are of one row); and PostgreSQL's driver only makes a statement server-side prepared once the
   * same statement object has run a few times. Dropped after an error and on reconnect, so a failed statement is
   * never reused. Guarded by the database's lock, as its connection is.
   */
  private PreparedStatement upsert, cacheInsert, scoreUpsert;

  private PreparedStatement statementFor(Pending p) throws SQLException {
    if (p.waited) return upsert != null ? upsert : (upsert = db.conn().prepareStatement(TrajectoryTable.UPSERT));
    return cacheInsert != null ? cacheInsert : (cacheInsert = db.conn().prepareStatement(CacheTable.INSERT));
  }

  private PreparedStatement scoreStatement() throws SQLException {
    return scoreUpsert != null ? scoreUpsert : (scoreUpsert = db.conn().prepareStatement(ScoreTable.UPSERT));
  }

  /** Drops the reused statements; callers hold the database's lock. */
  void closeStatements() {
    Database.closeQuietly(upsert);
    Database.closeQuietly(cacheInsert);
    Database.closeQuietly(scoreUpsert);
    upsert = cacheInsert = scoreUpsert = null;
  }

  /** Writes one queued row with {@code ps}, the statement {@link #statementFor} gives for it, then its named scores. */
  private void write(Pending p, PreparedStatement ps) throws SQLException {
    Database.bind(ps, p.row);
    ps.executeUpdate();
    if (p.scoreRows.isEmpty()) return;
    PreparedStatement sc = scoreStatement();
    for (Object[] r : p.scoreRows) {
      Database.bind(sc, r);
      sc.executeUpdate();
    }
  }

  /** Stops the commit thread once the cache rows still queued are committed (or have failed); waits up to 30 s. */
  void close() {
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
  }
}
