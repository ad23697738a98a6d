package dev.candor.store;

import dev.candor.Json;
import dev.candor.model.Output;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code response_cache} table: model outputs by cache key, looked up on a connection of its own. Outputs are
 * stored as JSON and mapped here, at the store's boundary.
 */
public final class CacheTable {
  /** Inserts a row (key, model, output JSON, time) unless its key is cached already (first writer wins). */
  static final String INSERT =
      "INSERT INTO response_cache (cache_key, model, output_json, created_at) VALUES (?,?,?,?) ON CONFLICT (cache_key) DO NOTHING";

  private final Database db;
  private final GroupCommitter committer;

  CacheTable(Database db, GroupCommitter committer) {
    this.db = db;
    this.committer = committer;
  }

  /**
   * The connection cache lookups use, its prepared lookup, and their lock: lookups sit on the call path and never
   * wait for a commit.
   */
  private Connection reader;
  private PreparedStatement lookup;
  private final Object readerLock = new Object();

  /**
   * The cached output for a key, or null. Read on a connection of its own (SQLite in WAL mode and PostgreSQL let it
   * read while the main connection commits), so a model call never waits for a group commit to look up.
   */
  public Output get(String key) {
    synchronized (readerLock) {
      try {
        if (reader == null) {
          reader = db.connectAgain();
          lookup = reader.prepareStatement("SELECT output_json FROM response_cache WHERE cache_key = ?");
        }
        lookup.setString(1, key);
        String json;
        try (ResultSet rs = lookup.executeQuery()) {
          json = rs.next() ? rs.getString(1) : null;
        }
        return json == null ? null : Json.read(json, Output.class);
      } catch (SQLException e) {
        closeReader();
        throw new StoreException("cannot read the response cache", e);
      }
    }
  }

  /** Closes the lookup connection (the next lookup opens a new one). */
  void closeReader() {
    synchronized (readerLock) {
      if (reader == null) return;
      Database.closeQuietly(reader); // closes its prepared lookup too
      reader = null;
      lookup = null;
    }
  }

  /**
   * Caches an output (first writer wins) without waiting: the row joins the next group commit, which starts at once
   * if none is under way (on the store's commit thread), or right after the one under way. So the caller's next
   * model call does not wait on the database; the row is durable within one commit, before the trajectory it belongs
   * to (rows commit in the order queued). A crash within that commit loses the row (a resume pays for that call
   * again), as does a database that is down: cache rows are not retried; trajectories are.
   */
  public void put(String key, String model, Output output) {
    committer.cacheOutput(key, model, Json.write(output));
  }

  /** One model's share of the response cache: entries and the bytes of their stored outputs. */
  public record Usage(String model, long entries, long bytes) {}

  /** The response cache's entries and bytes per model, by model. */
  public List<Usage> usage() {
    synchronized (db) {
      String bytes = db.isSqlite() ? "LENGTH(CAST(output_json AS BLOB))" : "OCTET_LENGTH(output_json)";
      List<Usage> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepare("SELECT model, COUNT(*), COALESCE(SUM(" + bytes + "), 0) FROM response_cache GROUP BY model ORDER BY model");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new Usage(rs.getString(1), rs.getLong(2), rs.getLong(3)));
      } catch (SQLException e) {
        throw new StoreException("cannot read the response cache", e);
      }
      return out;
    }
  }

  /** Deletes the response cache's entries of one model spec, or every entry when {@code model} is null; returns how many. */
  public int clear(String model) {
    synchronized (db) {
      return model == null ? db.updated("DELETE FROM response_cache") : db.updated("DELETE FROM response_cache WHERE model = ?", model);
    }
  }
}
