package dev.candor.model;

/** Token usage as the provider reported it; -1 where it did not say. */
public record Usage(long inputTokens, long outputTokens, long reasoningTokens, long totalTokens) {
  public static final Usage UNKNOWN = new Usage(-1, -1, -1, -1);
}
