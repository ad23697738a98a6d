package dev.candor.store;

import dev.candor.core.Score;
import dev.candor.core.Trajectory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code trajectories} table: one row per (run, sample, epoch), holding the headline score; saving the same key
 * again replaces it, so a resumed run never duplicates. Saves go through the {@link GroupCommitter}.
 */
public final class TrajectoryTable {
  /** Characters of output and reasoning a {@link TrajectorySummary} carries. */
  public static final int SUMMARY_HEAD_CHARS = 240;

  /** Inserts or replaces one row ({@link TrajectoryRows#COLUMNS}). */
  static final String UPSERT;

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

  private final Database db;
  private final GroupCommitter committer;

  TrajectoryTable(Database db, GroupCommitter committer) {
    this.db = db;
    this.committer = committer;
  }

  /**
   * Saves (or replaces) one trajectory and returns once it is committed. Concurrent callers share commits (group
   * commit): one caller at a time leads, writing every trajectory queued so far in one transaction, then hands the
   * lead to the next waiting caller, if any; the others wait parked (not spinning on a lock). A burst of finished
   * calls costs one commit instead of one each, and still no caller returns before its row is durable. If a shared
   * commit fails, its trajectories are retried one by one so only a bad row fails.
   */
  public void save(String runId, Trajectory t) {
    save(runId, t, Map.of());
  }

  /**
   * Saves (or replaces) a trajectory with its other named scores (by scorer; the trajectory holds the headline's) in one
   * transaction, as {@link #save(String, Trajectory)} does.
   */
  public void save(String runId, Trajectory t, Map<String, Score> named) {
    committer.saveTrajectory(runId, t, named);
  }

  /** The (sample, epoch) keys of a run that are finished: stored and not ended in error. */
  public Set<Trajectory.Key> completedKeys(String runId) {
    return keys(runId, "label <> 'error'", new HashSet<>());
  }

  /** The (sample, epoch) keys of a run whose trajectory ended in error. */
  public List<Trajectory.Key> errorKeys(String runId) {
    return keys(runId, "label = 'error'", new ArrayList<>());
  }

