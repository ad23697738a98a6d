package dev.candor.store;

/** A database failure, with a one-line message naming what was being done (credentials redacted). */
public class StoreException extends RuntimeException {
  public StoreException(String what, Throwable cause) {
    super(what + ": " + Database.redact(String.valueOf(cause.getMessage()).lines().findFirst().orElse("")), cause);
  }
}
