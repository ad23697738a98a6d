package dev.candor.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Last line of defence for API keys: any text about to be stored or printed has the values of the key variables
 * of the environment replaced by {@code ***}. Providers already keep keys out of their messages.
 */
public final class Secrets {
  private static final List<String> KEY_VARIABLES = List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CANDOR_JUDGE_API_KEY",
      "OPENROUTER_API_KEY", "CANDOR_DB_PASSWORD");
  private final List<String> values;

  public Secrets(Map<String, String> env) {
    List<String> v = new ArrayList<>();
    for (String k : KEY_VARIABLES) {
      String s = env.get(k);
      if (s != null && s.length() >= 6) v.add(s);
    }
    values = List.copyOf(v);
  }

  public static Secrets fromSystem() { return new Secrets(System.getenv()); }

  public String scrub(String text) {
    if (text == null || values.isEmpty()) return text;
    String out = text;
    for (String v : values) out = out.replace(v, "***");
    return out;
  }
}
