package dev.candor.model;

/**
 * Generation options. Null means "the provider's default". {@code reasoningEffort} is OpenAI's
 * low/medium/high; {@code thinkingBudget} is Anthropic's extended-thinking token budget;
 * {@code systemPrompt}, when set, is sent as the first system message; {@code toolChoice} ({@link #TOOL_CHOICES}) is
 * sent when the request offers tools: {@code required} makes every turn a tool call (agents that end through a
 * {@code submit} tool), which on servers that constrain tool calls by grammar (llama.cpp, vLLM) holds the model to
 * the call format its chat template declares.
 */
public record GenerateConfig(Double temperature, Integer maxTokens, String reasoningEffort, Integer thinkingBudget,
                             Long seed, String systemPrompt, Double timeoutSeconds, String toolChoice) {
  public static final GenerateConfig DEFAULT = new GenerateConfig(null, null, null, null, null, null, null);
  /** The values {@code toolChoice} takes (null: the provider's default, which is {@code auto} everywhere). */
  public static final java.util.List<String> TOOL_CHOICES = java.util.List.of("auto", "required", "none");

  public GenerateConfig {
    if (toolChoice != null && !TOOL_CHOICES.contains(toolChoice))
      throw new IllegalArgumentException("tool choice: expected auto, required or none, got '" + toolChoice + "'");
  }

  /** Options with the provider's default tool choice. */
  public GenerateConfig(Double temperature, Integer maxTokens, String reasoningEffort, Integer thinkingBudget,
                        Long seed, String systemPrompt, Double timeoutSeconds) {
    this(temperature, maxTokens, reasoningEffort, thinkingBudget, seed, systemPrompt, timeoutSeconds, null);
  }

  public GenerateConfig withSeed(Long s) {
    return new GenerateConfig(temperature, maxTokens, reasoningEffort, thinkingBudget, s, systemPrompt, timeoutSeconds, toolChoice);
  }

  public GenerateConfig withToolChoice(String choice) {
    return new GenerateConfig(temperature, maxTokens, reasoningEffort, thinkingBudget, seed, systemPrompt, timeoutSeconds, choice);
  }

  /**
   * These options for one item, identified by {@code identity} (e.g. the judge's prompt): the seed becomes one derived
   * from it and the identity, so a rerun sends every item the same seed whatever order items are sent in. Without a
   * seed there is nothing to derive.
   */
  public GenerateConfig forItem(String identity) {
    if (seed == null) return this;
    long h = seed * 0x9E3779B97F4A7C15L + identity.hashCode() * 0xBF58476D1CE4E5B9L + identity.length();
    h ^= (h >>> 31);
    h *= 0x94D049BB133111EBL;
    h ^= (h >>> 29);
    return withSeed(h & 0x7FFFFFFFFFFFL); // positive and within the range every provider accepts
  }
}
