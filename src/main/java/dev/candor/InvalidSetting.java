package dev.candor;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Bad input in domain terms: which {@link Setting} is wrong and what is wrong with it. Lower layers throw it without
 * knowing how the user gave the setting; the command line renders it naming its flag or environment variable
 * ({@link #render}; a provider's own settings, such as its API key, by {@link #provider()}), and {@link #getMessage()}
 * names the settings in plain words. The message is a sequence of parts:
 * each {@link Setting} part names a setting, anything else is text.
 */
public final class InvalidSetting extends IllegalArgumentException {
  /** What a user can set. Only the command line knows how (flag, environment variable). */
  public enum Setting {
    MODEL("model"), BASE_URL("base URL"), API_KEY("API key"), DEFAULT_BASE_URL("default base URL"), MAX_RESPONSE_BYTES("response size limit"),
    PREFILL("prefill mode"), PREFILL_TEMPLATE("prefill template"), CHAT_TEMPLATE("chat template"),
    EPOCHS("epochs"), LIMIT("sample limit"), MAX_CONNECTIONS("connection limit"), MAX_ATTEMPTS("attempt limit"),
    TIMEOUT("timeout"), RPM("requests per minute"), TPM("tokens per minute"), SHARD("shard"), RUN_ID("run id"),
    BATCH("batch mode"), ADOPT_BATCH("batch to adopt"),
    MIN_COUNT("minimum count"), MIN_TRAJECTORIES("minimum trajectories"), TOP("top terms"), BOOTSTRAP("bootstrap resamples"),
    TERMS("term file"), PATTERNS("pattern file"), FIGURE("figure file"), SCORER("awareness scorer"), JUDGE("judge model"),
    TURN("turn"), INTERVENTIONS("interventions"), REMOVE_AWARE("remove-aware intervention"), INJECT("injected sentence"),
    INJECT_RANDOM("random-injection intervention"), RESAMPLE("resample intervention"), RANDOM_SENTENCES("random sentence file"),
    VARIANT_KEY("variant key"), OUT("output file"),
    ORGANISM_SEED("organism training seed"), SUITE("suite"), VARIANTS("variants"), WITH_SPEC("spec in the system prompt"),
    SCORE("score"), METRIC("metric"), BY("grouping axis"), JUDGE_WITH_REASONING("judge that reads the reasoning"),
    PORT("port"), HOST("host"), DB("database location"), SANDBOX("sandbox"), HEADLINE("headline policy");

    private final String words;

    Setting(String words) { this.words = words; }

    /** The setting in plain words. */
    public String words() { return words; }
  }

  private final Setting setting;
  private final String provider;
  private final List<Object> parts;

  /** An error about {@code setting} whose message is {@code parts} (Settings are named, the rest is text). */
  public InvalidSetting(Setting setting, Object... parts) {
    this(null, setting, parts);
  }

  private InvalidSetting(String provider, Setting setting, Object... parts) {
    super();
    this.setting = setting;
    this.provider = provider;
    this.parts = Arrays.asList(parts.clone());
  }

  /**
   * An error about a setting each model provider has its own of ({@link Setting#API_KEY}, {@link Setting#DEFAULT_BASE_URL}):
   * the settings in {@code parts} are {@code provider}'s.
   */
  public static InvalidSetting ofProvider(String provider, Setting setting, Object... parts) {
    return new InvalidSetting(java.util.Objects.requireNonNull(provider, "provider"), setting, parts);
  }

  /** "SETTING: problem…", the usual form. */
  public static InvalidSetting of(Setting setting, Object... problem) {
    Object[] parts = new Object[problem.length + 2];
    parts[0] = setting;
    parts[1] = ": ";
    System.arraycopy(problem, 0, parts, 2, problem.length);
    return new InvalidSetting(setting, parts);
  }

  /** "SETTING: expected EXPECTED, got GOT". */
  public static InvalidSetting expected(Setting setting, String expected, Object got) {
    return of(setting, "expected " + expected + ", got " + got);
  }

  /** The setting that is wrong. */
  public Setting setting() { return setting; }

  /** The model provider whose settings the message names ({@link #ofProvider}), else null. */
  public String provider() { return provider; }

  /** The message, each setting named by {@code name} (e.g. its command-line flag). */
  public String render(Function<Setting, String> name) {
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) sb.append(p instanceof Setting s ? name.apply(s) : String.valueOf(p));
    return sb.toString();
  }

  /** The message in plain words, after the provider's name when the settings are a provider's. */
  @Override
  public String getMessage() { return (provider == null ? "" : provider + ": ") + render(Setting::words); }
}
