package dev.candor.model.batch;

/** One request of a batch: the caller's id for it (letters, digits, '-' and '_', at most 64) and its JSON body. */
public record BatchItem(String customId, String requestBody) {
  public BatchItem {
    if (customId == null || !customId.matches("[A-Za-z0-9_-]{1,64}"))
      throw new IllegalArgumentException("batch custom_id must be 1-64 letters, digits, '-' or '_', got '" + customId + "'");
  }
}
