package dev.candor.cli;

import dev.candor.CacheDir;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.ApiAccess;
import dev.candor.model.ModelOptions.PrefillSettings;
import dev.candor.organism.OrganismTrainer;
import dev.candor.run.Secrets;
import dev.candor.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The environment variables Candor reads, named here only: the one place that reads the process environment
 * ({@link #system()}, once) and turns it into the typed settings the lower layers take (a provider's key and default
 * base URL, prefill settings, the organism's seed, the cache directory, database credentials, the secrets to scrub).
 */
final class EnvVars {
  static final String PREFILL = "CANDOR_PREFILL", PREFILL_TEMPLATE = "CANDOR_PREFILL_TEMPLATE", CHAT_TEMPLATE = "CANDOR_CHAT_TEMPLATE";
  static final String ORGANISM_SEED = "CANDOR_ORGANISM_SEED", CACHE_DIR = "CANDOR_CACHE_DIR";
  /** The default of {@code --db} (read by picocli from this name). */
  static final String DB = "CANDOR_DB";
  static final String DB_USER = "CANDOR_DB_USER", DB_PASSWORD = "CANDOR_DB_PASSWORD";

  /** A provider's key variable and default-base-URL variable. */
  record ProviderVariables(String key, String baseUrl) {
    static final ProviderVariables UNKNOWN = new ProviderVariables("API key", "default base URL");
  }

  /** The variables of each provider that has them, by provider name (declared where providers are registered). */
  static final Map<String, ProviderVariables> PROVIDERS = Providers.VARIABLES;
  /** Every variable that holds a secret: the providers' keys, and others that commonly hold one in the same shell. */
  static final List<String> SECRET_VARIABLES = java.util.stream.Stream.concat(
      PROVIDERS.values().stream().map(ProviderVariables::key).sorted(),
      java.util.stream.Stream.of("CANDOR_JUDGE_API_KEY", "OPENROUTER_API_KEY", DB_PASSWORD)).toList();
  /** Every variable that holds a base URL, whose credentials are secrets too. */
  static final List<String> URL_VARIABLES = PROVIDERS.values().stream().map(ProviderVariables::baseUrl).sorted().toList();

  private static final EnvVars SYSTEM = new EnvVars(System.getenv());

  private final Map<String, String> env;

  private EnvVars(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The process environment, read once. */
  static EnvVars system() { return SYSTEM; }

  /** Another environment (tests). */
  static EnvVars of(Map<String, String> env) { return new EnvVars(env); }

  /** The variables of {@code provider}; for another (or none), its settings in plain words. */
  static ProviderVariables variables(String provider) {
    return provider == null ? ProviderVariables.UNKNOWN : PROVIDERS.getOrDefault(provider, ProviderVariables.UNKNOWN);
  }

  /** The key and default base URL of {@code provider} (one of {@link #PROVIDERS}). */
  ApiAccess api(String provider) {
    ProviderVariables p = PROVIDERS.get(provider);
    return new ApiAccess(env.get(p.key()), env.get(p.baseUrl()));
  }

  /** The prefill settings of the environment (each null when unset). */
  PrefillSettings prefill() {
    return new PrefillSettings(env.get(PREFILL), env.get(PREFILL_TEMPLATE), env.get(CHAT_TEMPLATE));
  }

  /** The organism's training seed: {@code CANDOR_ORGANISM_SEED}, else {@link OrganismTrainer#DEFAULT_SEED}. */
  long organismSeed() {
    String s = env.get(ORGANISM_SEED);
    if (s == null || s.isBlank()) return OrganismTrainer.DEFAULT_SEED;
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw InvalidSetting.expected(Setting.ORGANISM_SEED, "an integer", "'" + s + "'");
    }
  }

  /** The per-user cache directory ({@link CacheDir#root}). */
  Path cacheDir() { return CacheDir.root(env.get(CACHE_DIR)); }

  /** How to open a database: PostgreSQL credentials from the environment, the cache directory. */
  Store.Options store() { return new Store.Options(env.get(DB_USER), env.get(DB_PASSWORD), cacheDir()); }

  /** The secrets in the environment: every {@link #SECRET_VARIABLES} value and the credentials in {@link #URL_VARIABLES}. */
  Secrets secrets() {
    return Secrets.of(SECRET_VARIABLES.stream().map(env::get).toList(), URL_VARIABLES.stream().map(env::get).toList());
  }
}
