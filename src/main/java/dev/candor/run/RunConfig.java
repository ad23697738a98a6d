package dev.candor.run;

import dev.candor.model.GenerateConfig;

/**
 * Everything that defines a run, stored with it as JSON so it can be resumed or reproduced months later:
 * suite, model spec, base URL (never a key), epochs, sample limit, concurrency, retry budget, generation options,
 * the run seed, the variant file (path and full text) when one was used, whether the response cache is off, and
 * the requests/tokens-per-minute budgets, the judge models (action-only; with reasoning) of agentic suites, and what
 * the model reported of itself for provenance ({@link dev.candor.model.Model#describe()}).
 */
public record RunConfig(String suite, String model, String baseUrl, int epochs, Integer limit, int maxConnections,
                        int maxAttempts, double timeoutSeconds, GenerateConfig generate, long seed,
                        String variantsFile, String variantsText, String name, boolean withSpec,
                        boolean noCache, Integer rpm, Integer tpm, String judge, String judgeWithReasoning,
                        java.util.Map<String, String> modelInfo) {
  public RunConfig {
    if (epochs < 1) throw new IllegalArgumentException("--epochs: expected a whole number >= 1, got " + epochs);
    if (limit != null && limit < 1) throw new IllegalArgumentException("--limit: expected a whole number >= 1, got " + limit);
    if (maxConnections < 1) throw new IllegalArgumentException("--max-connections: expected a whole number >= 1, got " + maxConnections);
    if (maxAttempts < 1) throw new IllegalArgumentException("--max-attempts: expected a whole number >= 1, got " + maxAttempts);
    if (!(timeoutSeconds > 0)) throw new IllegalArgumentException("--timeout: expected seconds > 0, got " + timeoutSeconds);
    if (rpm != null && rpm < 1) throw new IllegalArgumentException("--rpm: expected a whole number >= 1, got " + rpm);
    if (tpm != null && tpm < 1) throw new IllegalArgumentException("--tpm: expected a whole number >= 1, got " + tpm);
    modelInfo = modelInfo == null ? java.util.Map.of() : java.util.Map.copyOf(modelInfo);
    generate = generate == null ? GenerateConfig.DEFAULT : generate;
  }

  /** A configuration with no model provenance yet (see {@link #withModelInfo}). */
  public RunConfig(String suite, String model, String baseUrl, int epochs, Integer limit, int maxConnections,
                   int maxAttempts, double timeoutSeconds, GenerateConfig generate, long seed, String variantsFile,
                   String variantsText, String name, boolean withSpec, boolean noCache, Integer rpm, Integer tpm,
                   String judge, String judgeWithReasoning) {
    this(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed, variantsFile,
        variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, null);
  }

  public RunConfig withName(String n) {
    return new RunConfig(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
        variantsFile, variantsText, n, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo);
  }

  /** The same configuration with what the model says of itself (e.g. the organism's training seed and weights hash). */
  public RunConfig withModelInfo(java.util.Map<String, String> info) {
    return new RunConfig(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
        variantsFile, variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, info);
  }
}