  /** The (sample, epoch) keys of a run's trajectories that match {@code condition} (SQL over the trajectories row). */
  private <C extends java.util.Collection<Trajectory.Key>> C keys(String runId, String condition, C keys) {
    synchronized (db) {
      try (PreparedStatement ps = db.prepare("SELECT sample_id, epoch FROM trajectories WHERE run_id = ? AND " + condition, runId);
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) keys.add(new Trajectory.Key(rs.getString(1), rs.getInt(2)));
      } catch (SQLException e) {
        throw new StoreException("cannot read keys of run " + runId, e);
      }
      return keys;
    }
  }

  /** Counts of trajectories by variant, label and value: what every rate is computed from. */
  public List<LabelCount> labelCounts(String runId) {
    return counts("trajectories of run " + runId,
        "SELECT variant_id, label, value, COUNT(*) FROM trajectories WHERE run_id = ? GROUP BY variant_id, label, value ORDER BY variant_id, label", runId);
  }

  /**
   * Counts of one named scorer's scores by variant, label and value (a scorer of the scores table, not the headline),
   * over every trajectory of the run: one without that scorer's score counts as {@code error} when it ended in error,
   * else {@code unscored} (never counted).
   */
  public List<LabelCount> labelCounts(String runId, String scorer) {
    return counts(scorer + " scores of run " + runId, "SELECT t.variant_id, COALESCE(c.label, CASE WHEN t.label = 'error' THEN 'error' ELSE 'unscored' END) AS l, "
        + "c.value, COUNT(*) FROM trajectories t LEFT JOIN scores c ON c.run_id = t.run_id AND c.sample_id = t.sample_id "
        + "AND c.epoch = t.epoch AND c.scorer = ? WHERE t.run_id = ? GROUP BY t.variant_id, l, c.value ORDER BY t.variant_id, l", scorer, runId);
  }

  /** Runs a (variant, label, value, count) query. */
  private List<LabelCount> counts(String what, String sql, Object... args) {
    synchronized (db) {
      List<LabelCount> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepare(sql, args); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int v = rs.getInt(3);
          Integer value = rs.wasNull() ? null : v;
          out.add(new LabelCount(rs.getString(1), rs.getString(2), value, rs.getLong(4)));
        }
      } catch (SQLException e) {
        throw new StoreException("cannot count " + what, e);
      }
      return out;
    }
  }

  /** How many trajectories a run has stored. */
  public long count(String runId) {
    synchronized (db) {
      try (PreparedStatement ps = db.prepare("SELECT COUNT(*) FROM trajectories WHERE run_id = ?", runId); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new StoreException("cannot count trajectories of run " + runId, e);
      }
    }
  }

  /** Streams a run's trajectories in (sample ordinal, epoch) order without loading them all. */
  public void forEach(String runId, Consumer<Trajectory> action) {
    synchronized (db) {
      query("SELECT t.* FROM trajectories t JOIN samples s ON s.run_id = t.run_id AND s.sample_id = t.sample_id "
          + "WHERE t.run_id = ? ORDER BY s.ordinal, t.epoch", action, runId);
    }
  }

  /** Up to {@code limit} trajectories of one variant with one label, earliest epochs first. */
  public List<Trajectory> examples(String runId, String variantId, String label, int limit) {
    synchronized (db) {
      List<Trajectory> out = new ArrayList<>();
      query("SELECT * FROM trajectories WHERE run_id = ? AND variant_id = ? AND label = ? ORDER BY epoch, sample_id LIMIT " + Math.max(0, limit),
          out::add, runId, variantId, label);
      return out;
    }
  }

  public Optional<Trajectory> get(String runId, String sampleId, int epoch) {
    synchronized (db) {
      List<Trajectory> out = new ArrayList<>();
      query("SELECT * FROM trajectories WHERE run_id = ? AND sample_id = ? AND epoch = ?", out::add, runId, sampleId, epoch);
      return out.stream().findFirst();
    }
  }

  /**
   * One page of a run's trajectories matching {@code filter}, in (sample id, epoch) order: rows
   * {@code offset .. offset+limit-1}. Reads only the summary columns, through the paging indexes.
   */
  public List<TrajectorySummary> page(String runId, TrajectoryFilter filter, long offset, int limit) {
    synchronized (db) {
      if (offset < 0 || limit < 0) throw new IllegalArgumentException("page: offset and limit must be >= 0, got " + offset + ", " + limit);
      List<Object> args = new ArrayList<>();
      String where = where(runId, filter, args);
      String sql = "SELECT sample_id, epoch, variant_id, label, value, answer, SUBSTR(output_text, 1, " + SUMMARY_HEAD_CHARS
          + ") AS output_head, SUBSTR(reasoning, 1, " + SUMMARY_HEAD_CHARS + ") AS reasoning_head, SUBSTR(error, 1, "
          + SUMMARY_HEAD_CHARS + ") AS error_head FROM trajectories WHERE " + where + " ORDER BY sample_id, epoch LIMIT "
          + limit + " OFFSET " + offset;
      List<TrajectorySummary> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepare(sql, args.toArray()); ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(new TrajectorySummary(rs.getString("sample_id"), rs.getInt("epoch"), rs.getString("variant_id"),
              rs.getString("label"), TrajectoryRows.intOrNull(rs, "value"), rs.getString("answer"), rs.getString("output_head"),
              rs.getString("reasoning_head"), rs.getString("error_head")));
      } catch (SQLException e) {
        throw new StoreException("cannot read a page of trajectories of run " + runId, e);
      }
      return out;
    }
  }

  /** How many trajectories of a run match {@code filter}. */
  public long count(String runId, TrajectoryFilter filter) {
    synchronized (db) {
      List<Object> args = new ArrayList<>();
      String where = where(runId, filter, args);
      try (PreparedStatement ps = db.prepare("SELECT COUNT(*) FROM trajectories WHERE " + where, args.toArray());
           ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new StoreException("cannot count trajectories of run " + runId, e);
      }
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
      String like = db.isSqlite() ? "LIKE" : "ILIKE";
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

  private void query(String sql, Consumer<Trajectory> action, Object... args) {
    try (PreparedStatement ps = db.prepare(sql, args)) {
      ps.setFetchSize(500);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) action.accept(TrajectoryRows.read(rs));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read trajectories", e);
    }
  }
}
