package dev.candor.model.batch;

import java.time.Instant;
import java.util.List;

/**
 * A provider's asynchronous batch API (OpenAI Batch, Anthropic Message Batches): submit many requests at once, poll
 * until the batch ends, then read one result per request, matched by the {@code custom_id} given at submission.
 * Implementations only move bytes; request bodies come from the provider's own request building
 * ({@link dev.candor.model.WireCodec}) and result bodies go back through its response parsing.
 *
 * <p>Each submission carries a caller-generated token, recorded before the batch is sent, so that a submission
 * interrupted after the provider accepted it but before its id was stored can be found again ({@link #lookup}).
 */
public interface BatchApi {
  /** The provider name ({@code openai}, {@code anthropic}). */
  String provider();

  /** The most requests one batch may hold. */
  int maxItems();

  /** The largest submission, in bytes of request JSON, one batch may hold. */
  long maxBytes();

  /** Submits the items as one batch, tagged with {@code token} where the API keeps such a tag, and returns its id. */
  String submit(List<BatchItem> items, String token) throws BatchException;

  /**
   * The ids of the batches at the provider that may be the one submitted with {@code token} for {@code items} requests
   * at about {@code sentAt} (a submission whose id was never stored), newest first. Exact where the API keeps the token
   * (OpenAI: batch metadata); otherwise (Anthropic) every batch not being cancelled that was created within the
   * submission's time window with that many requests. Empty if the provider never accepted the submission.
   */
  List<String> lookup(String token, int items, Instant sentAt) throws BatchException;

  /** Where the batch stands now. */
  BatchStatus status(String batchId) throws BatchException;

  /** The per-request results of a batch that is no longer running (in no particular order; some may be missing). */
  List<BatchResult> results(BatchStatus ended) throws BatchException;
}
