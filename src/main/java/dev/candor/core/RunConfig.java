package dev.candor.core;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.SuiteInfo;
import dev.candor.model.ApiEndpoints;
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
 * suites recorded it), and which score is the headline of a judged suite ({@code rule}, {@code judge}: the action-only
 * judge's, {@code both}: flagged when rule and judge agree; null: {@code rule}), and the spec put in context by
 * {@code candor distill} (its file and full text; null: none, and then not written, so other runs' stored form is
 * unchanged; see {@code suite.SpecInContext}), and for a run of a sweep over
 * checkpoints its place in the sweep ({@link Sweep}; null otherwise), and the judges' base URL (null: their provider's
 * default).
 * The base URLs are stored without credentials ({@link #stored()}).
 */
public record RunConfig(String suite, String model, String baseUrl, int epochs, Integer limit, int maxConnections,
                        int maxAttempts, double timeoutSeconds, GenerateConfig generate, long seed,
                        String variantsFile, String variantsText, String name, boolean withSpec,
                        boolean noCache, Integer rpm, Integer tpm, String judge, String judgeWithReasoning,
                        java.util.Map<String, String> modelInfo, Long maxResponseBytes, java.util.Map<String, String> served,
                        SuiteInfo suiteInfo, String headline,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String specFile,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String specText,
                        Sweep sweep, String judgeBaseUrl) {
  /** The headline policies: the rule's score, the action-only judge's, or both must flag. */
  public static final java.util.List<String> HEADLINES = java.util.List.of("rule", "judge", "both");

  public RunConfig {
    if (epochs < 1) throw InvalidSetting.expected(Setting.EPOCHS, "a whole number >= 1", epochs);
    if (limit != null && limit < 1) throw InvalidSetting.expected(Setting.LIMIT, "a whole number >= 1", limit);
    if (maxConnections < 1) throw InvalidSetting.expected(Setting.MAX_CONNECTIONS, "a whole number >= 1", maxConnections);
    if (maxAttempts < 1) throw InvalidSetting.expected(Setting.MAX_ATTEMPTS, "a whole number >= 1", maxAttempts);
    if (!(timeoutSeconds > 0)) throw InvalidSetting.expected(Setting.TIMEOUT, "seconds > 0", timeoutSeconds);
    if (rpm != null && rpm < 1) throw InvalidSetting.expected(Setting.RPM, "a whole number >= 1", rpm);
    if (tpm != null && tpm < 1) throw InvalidSetting.expected(Setting.TPM, "a whole number >= 1", tpm);
    if (maxResponseBytes != null && maxResponseBytes < 1)
      throw InvalidSetting.expected(Setting.MAX_RESPONSE_BYTES, "a whole number >= 1", maxResponseBytes);
    modelInfo = modelInfo == null ? java.util.Map.of() : java.util.Map.copyOf(modelInfo);
    served = served == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(served));
    generate = generate == null ? GenerateConfig.DEFAULT : generate;
    if (headline != null && !HEADLINES.contains(headline)) throw InvalidSetting.expected(Setting.HEADLINE, "rule, judge or both", "'" + headline + "'");
    if (headline != null && !headline.equals("rule") && judge == null)
      throw InvalidSetting.of(Setting.HEADLINE, headline, " needs an action-only judge: give ", Setting.JUDGE, " PROVIDER/MODEL");
  }

  /** The configuration as stored and shown: the base URLs without credentials ({@link ApiEndpoints#redact}). */
  public RunConfig stored() {
    return toBuilder().baseUrl(ApiEndpoints.redact(baseUrl)).judgeBaseUrl(ApiEndpoints.redact(judgeBaseUrl)).build();
  }

  /**
   * The configuration an imported run is stored with (the importer adds what it read): the suite and model it names,
   * its epochs (at least 1), its seed, and otherwise {@code candor run}'s defaults, so that {@code intervene} and
   * {@code resume} can use it.
   */
  public static RunConfig imported(String suite, String model, int epochs, long seed) {
    return builder(suite, model).epochs(Math.max(1, epochs)).seed(seed).build();
  }

  /**
   * A builder for a run of {@code model} on {@code suite} with {@code candor run}'s defaults: 1 epoch, no limit, 32
   * connections, 6 attempts, a 600 s timeout, seed 1, the response cache on, nothing else set.
   */
  public static Builder builder(String suite, String model) { return new Builder(suite, model); }

  /** A builder holding this configuration, to make a copy that differs in some fields. */
  public Builder toBuilder() { return new Builder(this); }

  /** Makes a {@link RunConfig} by field name, new or as a copy with some fields changed; {@link #build()} validates. */
  public static final class Builder {
    private String suite, model, baseUrl, variantsFile, variantsText, name, judge, judgeWithReasoning, headline, specFile, specText, judgeBaseUrl;
    private int epochs, maxConnections, maxAttempts;
    private Integer limit, rpm, tpm;
    private double timeoutSeconds;
    private GenerateConfig generate;
    private long seed;
    private boolean withSpec, noCache;
    private java.util.Map<String, String> modelInfo, served;
    private Long maxResponseBytes;
    private SuiteInfo suiteInfo;
    private Sweep sweep;

    private Builder(RunConfig c) {
      suite = c.suite; model = c.model; baseUrl = c.baseUrl; epochs = c.epochs; limit = c.limit;
      maxConnections = c.maxConnections; maxAttempts = c.maxAttempts; timeoutSeconds = c.timeoutSeconds;
      generate = c.generate; seed = c.seed; variantsFile = c.variantsFile; variantsText = c.variantsText; name = c.name;
      withSpec = c.withSpec; noCache = c.noCache; rpm = c.rpm; tpm = c.tpm; judge = c.judge;
      judgeWithReasoning = c.judgeWithReasoning; modelInfo = c.modelInfo; maxResponseBytes = c.maxResponseBytes; served = c.served;
      suiteInfo = c.suiteInfo; headline = c.headline; specFile = c.specFile; specText = c.specText; sweep = c.sweep; judgeBaseUrl = c.judgeBaseUrl;
    }

    private Builder(String suite, String model) {
      this.suite = suite; this.model = model; epochs = 1; maxConnections = 32; maxAttempts = 6; timeoutSeconds = 600; seed = 1;
    }

    public Builder epochs(int n) { epochs = n; return this; }

    /** Run only the first {@code n} samples (null: all). */
    public Builder limit(Integer n) { limit = n; return this; }

    public Builder maxConnections(int n) { maxConnections = n; return this; }

    /** Tries per model call, the first included. */
    public Builder maxAttempts(int n) { maxAttempts = n; return this; }

    public Builder timeoutSeconds(double s) { timeoutSeconds = s; return this; }

    /** Generation options (null: {@link GenerateConfig#DEFAULT}). */
    public Builder generate(GenerateConfig g) { generate = g; return this; }

    public Builder seed(long s) { seed = s; return this; }

    /** The variant file's path and full text (null, null: none). */
    public Builder variants(String file, String text) { variantsFile = file; variantsText = text; return this; }

    /** Whether Candor's anti-scheming spec goes into the system prompt (covert-actions). */
    public Builder withSpec(boolean on) { withSpec = on; return this; }

    public Builder noCache(boolean on) { noCache = on; return this; }

    /** Requests per minute (null: no cap). */
    public Builder rpm(Integer n) { rpm = n; return this; }

    /** Tokens per minute (null: no cap). */
    public Builder tpm(Integer n) { tpm = n; return this; }

    /** The judge models of agentic suites: action-only and with reasoning (null: none). */
    public Builder judges(String actionOnly, String withReasoning) { judge = actionOnly; judgeWithReasoning = withReasoning; return this; }

    /** The base URL (or comma-separated fleet) the judges are called at (null: their provider's default). */
    public Builder judgeBaseUrl(String url) { judgeBaseUrl = url; return this; }

    /** Which score is the headline: rule, judge or both (null: rule). */
    public Builder headline(String policy) { headline = policy; return this; }

    public Builder name(String n) { name = n; return this; }

    /** The spec put in every sample's system prompt ({@code candor distill}): its file and full text (null, null: none). */
    public Builder spec(String file, String text) { specFile = file; specText = text; return this; }

    /** What the model says of itself (e.g. the organism's training seed and weights hash). */
    public Builder modelInfo(java.util.Map<String, String> info) { modelInfo = info; return this; }

    /** The base URL (resume: the stored one given again with its credentials). */
    public Builder baseUrl(String url) { baseUrl = url; return this; }

    /** The response size limit in bytes (null: the default). */
    public Builder maxResponseBytes(Long n) { maxResponseBytes = n; return this; }

    /** What the server reported of the model it served. */
    public Builder served(java.util.Map<String, String> s) { served = s; return this; }

    /** What the run's suite says of itself ({@link SuiteInfo}). */
    public Builder suiteInfo(SuiteInfo info) { suiteInfo = info; return this; }

    /** The run's place in a sweep over checkpoints (null: not part of one). */
    public Builder sweep(Sweep s) { sweep = s; return this; }

    /** The model spec (a sweep's runs share every other setting). */
    public Builder model(String spec) { model = spec; return this; }

    public RunConfig build() {
      return new RunConfig(suite, model, baseUrl, epochs, limit, maxConnections, maxAttempts, timeoutSeconds, generate, seed,
          variantsFile, variantsText, name, withSpec, noCache, rpm, tpm, judge, judgeWithReasoning, modelInfo, maxResponseBytes, served, suiteInfo,
          headline, specFile, specText, sweep, judgeBaseUrl);
    }
  }

  /** The response size limit in bytes. */
  public long responseLimit() {
    return maxResponseBytes == null ? ModelOptions.DEFAULT_MAX_RESPONSE_BYTES : maxResponseBytes;
  }
}
