package dev.candor.cli;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;

/** How a user gives each {@link Setting} on the command line, and the one-line messages that name it. */
final class Flags {
  private Flags() {}

  /** The flag (or environment variable, or command) through which the user gives {@code s}. */
  static String name(Setting s) { return name(s, null); }

  /** As {@link #name(Setting)}, a provider's own settings (its key, its default base URL) named for {@code provider}. */
  static String name(Setting s, String provider) {
    return switch (s) {
      case MODEL -> "--model";
      case BASE_URL -> "--base-url";
      case API_KEY -> EnvVars.variables(provider).key();
      case DEFAULT_BASE_URL -> EnvVars.variables(provider).baseUrl();
      case PREFILL -> EnvVars.PREFILL;
      case PREFILL_TEMPLATE -> EnvVars.PREFILL_TEMPLATE;
      case CHAT_TEMPLATE -> EnvVars.CHAT_TEMPLATE;
      case MAX_RESPONSE_BYTES -> "--max-response-bytes";
      case EPOCHS -> "--epochs";
      case LIMIT -> "--limit";
      case MAX_CONNECTIONS -> "--max-connections";
      case MAX_ATTEMPTS -> "--max-attempts";
      case TIMEOUT -> "--timeout";
      case RPM -> "--rpm";
      case TPM -> "--tpm";
      case SHARD -> "--shard";
      case RUN_ID -> "--run-id";
      case BATCH -> "--batch";
      case ADOPT_BATCH -> "--adopt-batch";
      case MIN_COUNT -> "--min-count";
      case MIN_TRAJECTORIES -> "--min-trajectories";
      case TOP -> "--top";
      case BOOTSTRAP -> "--bootstrap";
      case TERMS -> "--terms";
      case PATTERNS -> "--patterns";
      case FIGURE -> "--figure";
      case SCORER -> "--scorer";
      case JUDGE -> "--judge";
      case TURN -> "--turn";
      case INTERVENTIONS -> "intervene";
      case REMOVE_AWARE -> "--remove-aware";
      case INJECT -> "--inject";
      case INJECT_RANDOM -> "--inject-random";
      case RESAMPLE -> "--resample";
      case RANDOM_SENTENCES -> "--random-sentences";
      case VARIANT_KEY -> "--variant-key";
      case OUT -> "--out";
      case ORGANISM_SEED -> EnvVars.ORGANISM_SEED;
      case SUITE -> "--suite";
      case VARIANTS -> "--variants";
      case WITH_SPEC -> "--with-spec";
      case SCORE -> "--score";
      case METRIC -> "--metric";
      case BY -> "--by";
      case JUDGE_WITH_REASONING -> "--judge-cot";
      case PORT -> "--port";
      case HOST -> "--host";
      case SANDBOX -> "--sandbox";
      case HEADLINE -> "--headline";
      case DB -> "--db";
    };
  }

  /** The one-line message for a failure: a domain error names its settings as the user gives them. */
  static String message(Throwable e) {
    return e instanceof InvalidSetting bad ? bad.render(s -> name(s, bad.provider())) : e.getMessage();
  }
}
