package dev.candor.model;

/**
 * Generation options. Null means "the provider's default". {@code reasoningEffort} is OpenAI's
 * low/medium/high; {@code thinkingBudget} is Anthropic's extended-thinking token budget;
 * {@code systemPrompt}, when set, is sent as the first system message.
 */
public record GenerateConfig(Double temperature, Integer maxTokens, String reasoningEffort, Integer thinkingBudget,
                             Long seed, String systemPrompt, Double timeoutSeconds) {
  public static final GenerateConfig DEFAULT = new GenerateConfig(null, null, null, null, null, null, null);

  public GenerateConfig withSeed(Long s) {
    return new GenerateConfig(temperature, maxTokens, reasoningEffort, thinkingBudget, s, systemPrompt, timeoutSeconds);
  }
}
