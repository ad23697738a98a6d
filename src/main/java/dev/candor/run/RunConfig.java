package dev.candor.run;

import dev.candor.core.SuiteInfo;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ServedModel;

/**
 * Everything that defines a run, stored with it as JSON so it can be resumed or reproduced months later:
 * suite, model spec, base URL (never a key), epochs, sample limit, concurrency, retry budget, generation options,
 * the run seed, the variant file (path and full text) when one was used, whether the response cache is off, and
 * the requests/tokens-per-minute budgets, the judge models (action-only; with reasoning) of agentic suites, what
 * the model reported of itself for provenance ({@link Model#describe()}), the response size limit
 * (null: {@link ModelOptions#DEFAULT_MAX_RESPONSE_BYTES}) and what the server reported of the model
 * it served ({@link ServedModel}; filled in as the run goes, not part of what defines it) and what the suite said of
 * itself when the run was made ({@link SuiteInfo}: version, data hash, outcome noun, axes; null for runs made before
 * suites recorded it).
 * The base URL is stored without credentials ({@link #stored()}).
 */
public record RunConfig(String suite, String model, String baseUrl, int epochs, Integer limit, int maxConnections,
                        int maxAttempts, double timeoutSeconds, GenerateConfig generate, long seed,
                        String variantsFile, String variantsText, String name, boolean withSpec,
                        boolean noCache, Integer rpm, Integer tpm, String judge, String judgeWithReasoning,
                        java.util.Map<String, String> modelInfo, Long maxResponseBytes, java.util.Map<String, String> served,
                        SuiteInfo suiteInfo) {
  public RunConfig {
    if (epochs < 1) throw new IllegalArgumentException("--epochs: expected a whole number >= 1, got " + epochs);
    if (limit != null && limit < 1) throw new IllegalArgumentException("--limit: expected a whole number >= 1, got " + limit);
    if (maxConnections < 1) throw new IllegalArgumentException("--max-connections: expected a whole number >= 1, got " + maxConnections);
    if (maxAttempts < 1) throw new IllegalArgumentException("--max-attempts: expected a whole number >= 1, got " + maxAttempts);
    if (!(timeoutSeconds > 0)) throw new IllegalArgumentException("--timeout: expected seconds > 0, got " + timeoutSeconds);
    if (rpm != null && rpm < 1) throw new IllegalArgumentException("--rpm: expected a whole number >= 1, got " + rpm);
    if (tpm != null && tpm < 1) throw new IllegalArgumentException("--tpm: expected a whole number >= 1, got " + tpm);
    if (maxResponseBytes != null && maxResponseBytes < 1)
      throw new IllegalArgumentException("--max-response-bytes: expected a whole number >= 1, got " + maxResponseBytes);
    modelInfo = modelInfo == null ? java.util.Map.of() : java.util.Map.copyOf(modelInfo);
    served = served == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(served));
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

  /** A configuration with the default response size limit and nothing reported by the server yet. */
  public RunConfig(String suite, String model, String baseUrl, int epochs, Integer limit, int maxConnections,
                   int maxAttempts, double timeoutSeconds, GenerateConfig generate, long seed, String variantsFile,
                   String variantsText, String name, boolean withSpec, boolean noCache, Integer rpm, Integer tpm,
                   String judge, String judgeWithReasoning, java.util.Map<String, String> modelInfo) {
    this(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed, variantsFile,
        variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo, null, null, null);
  }

  public RunConfig withName(String n) {
    return new RunConfig(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
        variantsFile, variantsText, n, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo, maxResponseBytes, served, suiteInfo);
  }

  /** The same configuration with what the model says of itself (e.g. the organism's training seed and weights hash). */
  public RunConfig withModelInfo(java.util.Map<String, String> info) {
    return new RunConfig(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
        variantsFile, variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, info, maxResponseBytes, served, suiteInfo);
  }

  /** The same configuration against this base URL (resume: the stored one given again with its credentials). */
  public RunConfig withBaseUrl(String url) {
    return new RunConfig(suite, model, url, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
        variantsFile, variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo, maxResponseBytes, served, suiteInfo);
  }

  /** The same configuration with this response size limit in bytes (null: the default). */
  public RunConfig withMaxResponseBytes(Long n) {
    return new RunConfig(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
        variantsFile, variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo, n, served, suiteInfo);
  }

  /** The same configuration with what the server reported of the model it served. */
  public RunConfig withServed(java.util.Map<String, String> s) {
    return new RunConfig(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
        variantsFile, variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo, maxResponseBytes, s, suiteInfo);
  }

  /** The same configuration with what its suite says of itself ({@link SuiteInfo}). */
  public RunConfig withSuiteInfo(SuiteInfo info) {
    return new RunConfig(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
        variantsFile, variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo, maxResponseBytes, served, info);
  }

  /** The configuration as stored and shown: the base URL without credentials ({@link Secrets#url}). */
  public RunConfig stored() {
    return new RunConfig(suite, model, Secrets.url(baseUrl), epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate,
        seed, variantsFile, variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo, maxResponseBytes, served, suiteInfo);
  }

  /** The response size limit in bytes. */
  public long responseLimit() {
    return maxResponseBytes == null ? ModelOptions.DEFAULT_MAX_RESPONSE_BYTES : maxResponseBytes;
  }
}
