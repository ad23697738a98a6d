package dev.candor.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The {@code samples} table: the samples each run was made of (written with the run, by {@link RunTable#create}). */
public final class SampleTable {
  private final Database db;

  SampleTable(Database db) {
    this.db = db;
  }

  /** Adds a run's samples as one batch, in the caller's transaction; the caller holds the database's lock. */
  static void insert(Database db, String runId, List<StoredSample> samples) throws SQLException {
    try (PreparedStatement ps = db.conn().prepareStatement(
        "INSERT INTO samples (run_id, sample_id, ordinal, variant_id, axes_json, input_json, metadata_json) VALUES (?,?,?,?,?,?,?)")) {
      for (StoredSample s : samples) {
        ps.setString(1, runId);
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
  }

  /** A run's samples, by ordinal. */
  public List<StoredSample> of(String runId) {
    synchronized (db) {
      List<StoredSample> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepare("SELECT * FROM samples WHERE run_id = ? ORDER BY ordinal", runId); ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          out.add(new StoredSample(rs.getString("sample_id"), rs.getInt("ordinal"), rs.getString("variant_id"),
              rs.getString("axes_json"), rs.getString("input_json"), rs.getString("metadata_json")));
      } catch (SQLException e) {
        throw new StoreException("cannot read samples of run " + runId, e);
      }
      return out;
    }
  }

  /** One stored sample of a run. */
  public Optional<StoredSample> get(String runId, String sampleId) {
    synchronized (db) {
      try (PreparedStatement ps = db.prepare("SELECT * FROM samples WHERE run_id = ? AND sample_id = ?", runId, sampleId);
           ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new StoredSample(rs.getString("sample_id"), rs.getInt("ordinal"), rs.getString("variant_id"),
            rs.getString("axes_json"), rs.getString("input_json"), rs.getString("metadata_json")));
      } catch (SQLException e) {
        throw new StoreException("cannot read sample " + sampleId + " of run " + runId, e);
      }
    }
  }

  /** The axes of each variant of a run, taken from one of its samples; ordered by variant id. */
  public Map<String, Map<String, String>> variantAxes(String runId) {
    synchronized (db) {
      Map<String, Map<String, String>> out = new TreeMap<>();
      try (PreparedStatement ps = db.prepare("SELECT DISTINCT variant_id FROM samples WHERE run_id = ?", runId);
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1), null);
      } catch (SQLException e) {
        throw new StoreException("cannot read variants of run " + runId, e);
      }
      // one indexed lookup per variant rather than a pass over every sample
      try (PreparedStatement ps = db.conn().prepareStatement("SELECT axes_json FROM samples WHERE run_id = ? AND variant_id = ? LIMIT 1")) {
        for (var e : out.entrySet()) {
          ps.setString(1, runId);
          ps.setString(2, e.getKey());
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) e.setValue(rs.getString(1) == null ? Map.of() : dev.candor.Json.stringMap(rs.getString(1)));
          }
        }
      } catch (SQLException e) {
        throw new StoreException("cannot read variants of run " + runId, e);
      }
      return out;
    }
  }

  /** How many samples a run has. */
  public long count(String runId) {
    synchronized (db) {
      try (PreparedStatement ps = db.prepare("SELECT COUNT(*) FROM samples WHERE run_id = ?", runId); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new StoreException("cannot count samples of run " + runId, e);
      }
    }
  }
}
