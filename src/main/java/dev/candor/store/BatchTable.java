package dev.candor.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code batches} table: provider batch submissions of a run, from intent to outcome. */
public final class BatchTable {
  private final Database db;

  BatchTable(Database db) {
    this.db = db;
  }

  /** Records a batch (an intent about to be sent, or a submitted batch), committed at once, before anything waits on it. */
  public void save(BatchRecord b) {
    synchronized (db) {
      if (b.token() == null) throw new IllegalArgumentException("batch record of run " + b.runId() + " has no token");
      db.update("INSERT INTO batches (run_id, token, batch_id, provider, status, items, custom_ids_json, submitted_at, finished_at, detail) VALUES (?,?,?,?,?,?,?,?,?,?)",
          b.runId(), b.token(), b.batchId(), b.provider(), b.status(), b.items(), b.customIdsJson(), b.submittedAt(), b.finishedAt(), b.detail());
    }
  }

  /**
   * Stores the provider's id of a submission recorded as {@code submitting} under {@code token}, which becomes
   * {@code submitted}. Throws if no such unresolved submission exists.
   */
  public void accept(String runId, String token, String batchId, String detail) {
    synchronized (db) {
      if (db.updated("UPDATE batches SET batch_id = ?, status = ?, detail = ? WHERE run_id = ? AND token = ? AND status = ?",
          batchId, BatchRecord.SUBMITTED, detail, runId, token, BatchRecord.SUBMITTING) != 1)
        throw new IllegalStateException("run " + runId + " has no batch submission " + token + " waiting for its id");
    }
  }

  /** Marks a submission recorded as {@code submitting} as never accepted by the provider ({@code dropped}). */
  public void drop(String runId, String token, String detail) {
    synchronized (db) {
      db.updated("UPDATE batches SET status = ?, finished_at = ?, detail = ? WHERE run_id = ? AND token = ? AND status = ?",
          BatchRecord.DROPPED, java.time.Instant.now().toString(), detail, runId, token, BatchRecord.SUBMITTING);
    }
  }

  /** Sets a batch's status, finish time and detail. */
  public void update(String runId, String batchId, String status, String finishedAt, String detail) {
    synchronized (db) {
      db.update("UPDATE batches SET status = ?, finished_at = ?, detail = ? WHERE run_id = ? AND batch_id = ?", status, finishedAt, detail, runId, batchId);
    }
  }

  /** Whether any run of this store has recorded the provider batch {@code batchId}. */
  public boolean recorded(String batchId) {
    synchronized (db) {
      try (PreparedStatement ps = db.prepare("SELECT 1 FROM batches WHERE batch_id = ?", batchId); ResultSet rs = ps.executeQuery()) {
        return rs.next();
      } catch (SQLException e) {
        throw new StoreException("cannot read batch " + batchId, e);
      }
    }
  }

  /** The batches of a run (unresolved and dropped submissions included), oldest first. */
  public List<BatchRecord> of(String runId) {
    synchronized (db) {
      List<BatchRecord> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepare("SELECT * FROM batches WHERE run_id = ? ORDER BY submitted_at, token", runId); ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(new BatchRecord(rs.getString("run_id"), rs.getString("batch_id"), rs.getString("provider"), rs.getString("status"),
              rs.getInt("items"), rs.getString("custom_ids_json"), rs.getString("submitted_at"), rs.getString("finished_at"), rs.getString("detail"),
              rs.getString("token")));
      } catch (SQLException e) {
        throw new StoreException("cannot read batches of run " + runId, e);
      }
      return out;
    }
  }
}
