package dev.candor.model.batch;

import java.util.List;

/**
 * A provider's asynchronous batch API (OpenAI Batch, Anthropic Message Batches): submit many requests at once, poll
 * until the batch ends, then read one result per request, matched by the {@code custom_id} given at submission.
 * Implementations only move bytes; request bodies come from the provider's own request building
 * ({@link dev.candor.model.WireCodec}) and result bodies go back through its response parsing.
 */
public interface BatchApi {
  /** The provider name ({@code openai}, {@code anthropic}). */
  String provider();

  /** The most requests one batch may hold. */
  int maxItems();

  /** The largest submission, in bytes of request JSON, one batch may hold. */
  long maxBytes();

  /** Submits the items as one batch and returns its id. */
  String submit(List<BatchItem> items) throws BatchException;

  /** Where the batch stands now. */
  BatchStatus status(String batchId) throws BatchException;

  /** The per-request results of a batch that is no longer running (in no particular order; some may be missing). */
  List<BatchResult> results(BatchStatus ended) throws BatchException;
}
