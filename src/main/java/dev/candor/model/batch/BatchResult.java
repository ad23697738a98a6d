package dev.candor.model.batch;

/**
 * The outcome of one batch request: on success the response body exactly as the live endpoint would have answered
 * it ({@code body}, {@code error} null); otherwise the error ({@code body} null) with the HTTP status if the provider
 * gave one (-1 if none).
 */
public record BatchResult(String customId, String body, String error, int httpStatus) {
  public boolean succeeded() { return error == null && body != null; }

  public static BatchResult success(String customId, String body) { return new BatchResult(customId, body, null, 200); }

  public static BatchResult failure(String customId, String error, int httpStatus) { return new BatchResult(customId, null, error, httpStatus); }
}
