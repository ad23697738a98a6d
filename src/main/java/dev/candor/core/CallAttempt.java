package dev.candor.core;

/**
 * One try at a model call within a trajectory: its number ({@code 0}: answered from the response cache, then
 * {@code source} is {@code cache}), when it started (ISO-8601), how long it took, the HTTP status (-1 if none), the
 * error (credentials scrubbed) and the Retry-After the server asked for; a result of a provider batch has
 * {@code source} {@code batch} and the provider's {@code batchId}. A null field was not recorded.
 */
public record CallAttempt(Integer number, String source, String startedAt, Long latencyMs, Integer httpStatus, String error,
                          Long retryAfterMs, String batchId) {
  /** Its recorded fields by their stored names ({@code n}, {@code started_at}, {@code latency_ms}, ...), nulls left out. */
  public java.util.Map<String, Object> fields() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    put(m, "n", number);
    put(m, "source", source);
    put(m, "started_at", startedAt);
    put(m, "latency_ms", latencyMs);
    put(m, "http_status", httpStatus);
    put(m, "error", error);
    put(m, "retry_after_ms", retryAfterMs);
    put(m, "batch_id", batchId);
    return m;
  }

  /** The inverse of {@link #fields}: an attempt from its recorded fields (unknown ones ignored). */
  public static CallAttempt of(java.util.Map<String, Object> m) {
    return new CallAttempt(m.get("n") instanceof Number n ? n.intValue() : null, str(m.get("source")), str(m.get("started_at")),
        m.get("latency_ms") instanceof Number n ? n.longValue() : null, m.get("http_status") instanceof Number n ? n.intValue() : null,
        str(m.get("error")), m.get("retry_after_ms") instanceof Number n ? n.longValue() : null, str(m.get("batch_id")));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static void put(java.util.Map<String, Object> m, String k, Object v) {
    if (v != null) m.put(k, v);
  }

  /** This attempt as the result of provider batch {@code id}. */
  public CallAttempt inBatch(String id) {
    return new CallAttempt(number, "batch", startedAt, latencyMs, httpStatus, error, retryAfterMs, id);
  }
}
