package dev.candor.cli;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.openai.OpenAiProvider;
import dev.candor.organism.OrganismProvider;

/** How a user gives each {@link Setting} on the command line, and the one-line messages that name it. */
final class Flags {
  private Flags() {}

  /** The flag (or environment variable, or command) through which the user gives {@code s}. */
  static String name(Setting s) {
    return switch (s) {
      case MODEL -> "--model";
      case BASE_URL -> "--base-url";
      case API_KEY -> "API key"; // a provider's message names its own variable
      case PREFILL -> OpenAiProvider.PREFILL_VARIABLE;
      case PREFILL_TEMPLATE -> OpenAiProvider.PREFILL_TEMPLATE_VARIABLE;
      case CHAT_TEMPLATE -> OpenAiProvider.CHAT_TEMPLATE_VARIABLE;
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
      case ORGANISM_SEED -> OrganismProvider.SEED_VARIABLE;
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
      case DB -> "--db";
    };
  }

  /** The one-line message for a failure: a domain error names its settings as the user gives them. */
  static String message(Throwable e) {
    return e instanceof InvalidSetting bad ? bad.render(Flags::name) : e.getMessage();
  }
}
