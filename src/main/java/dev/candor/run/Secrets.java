package dev.candor.run;

import dev.candor.model.ApiEndpoints;
import dev.candor.model.anthropic.AnthropicProvider;
import dev.candor.model.openai.OpenAiProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Last line of defence for API keys: any text about to be stored or printed has the values of the key variables
 * of the environment, and the credentials in base URLs (the environment's and those given with {@link #withUrls}),
 * replaced by {@code ***}. Providers already keep keys out of their messages. {@link #url} is a base URL as stored
 * and shown.
 */
public final class Secrets {
  /** The providers' key variables, and others that commonly hold a secret in the same shell (scrubbed all the same). */
  private static final List<String> KEY_VARIABLES = List.of(OpenAiProvider.KEY_VARIABLE, AnthropicProvider.KEY_VARIABLE,
      "CANDOR_JUDGE_API_KEY", "OPENROUTER_API_KEY", "CANDOR_DB_PASSWORD");
  private static final List<String> URL_VARIABLES = List.of(OpenAiProvider.BASE_URL_VARIABLE, AnthropicProvider.BASE_URL_VARIABLE);
  private final List<String> values;

  public Secrets(Map<String, String> env) {
    List<String> v = new ArrayList<>();
    for (String k : KEY_VARIABLES) {
      String s = env.get(k);
      if (s != null && s.length() >= 6) v.add(s);
    }
    for (String k : URL_VARIABLES) v.addAll(ApiEndpoints.credentials(env.get(k)));
    values = List.copyOf(v);
  }

  private Secrets(List<String> values) {
    this.values = List.copyOf(values);
  }

  /** These secrets and the credentials in {@code baseUrls} (a URL, comma-separated URLs, or null). */
  public Secrets withUrls(String baseUrls) {
    List<String> v = new ArrayList<>(values);
    v.addAll(ApiEndpoints.credentials(baseUrls));
    return new Secrets(v);
  }

  /**
   * A base URL (or comma-separated URLs) as stored and printed: user info removed, credential-like query values
   * replaced by {@code ***} ({@link ApiEndpoints#redact}); null stays null.
   */
  public static String url(String baseUrls) {
    return ApiEndpoints.redact(baseUrls);
  }

  public static Secrets fromSystem() { return new Secrets(System.getenv()); }

  public String scrub(String text) {
    if (text == null || values.isEmpty()) return text;
    String out = text;
    for (String v : values) out = out.replace(v, "***");
    return out;
  }
}
