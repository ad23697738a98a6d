package dev.candor.store;

/**
 * A provider batch job submitted for a run: its id at the provider, status ({@code submitted} while it may still be
 * running, then {@code ended} or {@code failed}), how many items it holds and their custom ids (JSON array), when it
 * was submitted and finished, and the provider's last word on it.
 */
public record BatchRecord(String runId, String batchId, String provider, String status, int items, String customIdsJson,
                          String submittedAt, String finishedAt, String detail) {
  public static final String SUBMITTED = "submitted";

  public boolean open() { return SUBMITTED.equals(status); }
}
