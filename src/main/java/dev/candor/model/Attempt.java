package dev.candor.model;

/**
 * One try at a model call: when it started (epoch millis), how long it took, the HTTP status (-1 if none),
 * the error message (null if it succeeded) and the Retry-After the server asked for (-1 if none).
 */
public record Attempt(int number, long startedAtMillis, long latencyMillis, int httpStatus, String error, long retryAfterMillis) {
  public boolean succeeded() { return error == null; }
}
