package dev.candor.model;

/**
 * Something that answers a conversation. Providers implement it; they know nothing of runs or storage and make
 * exactly one attempt per call (retries belong to the engine, which records every attempt).
 * Implementations must be safe to call from many threads at once.
 */
public interface Model {
  /** The model spec this instance serves, {@code provider/name}. */
  String spec();

  Output generate(ModelRequest request) throws ModelException;

  /** Whether {@link ModelRequest#reasoningPrefix()} is honoured. */
  default boolean supportsReasoningPrefill() { return false; }

  /**
   * What a run should record about this model for provenance beyond its spec (e.g. a local model's training seed and
   * weights hash, a server's base URL). Never secrets.
   */
  default java.util.Map<String, String> describe() { return java.util.Map.of(); }

  /**
   * Where this model's answers come from, for the response cache's key: an HTTP provider's base URL (a fleet's URLs,
   * comma-separated); null for a model computed in this process, which {@link #describe()} identifies. May carry
   * credentials (a URL's user info or a key in its query string): the cache strips them before use.
   */
  default String endpoint() { return null; }

  /**
   * Whether the engine's response cache should hold this model's answers: true for remote models, false for local
   * ones that answer faster than a cache lookup (the organism, replay), whose caching would only grow the database.
   */
  default boolean cacheable() { return true; }

  /** Whether tool calls are supported. */
  default boolean supportsTools() { return false; }
}
