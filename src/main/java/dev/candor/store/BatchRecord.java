package dev.candor.store;

/**
 * A provider batch job of a run, recorded before it is sent: a client-generated {@code token}, its id at the provider
 * once accepted ({@code null} before), status ({@code submitting} from just before the submission until the provider's
 * id is stored; {@code submitted} while it may still be running, then {@code ended} or {@code failed}; {@code dropped}
 * for a submission the provider never accepted), how many items it holds and their custom ids (JSON array), when it
 * was submitted and finished, and the provider's last word on it.
 */
public record BatchRecord(String runId, String batchId, String provider, String status, int items, String customIdsJson,
                          String submittedAt, String finishedAt, String detail, String token) {
  public static final String SUBMITTING = "submitting";
  public static final String SUBMITTED = "submitted";
  public static final String DROPPED = "dropped";

  /** A record whose token is its batch id (batches recorded before submissions had tokens). */
  public BatchRecord(String runId, String batchId, String provider, String status, int items, String customIdsJson,
                     String submittedAt, String finishedAt, String detail) {
    this(runId, batchId, provider, status, items, customIdsJson, submittedAt, finishedAt, detail, batchId);
  }

  /** Accepted by the provider and maybe still running. */
  public boolean open() { return SUBMITTED.equals(status); }

  /** About to be sent, or sent without the provider's id stored: the batch may or may not exist at the provider. */
  public boolean unresolved() { return SUBMITTING.equals(status); }

  /** This record once the provider accepted it as {@code batchId}. */
  public BatchRecord accepted(String batchId, String detail) {
    return new BatchRecord(runId, batchId, provider, SUBMITTED, items, customIdsJson, submittedAt, finishedAt, detail, token);
  }

  /** The custom ids of the items the batch holds. */
  public java.util.List<String> customIds() {
    return customIdsJson == null ? java.util.List.of() : java.util.List.of(dev.candor.Json.read(customIdsJson, String[].class));
  }
}
