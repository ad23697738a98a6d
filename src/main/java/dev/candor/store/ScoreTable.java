package dev.candor.store;

import dev.candor.Json;
import dev.candor.core.Score;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code scores} table: named scores (analyses, re-grades, a trajectory's non-headline scorers), keyed by
 * (run, sample, epoch, scorer).
 */
public final class ScoreTable {
  /** Inserts or replaces one score ({@link #row}). */
  static final String UPSERT = "INSERT INTO scores (run_id, sample_id, epoch, scorer, status, label, value, answer, explanation, "
      + "evidence_json, metadata_json, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (run_id, sample_id, epoch, scorer) DO UPDATE SET "
      + "status = excluded.status, label = excluded.label, value = excluded.value, answer = excluded.answer, explanation = excluded.explanation, "
      + "evidence_json = excluded.evidence_json, metadata_json = excluded.metadata_json, created_at = excluded.created_at";

  private final Database db;

  ScoreTable(Database db) {
    this.db = db;
  }

  /** Saves (or replaces) scores, keyed by (run, sample, epoch, scorer), in one transaction. */
  public void save(List<ScoreRecord> scores) {
    if (scores.isEmpty()) return;
    synchronized (db) {
      try {
        db.conn().setAutoCommit(false);
        try (PreparedStatement ps = db.conn().prepareStatement(UPSERT)) {
          for (ScoreRecord s : scores) {
            Database.bind(ps, row(s));
            ps.addBatch();
          }
          ps.executeBatch();
        }
        db.conn().commit();
      } catch (SQLException e) {
        db.rollbackQuietly();
        throw new StoreException("cannot save scores of run " + scores.getFirst().runId(), e);
      } finally {
        db.autoCommit();
      }
    }
  }

  /** The values {@link #UPSERT} binds for a score. */
  static Object[] row(ScoreRecord s) {
    Score c = s.score();
    return new Object[] {s.runId(), s.sampleId(), s.epoch(), s.scorer(), c.status().key(), c.label(), c.value(), c.answer(), c.explanation(),
        Json.write(c.evidence()), Json.write(c.metadata()), s.createdAt()};
  }

  /** A run's scores by one scorer, in (sample ordinal, epoch) order. */
  public List<ScoreRecord> of(String runId, String scorer) {
    synchronized (db) {
      List<ScoreRecord> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepare("SELECT c.* FROM scores c JOIN samples s ON s.run_id = c.run_id AND s.sample_id = c.sample_id "
          + "WHERE c.run_id = ? AND c.scorer = ? ORDER BY s.ordinal, c.epoch", runId, scorer); ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(new ScoreRecord(rs.getString("run_id"), rs.getString("sample_id"), rs.getInt("epoch"), rs.getString("scorer"),
              TrajectoryRows.score(rs, "metadata_json"), rs.getString("created_at")));
      } catch (SQLException e) {
        throw new StoreException("cannot read scores of run " + runId, e);
      }
      return out;
    }
  }

  /** The scorer names that have scores for a run, sorted. */
  public List<String> scorers(String runId) {
    synchronized (db) {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepare("SELECT DISTINCT scorer FROM scores WHERE run_id = ? ORDER BY scorer", runId); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      } catch (SQLException e) {
        throw new StoreException("cannot read scorers of run " + runId, e);
      }
      return out;
    }
  }
}
