package dev.candor.store;

/**
 * One run: a suite against one model with its whole configuration (as JSON), the Candor version that made it, its
 * seed and epochs. {@code status} is running, interrupted, complete or failed. {@code parentRunId} links a derived
 * run (re-grade, intervention) to its source. {@code headlineScorer} names the scorer whose verdict is on each
 * trajectory (the rate a run reports by default; other named scores are in the scores table); null when unknown.
 */
public record RunRecord(String id, String name, String suite, String model, String status, String candorVersion,
                        long seed, int epochs, String configJson, String createdAt, String finishedAt, String parentRunId,
                        String headlineScorer) {
  /** The name the headline scorer goes by when a run does not record one (made before scores were named, or imported). */
  public static final String UNNAMED_HEADLINE = "grader";

  private static final java.time.format.DateTimeFormatter ID_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** A new run id: UTC time then 6 random hex digits, so ids sort by creation and never collide across shards. */
  public static String newId() {
    byte[] b = new byte[3];
    RANDOM.nextBytes(b);
    return ID_TIME.format(java.time.Instant.now()) + "-" + java.util.HexFormat.of().formatHex(b);
  }

  /** A run whose headline scorer is not named yet (the engine records it when it starts grading). */
  public RunRecord(String id, String name, String suite, String model, String status, String candorVersion, long seed, int epochs,
                   String configJson, String createdAt, String finishedAt, String parentRunId) {
    this(id, name, suite, model, status, candorVersion, seed, epochs, configJson, createdAt, finishedAt, parentRunId, null);
  }

  public RunRecord withStatus(String s, String finished) {
    return new RunRecord(id, name, suite, model, s, candorVersion, seed, epochs, configJson, createdAt, finished, parentRunId, headlineScorer);
  }

  /** The headline scorer's name, or {@link #UNNAMED_HEADLINE}. */
  public String headline() { return headlineScorer == null ? UNNAMED_HEADLINE : headlineScorer; }

  /** What the server reported of the model it served (the {@code served} object of the stored configuration), sorted; empty when none. */
  public java.util.Map<String, String> served() {
    try {
      var node = dev.candor.Json.MAPPER.readTree(configJson == null ? "" : configJson);
      java.util.Map<String, String> out = new java.util.TreeMap<>();
      if (node != null) node.path("served").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    } catch (java.io.IOException e) {
      return java.util.Map.of();
    }
  }

  /** The stored configuration as a JSON tree (an empty object when none was stored). */
  public com.fasterxml.jackson.databind.JsonNode configTree() {
    return StoredSample.tree(configJson == null || configJson.isBlank() ? null : configJson, "{}");
  }

  /** The stored configuration as a map (empty when none was stored). */
  public java.util.Map<String, Object> configMap() {
    return configJson == null || configJson.isBlank() ? java.util.Map.of() : dev.candor.Json.objectMap(configJson);
  }

  /** The stored configuration as a {@link dev.candor.core.RunConfig}; fails when it is not one (e.g. an old import). */
  public dev.candor.core.RunConfig config() {
    return dev.candor.Json.read(configJson == null ? "null" : configJson, dev.candor.core.RunConfig.class);
  }
}
