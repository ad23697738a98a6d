package dev.candor.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * What a report says about one run: its id and human name, the model spec ({@code provider/name}), the suite, the
 * Candor version that produced it, when it was created, its stored configuration (as read by the store), its seed and its status
 * (e.g. running, complete, failed). Any field but {@code id} may be null when unknown.
 */
public record RunInfo(String id, String name, String model, String suite, String candorVersion, Instant createdAt,
                      JsonNode config, Long seed, String status) {
  public RunInfo {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("run info: id must be non-empty");
  }

  /** Whether the run had the anti-scheming spec in its system prompt (a run-level condition; false when not recorded). */
  public boolean withSpec() {
    return config != null && config.path("withSpec").asBoolean(false);
  }

  /** The name to show: {@code name} if set, else {@code id}. */
  public String label() {
    return name == null || name.isBlank() ? id : name;
  }
}
