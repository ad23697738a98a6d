package dev.candor.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code runs} table: a run's record, its status and configuration, found by id, id prefix or name. */
public final class RunTable {
  private final Database db;

  RunTable(Database db) {
    this.db = db;
  }

  /** Records a run and its samples in one transaction. */
  public void create(RunRecord r, List<StoredSample> samples) {
    synchronized (db) {
      try {
        db.conn().setAutoCommit(false);
        try (PreparedStatement ps = db.conn().prepareStatement(
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
        SampleTable.insert(db, r.id(), samples);
        db.conn().commit();
      } catch (SQLException e) {
        db.rollbackQuietly();
        throw new StoreException("cannot create run " + r.id(), e);
      } finally {
        db.autoCommit();
      }
    }
  }

  /** Replaces a run's stored configuration (what the server reported of its model is added as the run goes). */
  public void updateConfig(String runId, String configJson) {
    synchronized (db) {
      db.update("UPDATE runs SET config_json = ? WHERE id = ?", configJson, runId);
    }
  }

  /** Records the name of the run's headline scorer (the one whose verdict each trajectory row holds). */
  public void setHeadline(String runId, String scorer) {
    synchronized (db) {
      db.update("UPDATE runs SET headline_scorer = ? WHERE id = ?", scorer, runId);
    }
  }

  public void setStatus(String runId, String status, String finishedAt) {
    synchronized (db) {
      db.update("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", status, finishedAt, runId);
    }
  }

  /**
   * Sets the status unless the run already has status {@code unless}: shards of one run end concurrently, and a shard
   * that counted before another's last saves must not overwrite the "complete" that the other then wrote.
   */
  public void setStatusUnless(String runId, String status, String finishedAt, String unless) {
    synchronized (db) {
      db.update("UPDATE runs SET status = ?, finished_at = ? WHERE id = ? AND status <> ?", status, finishedAt, runId, unless);
    }
  }

  public Optional<RunRecord> get(String id) {
    synchronized (db) {
      List<RunRecord> l = query("SELECT * FROM runs WHERE id = ?", id);
      return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }
  }

  /** Finds a run by id, or by a unique id prefix or name (compared as text: no character is a wildcard). */
  public RunRecord resolve(String idOrName) {
    synchronized (db) {
      Optional<RunRecord> exact = get(idOrName);
      if (exact.isPresent()) return exact.get();
      List<RunRecord> l = idOrName.isEmpty() ? List.of() : query("SELECT * FROM runs WHERE substr(id, 1, ?) = ? OR name = ? ORDER BY created_at",
          idOrName.length(), idOrName, idOrName);
      if (l.size() == 1) return l.getFirst();
      if (l.isEmpty()) throw new IllegalArgumentException("run '" + idOrName + "' not found in " + db.location() + " (see: candor runs)");
      throw new IllegalArgumentException("run '" + idOrName + "' is ambiguous in " + db.location() + ": matches " + l.stream().map(RunRecord::id).toList());
    }
  }

  /** Every run, oldest first. */
  public List<RunRecord> all() {
    synchronized (db) {
      return query("SELECT * FROM runs ORDER BY created_at, id");
    }
  }

  private List<RunRecord> query(String sql, Object... args) {
    List<RunRecord> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepare(sql, args); ResultSet rs = ps.executeQuery()) {
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
}
