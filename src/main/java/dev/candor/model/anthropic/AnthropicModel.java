package dev.candor.model.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.model.ApiEndpoints;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.ServedModel;
import dev.candor.model.ToolCall;
import dev.candor.model.Usage;
import dev.candor.model.WireCodec;
import dev.candor.model.http.CapturingHttpClient;
import dev.candor.model.http.Exchange;
import dev.candor.model.http.HttpFailures;
import dev.candor.model.langchain.Lc4jMessages;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicChatRequestParameters;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Anthropic model, called through LangChain4j's {@link AnthropicChatModel} (library retries off) over a
 * {@link CapturingHttpClient}.
 *
 * <p>Where each part of the {@link Output} comes from:
 * <ul>
 *   <li>From LangChain4j's response: text, {@code thinking} block text ({@code returnThinking}) and its signature
 *       (kept for the tool round trip), input/output token counts.</li>
 *   <li>From the raw response body: tool_use blocks as tool calls (LangChain4j re-serialises {@code input}
 *       pretty-printed; the compact JSON as sent is kept), {@code redacted_thinking} blocks (each adds the marker {@value #REDACTED_MARKER}
 *       to the reasoning; their data stays in {@link Output#rawJson()}), {@code stop_reason} verbatim (LangChain4j
 *       maps it to an enum), and the raw JSON itself. Anthropic reports no separate reasoning-token count, so
 *       {@code reasoningTokens} is -1.</li>
 *   <li>From the raw response headers (error path): {@code Retry-After}.</li>
 * </ul>
 * Request: {@code max_tokens} is required by the API: the config's value, else {@value #DEFAULT_MAX_TOKENS} (raised to
 * budget + {@value #DEFAULT_MAX_TOKENS} when a thinking budget would not fit under it); a thinking budget enables
 * extended thinking ({@code thinking: {type: enabled, budget_tokens}}); the system prompt goes in {@code system}.
 * Seed and reasoning effort have no Messages API equivalent and are not sent.
 *
 * <p>Thinking with tools: the API requires the previous assistant turn's thinking blocks, with their signatures, to
 * come back with the tool results. Candor's {@code Message} has no room for signatures, so this model remembers the
 * thinking of each answer that made tool calls (keyed by tool call id, last {@value #REMEMBERED} answers) and
 * re-attaches it when that assistant message is sent again.
 */
public final class AnthropicModel implements Model, WireCodec, ServedModel {
  public static final String REDACTED_MARKER = "[redacted thinking]";
  static final int DEFAULT_MAX_TOKENS = 4096;
  private static final int REMEMBERED = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String modelName;
  private final String spec;
  private final String baseUrl;
  private final Duration defaultTimeout;
  private final AnthropicChatModel chat;
  private final HttpFailures failures;
  private final Tracker served = new Tracker();
  private final Map<String, AiMessage> thinkingByToolCall = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, AiMessage> e) { return size() > REMEMBERED; }
      });

  /** Responses longer than {@code maxResponseBytes} fail the call. */
  AnthropicModel(String modelName, String baseUrl, String apiKey, Duration timeout, long maxResponseBytes) {
    this.modelName = modelName;
    this.spec = "anthropic/" + modelName;
    this.baseUrl = baseUrl;
    this.defaultTimeout = timeout;
    List<String> secrets = new ArrayList<>(ApiEndpoints.credentials(baseUrl));
    secrets.add(apiKey);
    this.failures = new HttpFailures(spec, secrets.toArray(String[]::new));
    this.chat = AnthropicChatModel.builder()
        .httpClientBuilder(CapturingHttpClient.builder().maxResponseBytes(maxResponseBytes))
        .baseUrl(baseUrl + "/")
        .apiKey(apiKey)
        .modelName(modelName)
        .maxTokens(DEFAULT_MAX_TOKENS)
        .maxRetries(0)
        .returnThinking(true)
        .sendThinking(true)
        .timeout(timeout)
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  @Override public String spec() { return spec; }
  @Override public String endpoint() { return baseUrl; }
  @Override public boolean supportsTools() { return true; }

  /** The {@code model} the responses named. */
  @Override public Map<String, String> served() { return served.report(); }

  @Override
  public Output generate(ModelRequest request) throws ModelException {
    GenerateConfig cfg = request.config();
    Duration timeout = cfg.timeoutSeconds() != null ? Duration.ofMillis(Math.round(cfg.timeoutSeconds() * 1000)) : defaultTimeout;
    try (Exchange ex = Exchange.open(timeout)) {
      return exchange(request, ex, -1);
    }
  }

  @Override
  public String requestBody(ModelRequest request) throws ModelException {
    ChatRequest chatRequest = chatRequest(request);
    try (Exchange ex = Exchange.dryRun()) {
      try {
        chat.chat(chatRequest);
      } catch (Exchange.NotSent expected) {
        return ex.requestBody();
      } catch (RuntimeException e) {
        throw failures.from(ex, e);
      }
      throw new IllegalStateException(spec + ": dry run sent no request");
    }
  }

  @Override
  public Output parseResponse(ModelRequest request, String body, long latencyMillis) throws ModelException {
    try (Exchange ex = Exchange.replay(body)) {
      return exchange(request, ex, latencyMillis);
    }
  }

  private ChatRequest chatRequest(ModelRequest request) throws ModelException {
    if (request.reasoningPrefix() != null)
      throw new ModelException(spec + ": reasoning prefill is not supported by the anthropic provider", false);
    try {
      return ChatRequest.builder()
          .messages(Lc4jMessages.toChatMessages(request.messages(), request.config().systemPrompt(), this::withRememberedThinking))
          .parameters(parameters(request))
          .build();
    } catch (IllegalArgumentException e) {
      throw new ModelException(failures.oneLine(spec + ": bad request: " + e.getMessage()), false, -1, null, null, e);
    }
  }

  /** One call through the open exchange (live, or replaying a body); {@code latencyMillis} < 0 means measure it. */
  private Output exchange(ModelRequest request, Exchange ex, long latencyMillis) throws ModelException {
    ChatRequest chatRequest = chatRequest(request);
    long t0 = System.nanoTime();
    ChatResponse resp;
    try {
      resp = chat.chat(chatRequest);
    } catch (RuntimeException e) {
      throw failures.from(ex, e);
    }
    return toOutput(resp, ex, latencyMillis >= 0 ? latencyMillis : (System.nanoTime() - t0) / 1_000_000);
  }

  private AnthropicChatRequestParameters parameters(ModelRequest request) {
    GenerateConfig cfg = request.config();
    var p = AnthropicChatRequestParameters.builder().modelName(modelName);
    if (cfg.temperature() != null) p.temperature(cfg.temperature());
    int max = cfg.maxTokens() != null ? cfg.maxTokens() : DEFAULT_MAX_TOKENS;
    if (cfg.thinkingBudget() != null) {
      if (cfg.maxTokens() == null && cfg.thinkingBudget() >= max) max = cfg.thinkingBudget() + DEFAULT_MAX_TOKENS;
      p.thinkingType("enabled").thinkingBudgetTokens(cfg.thinkingBudget());
    }
    p.maxOutputTokens(max);
    if (!request.tools().isEmpty()) {
      p.toolSpecifications(Lc4jMessages.toToolSpecifications(request.tools()));
      if (cfg.toolChoice() != null) p.toolChoice(dev.langchain4j.model.chat.request.ToolChoice.valueOf(cfg.toolChoice().toUpperCase(java.util.Locale.ROOT)));
    }
    return p.build();
  }

  private AiMessage withRememberedThinking(AiMessage m) {
    if (!m.hasToolExecutionRequests()) return m;
    AiMessage remembered = thinkingByToolCall.get(m.toolExecutionRequests().get(0).id());
    if (remembered == null) return m;
    return m.toBuilder().thinking(remembered.thinking()).attributes(remembered.attributes()).build();
  }

  private Output toOutput(ChatResponse resp, Exchange ex, long latency) throws ModelException {
    String raw = ex.body();
    JsonNode root;
    try {
      root = JSON.readTree(raw == null ? "" : raw);
    } catch (Exception e) {
      throw failures.malformed(ex, "not JSON", e);
    }
    if (root == null || !root.path("content").isArray()) {
      ModelException embedded = failures.embeddedError(ex);
      throw embedded != null ? embedded : failures.malformed(ex, "no content blocks", null);
    }
    served.saw("response_model", root.path("model").isTextual() ? root.path("model").asText() : null);
    AiMessage ai = resp.aiMessage();
    List<String> reasoning = new ArrayList<>();
    if (ai.thinking() != null && !ai.thinking().isBlank()) reasoning.add(ai.thinking().strip());
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : root.path("content")) {
      switch (block.path("type").asText()) {
        case "redacted_thinking" -> reasoning.add(REDACTED_MARKER);
        case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
            block.path("input").isMissingNode() ? "{}" : block.path("input").toString()));
        default -> { }
      }
    }

    String stop = root.path("stop_reason").isTextual() ? root.path("stop_reason").asText() : null;
    if (stop == null && resp.finishReason() != null) stop = resp.finishReason().name().toLowerCase(Locale.ROOT);
    boolean truncated = "max_tokens".equals(stop) || "model_context_window_exceeded".equals(stop)
        || (stop == null && resp.finishReason() == FinishReason.LENGTH);

    if (ai.hasToolExecutionRequests() && (ai.thinking() != null || !ai.attributes().isEmpty())) {
      AiMessage keep = AiMessage.builder().thinking(ai.thinking()).attributes(ai.attributes()).build();
      for (ToolExecutionRequest r : ai.toolExecutionRequests()) if (r.id() != null) thinkingByToolCall.put(r.id(), keep);
    }

    String text = ai.text() == null ? "" : ai.text();
    return new Output(failures.redact(text), reasoning.isEmpty() ? null : failures.redact(String.join("\n\n", reasoning)),
        calls, usage(resp.tokenUsage(), root.path("usage")),
        stop, truncated, latency, failures.redact(raw));
  }

  private static Usage usage(TokenUsage u, JsonNode rawUsage) {
    long in = u != null && u.inputTokenCount() != null ? u.inputTokenCount() : rawUsage.path("input_tokens").asLong(-1);
    long out = u != null && u.outputTokenCount() != null ? u.outputTokenCount() : rawUsage.path("output_tokens").asLong(-1);
    if (in < 0 && out < 0) return Usage.UNKNOWN;
    return new Usage(in, out, -1, in >= 0 && out >= 0 ? in + out : -1);
  }
}
