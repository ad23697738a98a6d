package dev.candor.testing;

import dev.candor.model.batch.BatchApi;
import dev.candor.model.batch.BatchException;
import dev.candor.model.batch.BatchItem;
import dev.candor.model.batch.BatchResult;
import dev.candor.model.batch.BatchStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real batch API, except that the process "dies" around the submission: just after the provider accepted the batch
 * (its id is kept in {@link #accepted}) or, with {@code afterAccept} false, just before anything was sent. The death
 * is a {@link Killed} thrown from inside the API, which nothing in the runner catches.
 */
public final class DyingBatchApi implements BatchApi {
  /** The process dies. */
  public static final class Killed extends RuntimeException {
    Killed() { super("killed", null, false, false); }
  }

  private final BatchApi real;
  private final boolean afterAccept;
  public final AtomicReference<String> accepted = new AtomicReference<>();

  public DyingBatchApi(BatchApi real, boolean afterAccept) {
    this.real = real;
    this.afterAccept = afterAccept;
  }

  @Override public String provider() { return real.provider(); }
  @Override public int maxItems() { return real.maxItems(); }
  @Override public long maxBytes() { return real.maxBytes(); }

  @Override
  public String submit(List<BatchItem> items, String token) throws BatchException {
    if (afterAccept) accepted.set(real.submit(items, token));
    throw new Killed();
  }

  @Override public List<String> lookup(String token, int items, Instant sentAt) throws BatchException { return real.lookup(token, items, sentAt); }
  @Override public BatchStatus status(String id) throws BatchException { return real.status(id); }
  @Override public List<BatchResult> results(BatchStatus b) throws BatchException { return real.results(b); }
}
