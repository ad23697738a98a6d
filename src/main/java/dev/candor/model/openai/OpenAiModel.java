package dev.candor.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.http.CapturingHttpClient;
import dev.candor.model.http.Exchange;
import dev.candor.model.http.HttpFailures;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One OpenAI-compatible chat model: {@code POST {base}/chat/completions} in the wire format of
 * {@link ChatCompletionsWire}, over a {@link CapturingHttpClient} (JDK HTTP client) so each call's status, headers
 * and raw body are kept. No retries here: the engine retries and records attempts.
 *
 * <p>Where each part of the {@link Output} comes from (one parse of the raw body):
 * <ul>
 *   <li>{@code choices[0].message}: the text ({@code content}, else {@code refusal}), reasoning from
 *       {@code reasoning_content} (DeepSeek, vLLM, SGLang), else {@code reasoning} (Ollama, OpenRouter, newer vLLM),
 *       else {@code reasoning_details[].text/summary} (OpenRouter; encrypted parts are skipped), tool calls.</li>
 *   <li>{@code choices[0].finish_reason} verbatim, {@code usage} including
 *       {@code completion_tokens_details.reasoning_tokens}, an error object inside a 200 body (OpenRouter), and
 *       {@link Output#rawJson()} itself.</li>
 *   <li>From the raw response headers (error path only): {@code Retry-After} / {@code retry-after-ms}.</li>
 *   <li>Computed here: {@code <think>…</think>} blocks split out of the content into reasoning (see
 *       {@link ThinkTags}), {@code truncated} (finish reason {@code length}), latency.</li>
 * </ul>
 */
public final class OpenAiModel implements Model, dev.candor.model.WireCodec {

  private final String modelName;
  private final String spec;
  private final String url;
  private final String apiKey;
  private final boolean official;
  private final Duration defaultTimeout;
  private final CapturingHttpClient http;
  private final HttpFailures failures;

  private final Prefill prefill;

  /**
   * How this server continues a prefilled assistant message: {@code mode} {@value #CONTINUE_FINAL_MESSAGE} (vLLM's
   * chat extra parameters), {@code template} the final assistant message with {@code {prefix}} in it.
   */
  public record Prefill(String mode, String template) {
    public static final String DEFAULT_TEMPLATE = "<think>\n{prefix}";

    public Prefill {
      if (!CONTINUE_FINAL_MESSAGE.equals(mode))
        throw new IllegalArgumentException("CANDOR_PREFILL: expected " + CONTINUE_FINAL_MESSAGE + " (or unset), got '" + mode + "'");
      template = template == null || template.isBlank() ? DEFAULT_TEMPLATE : template.replace("\\n", "\n");
      if (!template.contains("{prefix}"))
        throw new IllegalArgumentException("CANDOR_PREFILL_TEMPLATE: expected a template containing {prefix}, got '" + template + "'");
    }

    boolean thinkTags() { return template.contains("<think>"); }
  }

  public static final String CONTINUE_FINAL_MESSAGE = "continue_final_message";

  OpenAiModel(String modelName, String baseUrl, String apiKey, boolean official, Duration timeout) {
    this(modelName, baseUrl, apiKey, official, timeout, null);
  }

  OpenAiModel(String modelName, String baseUrl, String apiKey, boolean official, Duration timeout, Prefill prefill) {
    this.prefill = prefill;
    this.modelName = modelName;
    this.spec = "openai/" + modelName;
    this.url = baseUrl + "/chat/completions";
    this.apiKey = apiKey;
    this.official = official;
    this.defaultTimeout = timeout;
    this.failures = new HttpFailures(spec, apiKey);
    this.http = CapturingHttpClient.builder().forBaseUrl(baseUrl).connectTimeout(timeout).readTimeout(timeout).build();
  }

  @Override public String spec() { return spec; }
  @Override public boolean supportsTools() { return true; }
  @Override public boolean supportsReasoningPrefill() { return prefill != null; }

  @Override
  public Output generate(ModelRequest request) throws ModelException {
    GenerateConfig cfg = request.config();
    Duration timeout = cfg.timeoutSeconds() != null ? Duration.ofMillis(Math.round(cfg.timeoutSeconds() * 1000)) : defaultTimeout;
    String body = requestBody(request);
    try (Exchange ex = Exchange.open(timeout)) {
      long t0 = System.nanoTime();
      try {
        http.execute(HttpRequest.builder().method(HttpMethod.POST).url(url)
            .addHeader("Authorization", "Bearer " + apiKey).addHeader("Content-Type", "application/json").body(body).build());
      } catch (RuntimeException e) {
        throw failures.from(ex, e);
      }
      return toOutput(ex, (System.nanoTime() - t0) / 1_000_000, request.reasoningPrefix());
    }
  }

  @Override
  public String requestBody(ModelRequest request) throws ModelException {
    String prefix = request.reasoningPrefix();
    if (prefix != null && prefill == null)
      throw new ModelException(spec + ": reasoning prefill unsupported by this server configuration; for servers that continue a final "
          + "assistant message (vLLM) set CANDOR_PREFILL=continue_final_message (and CANDOR_PREFILL_TEMPLATE if the model's "
          + "reasoning is not in <think> tags)", false);
    try {
      List<dev.candor.model.Message> messages = request.messages();
      Map<String, Object> extra = Map.of();
      if (prefix != null) {
        messages = new ArrayList<>(messages);
        messages.add(dev.candor.model.Message.assistant(prefill.template().replace("{prefix}", prefix)));
        extra = new java.util.LinkedHashMap<>();
        extra.put("continue_final_message", true);
        extra.put("add_generation_prompt", false);
      }
      return ChatCompletionsWire.request(modelName, official, request, messages, extra);
    } catch (IllegalArgumentException e) {
      throw new ModelException(failures.oneLine(spec + ": bad request: " + e.getMessage()), false, -1, null, null, e);
    }
  }

  @Override
  public Output parseResponse(ModelRequest request, String body, long latencyMillis) throws ModelException {
    try (Exchange ex = Exchange.replay(body)) {
      http.execute(HttpRequest.builder().method(HttpMethod.POST).url(url).body("").build()); // answered with body, not sent
      return toOutput(ex, latencyMillis, request.reasoningPrefix());
    }
  }

  /** The output of a 2xx response captured in {@code ex}. */
  private Output toOutput(Exchange ex, long latency, String prefix) throws ModelException {
    String raw = ex.body();
    JsonNode root;
    try {
      root = ChatCompletionsWire.parse(raw);
    } catch (Exception e) {
      throw failures.from(ex, e);
    }
    if (root == null || !root.path("choices").isArray() || root.path("choices").isEmpty()) {
      ModelException embedded = failures.embeddedError(ex);
      throw embedded != null ? embedded : failures.malformed(ex, "no choices", null);
    }
    JsonNode choice = root.path("choices").path(0);
    JsonNode msg = choice.path("message");

    List<String> reasoning = new ArrayList<>();
    addIfText(reasoning, text(msg.path("reasoning_content")));                 // DeepSeek / vLLM / SGLang
    if (reasoning.isEmpty()) addIfText(reasoning, text(msg.path("reasoning"))); // Ollama / OpenRouter / vLLM
    if (reasoning.isEmpty() && msg.path("reasoning_details").isArray()) {     // OpenRouter
      for (JsonNode d : msg.path("reasoning_details")) {
        addIfText(reasoning, text(d.path("text")));
        addIfText(reasoning, text(d.path("summary")));
      }
    }
    String content = text(msg.path("content"));
    if ((content == null || content.isBlank()) && text(msg.path("refusal")) != null) content = text(msg.path("refusal"));
    // A continued think block that never closed is all reasoning (the server parsed none out separately).
    if (prefix != null && prefill.thinkTags() && reasoning.isEmpty() && content != null && !content.contains("</think>"))
      content = content + "</think>";
    ThinkTags.Split split = ThinkTags.split(content);
    addIfText(reasoning, split.reasoning());
    if (prefix != null) {
      String continued = String.join("\n\n", reasoning);
      reasoning.clear();
      String p = prefix.strip();
      reasoning.add(continued.isEmpty() ? p : p.isEmpty() ? continued : p + " " + continued);
    }

    String finish = text(choice.path("finish_reason"));
    boolean truncated = "length".equals(finish);

    return new Output(split.text() == null ? "" : failures.redact(split.text()),
        reasoning.isEmpty() ? null : failures.redact(String.join("\n\n", reasoning)),
        ChatCompletionsWire.toolCalls(msg), ChatCompletionsWire.usage(root.path("usage")), finish, truncated, latency, failures.redact(raw));
  }

  private static String text(JsonNode n) {
    return n == null || !n.isTextual() ? null : n.asText();
  }

  private static void addIfText(List<String> into, String s) {
    if (s != null && !s.isBlank() && !into.contains(s.strip())) into.add(s.strip());
  }
}
