package dev.candor.model.batch;

/** A batch API call failed; {@code retryable} when trying again later may help (network, 429, 5xx). Never holds a key. */
public final class BatchException extends Exception {
  private final boolean retryable;

  public BatchException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public boolean retryable() { return retryable; }
}
