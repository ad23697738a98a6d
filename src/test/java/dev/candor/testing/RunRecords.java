package dev.candor.testing;

import dev.candor.store.RunRecord;

/**
 * Test data: a {@link RunRecord} by name instead of 12 positional arguments. Defaults: suite reward-hints, model
 * fake/model, status complete, Candor version "test", seed 1, 1 epoch, config {@code {}}, created 2026-01-01T00:00:00Z,
 * not finished, no parent run.
 */
public final class RunRecords {
  private final String id;
  private String name;
  private String suite = "reward-hints";
  private String model = "fake/model";
  private String status = "complete";
  private String candorVersion = "test";
  private long seed = 1;
  private int epochs = 1;
  private String configJson = "{}";
  private String createdAt = "2026-01-01T00:00:00Z";
  private String finishedAt;
  private String parentRunId;

  private RunRecords(String id) { this.id = id; }

  public static RunRecords of(String id) { return new RunRecords(id); }

  public RunRecords name(String v) { name = v; return this; }
  public RunRecords suite(String v) { suite = v; return this; }
  public RunRecords model(String v) { model = v; return this; }
  public RunRecords status(String v) { status = v; return this; }
  public RunRecords candorVersion(String v) { candorVersion = v; return this; }
  public RunRecords seed(long v) { seed = v; return this; }
  public RunRecords epochs(int v) { epochs = v; return this; }
  public RunRecords config(String json) { configJson = json; return this; }
  public RunRecords createdAt(String v) { createdAt = v; return this; }
  public RunRecords finishedAt(String v) { finishedAt = v; return this; }
  public RunRecords parent(String runId) { parentRunId = runId; return this; }

  public RunRecord build() {
    return new RunRecord(id, name, suite, model, status, candorVersion, seed, epochs, configJson, createdAt, finishedAt, parentRunId);
  }
}
