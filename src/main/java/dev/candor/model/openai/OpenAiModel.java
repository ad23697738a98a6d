package dev.candor.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.ApiEndpoints;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Role;
import dev.candor.model.ServedModel;
import dev.candor.model.WireCodec;
import dev.candor.model.http.CapturingHttpClient;
import dev.candor.model.http.Exchange;
import dev.candor.model.http.HttpFailures;
import dev.candor.model.template.ChatTemplate;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
 *
 * <p>Reasoning prefill ({@link Prefill}): with {@link PrefillMode#CONTINUE_FINAL_MESSAGE} a prefilled request is a chat request
 * ending in an assistant message to continue; with {@link PrefillMode#COMPLETIONS} it goes to {@code POST {base}/completions}
 * instead, with {@code model}, {@code prompt} (the conversation rendered by the model's {@link ChatTemplate} with the
 * generation prompt, then the prefill template with the prefix), {@code max_tokens} (the request's, else
 * {@value #COMPLETIONS_DEFAULT_MAX_TOKENS}), {@code temperature} and {@code seed}; {@code choices[0].text} is read as
 * the continuation, its usage, finish reason and raw body kept, errors mapped as on the chat route. Tools are refused
 * on that route. Either way the stored reasoning is the prefix followed by the continued reasoning, the prefix once
 * even when the server returns it with the continuation (llama.cpp).
 */
public final class OpenAiModel implements Model, WireCodec, ServedModel {
  /** The longest the model list ({@code GET {base}/models}) is waited for. */
  private static final Duration MODELS_TIMEOUT = Duration.ofSeconds(30);

  private final String modelName;
  private final String spec;
  private final String baseUrl;
  private final String url;
  private final String apiKey;
  private final boolean official;
  private final Duration defaultTimeout;
  private final CapturingHttpClient http;
  private final HttpFailures failures;

  private final Prefill prefill;
  private final ChatTemplate chatTemplate;
  private final String completionsUrl;
  private final String modelsUrl;
  private final ServedModel.Tracker served = new ServedModel.Tracker();
  private volatile Map<String, String> listed;

  /**
   * How this server continues a reasoning prefix: {@code mode} {@link PrefillMode#CONTINUE_FINAL_MESSAGE} (a final assistant
   * message continued through vLLM's chat extra parameters) or {@link PrefillMode#COMPLETIONS} (the conversation rendered with
   * the model's chat template and continued by {@code POST /completions}); {@code template} the text that follows the
   * conversation, with {@code {prefix}} in it.
   */
  public record Prefill(PrefillMode mode, String template) {
    public static final String DEFAULT_TEMPLATE = "<think>\n{prefix}";

    public Prefill {
      java.util.Objects.requireNonNull(mode, "mode");
      template = template == null || template.isBlank() ? DEFAULT_TEMPLATE : template.replace("\\n", "\n");
      if (!template.contains("{prefix}"))
        throw InvalidSetting.expected(Setting.PREFILL_TEMPLATE, "a template containing {prefix}", "'" + template + "'");
    }

    boolean thinkTags() { return template.contains("<think>"); }

    /**
     * The text that follows a rendered prompt: the template with the prefix in it, less its opening part when the
     * prompt already ends with that (templates such as DeepSeek-R1's open the think block themselves).
     */
    String after(String prompt, String prefix) {
      String lead = template.substring(0, template.indexOf("{prefix}"));
      String filled = template.replace("{prefix}", prefix);
      return !lead.isEmpty() && prompt.endsWith(lead) ? filled.substring(lead.length()) : filled;
    }
  }

  /**
   * {@code max_tokens} sent on the completions route when the request sets none: the legacy completions API defaults
   * to 16 tokens (vLLM and SGLang follow it), which would cut every continuation short.
   */
  public static final int COMPLETIONS_DEFAULT_MAX_TOKENS = 4096;
  /**
   * How a stored attempt error names the prefill settings (these errors are recorded with the run, so they name the
   * settings as the user gives them, in the words the provider was given) and the two prefill modes, so named.
   */
  private final Function<Setting, String> names;
  private final String completionsMode, continueMode;

  OpenAiModel(String modelName, String baseUrl, String apiKey, boolean official, Duration timeout) {
    this(modelName, baseUrl, apiKey, official, timeout, null, null, CapturingHttpClient.DEFAULT_MAX_RESPONSE_BYTES, Setting::words);
  }

  /**
   * With {@code chatTemplate} required when (and used only when) the prefill mode is {@link PrefillMode#COMPLETIONS}, and
   * responses longer than {@code maxResponseBytes} failing the call.
   */
  OpenAiModel(String modelName, String baseUrl, String apiKey, boolean official, Duration timeout, Prefill prefill,
              ChatTemplate chatTemplate, long maxResponseBytes, Function<Setting, String> names) {
    boolean completions = prefill != null && prefill.mode() == PrefillMode.COMPLETIONS;
    if (completions && chatTemplate == null)
      throw new InvalidSetting(Setting.CHAT_TEMPLATE, Setting.PREFILL, "=" + PrefillMode.COMPLETIONS.text() + " needs ", Setting.CHAT_TEMPLATE,
          ": the model's chat template (a .jinja file or its tokenizer_config.json)");
    this.prefill = prefill;
    this.chatTemplate = completions ? chatTemplate : null;
    this.names = names;
    this.completionsMode = names.apply(Setting.PREFILL) + "=" + PrefillMode.COMPLETIONS.text();
    this.continueMode = names.apply(Setting.PREFILL) + "=" + PrefillMode.CONTINUE_FINAL_MESSAGE.text();
    this.modelName = modelName;
    this.spec = "openai/" + modelName;
    this.baseUrl = baseUrl;
    this.url = ApiEndpoints.join(baseUrl, "/chat/completions");
    this.completionsUrl = ApiEndpoints.join(baseUrl, "/completions");
    this.modelsUrl = ApiEndpoints.join(baseUrl, "/models");
    this.apiKey = apiKey;
    this.official = official;
    this.defaultTimeout = timeout;
    java.util.List<String> secrets = new ArrayList<>(ApiEndpoints.credentials(baseUrl));
    secrets.add(apiKey);
    this.failures = new HttpFailures(spec, secrets.toArray(String[]::new));
    this.http = CapturingHttpClient.builder().connectTimeout(timeout).readTimeout(timeout).maxResponseBytes(maxResponseBytes).build();
  }

  @Override public String spec() { return spec; }
  @Override public String endpoint() { return baseUrl; }
  @Override public boolean supportsTools() { return true; }
  @Override public boolean supportsReasoningPrefill() { return prefill != null; }

  /** The prefill mode and template, and on the completions route the chat template's file and SHA-256. */
  @Override
  public Map<String, String> describe() {
    Map<String, String> d = new java.util.LinkedHashMap<>();
    if (prefill == null) return d;
    d.put("prefill", prefill.mode().text());
    d.put("prefill_template", prefill.template());
    if (chatTemplate != null) {
      if (chatTemplate.source() != null) d.put("chat_template", chatTemplate.source().toString());
      d.put("chat_template_sha256", chatTemplate.sha256());
      chatTemplate.specialTokens().forEach((k, v) -> d.put("chat_template_" + k, v));
    }
    return d;
  }

  /**
   * The server's {@code GET {base}/models} entry for this model (or its only entry: llama.cpp serves one model under
   * any name), fetched on the first call and kept, and the {@code model} and {@code system_fingerprint} its
   * responses named.
   */
  @Override
  public Map<String, String> served() {
    Map<String, String> l = listed;
    if (l == null) {
      synchronized (this) {
        if (listed == null) listed = listModels();
        l = listed;
      }
    }
    Map<String, String> out = new java.util.TreeMap<>(l);
    out.putAll(served.report());
    return out;
  }

  private Map<String, String> listModels() {
    Duration timeout = defaultTimeout.compareTo(MODELS_TIMEOUT) < 0 ? defaultTimeout : MODELS_TIMEOUT;
    try (Exchange ex = Exchange.open(timeout)) {
      try {
        http.execute(HttpRequest.builder().method(HttpMethod.GET).url(modelsUrl).addHeader("Authorization", "Bearer " + apiKey).build());
      } catch (RuntimeException e) {
        return Map.of("models.error", failures.from(ex, e).getMessage());
      }
      JsonNode data;
      try {
        data = ChatCompletionsWire.parse(ex.body()).path("data");
      } catch (Exception e) {
        return Map.of("models.error", failures.malformed(ex, "not JSON", null).getMessage());
      }
      JsonNode entry = null;
      for (JsonNode m : data) if (modelName.equals(m.path("id").asText())) entry = m;
      if (entry == null && data.size() == 1) entry = data.get(0);
      if (entry == null || !entry.isObject())
        return Map.of("models.error", failures.oneLine("no entry for " + modelName + " in the " + data.size() + " models listed at " + ex.url()));
      Map<String, String> out = new java.util.TreeMap<>();
      for (var f : entry.properties()) {
        String v = f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString();
        out.put("models." + f.getKey(), failures.redact(v.length() <= 1000 ? v : v.substring(0, 1000) + "…"));
      }
      return out;
    }
  }

  @Override
  public Output generate(ModelRequest request) throws ModelException {
    GenerateConfig cfg = request.config();
    Duration timeout = cfg.timeoutSeconds() != null ? Duration.ofMillis(Math.round(cfg.timeoutSeconds() * 1000)) : defaultTimeout;
    boolean completions = completionsRoute(request);
    String body = completions ? completionBody(request) : requestBody(request);
    try (Exchange ex = Exchange.open(timeout)) {
      long t0 = System.nanoTime();
      try {
        http.execute(HttpRequest.builder().method(HttpMethod.POST).url(completions ? completionsUrl : url)
            .addHeader("Authorization", "Bearer " + apiKey).addHeader("Content-Type", "application/json").body(body).build());
      } catch (RuntimeException e) {
        throw failures.from(ex, e);
      }
      long latency = (System.nanoTime() - t0) / 1_000_000;
      return completions ? completionOutput(request, ex, latency) : toOutput(ex, latency, request.reasoningPrefix());
    }
  }

  /** Whether this request goes to {@code /completions}: prefilled, with prefill mode {@link PrefillMode#COMPLETIONS}. */
  private boolean completionsRoute(ModelRequest request) {
    return request.reasoningPrefix() != null && chatTemplate != null;
  }

  @Override
  public String requestBody(ModelRequest request) throws ModelException {
    if (completionsRoute(request))
      throw new ModelException(spec + ": prefilled requests on the completions route (" + completionsMode + ") cannot go through a batch API, "
          + "which takes chat requests; run without batch mode", false);
    String prefix = request.reasoningPrefix();
    if (prefix != null && prefill == null)
      throw new ModelException(spec + ": reasoning prefill unsupported by this server configuration; for servers that continue a final "
          + "assistant message (vLLM) set " + continueMode + " (and " + names.apply(Setting.PREFILL_TEMPLATE) + " if the model's "
          + "reasoning is not in <think> tags)", false);
    try {
      List<Message> messages = request.messages();
      Map<String, Object> extra = Map.of();
      if (prefix != null) {
        messages = new ArrayList<>(messages);
        messages.add(Message.assistant(prefill.template().replace("{prefix}", prefix)));
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

  /** The parsed body of a 2xx response captured in {@code ex}, which must have a non-empty {@code choices} array. */
  private JsonNode withChoices(Exchange ex) throws ModelException {
    JsonNode root;
    try {
      root = ChatCompletionsWire.parse(ex.body());
    } catch (Exception e) {
      throw failures.from(ex, e);
    }
    if (root == null || !root.path("choices").isArray() || root.path("choices").isEmpty()) {
      ModelException embedded = failures.embeddedError(ex);
      throw embedded != null ? embedded : failures.malformed(ex, "no choices", null);
    }
    return root;
  }

  /** The output of a 2xx response captured in {@code ex}. */
  private Output toOutput(Exchange ex, long latency, String prefix) throws ModelException {
    String raw = ex.body();
    JsonNode root = withChoices(ex);
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
    String answer = read(prefix, reasoning, content);
    String finish = text(choice.path("finish_reason"));
    saw(root);
    return new Output(answer == null ? "" : failures.redact(answer),
        reasoning.isEmpty() ? null : failures.redact(String.join("\n\n", reasoning)),
        ChatCompletionsWire.toolCalls(msg), ChatCompletionsWire.usage(root.path("usage")), finish, "length".equals(finish), latency,
        failures.redact(raw));
  }

  /**
   * Splits answer text and reasoning out of {@code content} ({@link ThinkTags}), adding the reasoning to
   * {@code reasoning} (which holds what the server returned separately); returns the answer text. For a prefilled
   * request the reasoning becomes the prefix followed by its continuation (the continuation alone when it already
   * starts with the prefix, as llama.cpp returns it), and a continued think block that never
   * closed (none parsed out by the server) is all reasoning. Shared by the chat and completions routes.
   */
  private String read(String prefix, List<String> reasoning, String content) {
    if (prefix != null && prefill.thinkTags() && reasoning.isEmpty() && content != null && !content.contains("</think>"))
      content = content + "</think>";
    ThinkTags.Split split = ThinkTags.split(content);
    addIfText(reasoning, split.reasoning());
    if (prefix != null) {
      String continued = String.join("\n\n", reasoning);
      reasoning.clear();
      String p = prefix.strip();
      // Some servers (llama.cpp) return the prefix with its continuation: then it is not prepended again.
      reasoning.add(continued.isEmpty() ? p : p.isEmpty() || continued.startsWith(p) ? continued : p + " " + continued);
    }
    return split.text();
  }

  /** The output of a completions-route response captured in {@code ex}: {@code choices[0].text} is the continuation. */
  private Output completionOutput(ModelRequest request, Exchange ex, long latency) throws ModelException {
    String raw = ex.body();
    JsonNode root = withChoices(ex);
    JsonNode choice = root.path("choices").path(0);
    if (!choice.path("text").isTextual()) throw failures.malformed(ex, "choices[0].text missing (not a completions response)", null);
    List<String> reasoning = new ArrayList<>();
    String answer = read(request.reasoningPrefix(), reasoning, choice.path("text").asText());
    String finish = text(choice.path("finish_reason"));
    saw(root);
    return new Output(answer == null ? "" : failures.redact(answer),
        reasoning.isEmpty() ? null : failures.redact(String.join("\n\n", reasoning)), List.of(),
        ChatCompletionsWire.usage(root.path("usage")), finish, "length".equals(finish), latency, failures.redact(raw));
  }

  /**
   * The JSON body of a completions-route request: the conversation rendered with the chat template (generation
   * prompt added), the prefill template with the prefix after it, as the {@code prompt}.
   */
  private String completionBody(ModelRequest request) throws ModelException {
    if (!request.tools().isEmpty())
      throw new ModelException(spec + ": tool calls are not supported with " + completionsMode + " (a raw completion has no "
          + "tool-call parsing); use " + continueMode + ", or a request without tools", false);
    GenerateConfig cfg = request.config();
    List<Message> messages = request.messages();
    if (cfg.systemPrompt() != null && messages.stream().noneMatch(m -> m.role() == Role.SYSTEM)) {
      messages = new ArrayList<>(messages);
      messages.add(0, Message.system(cfg.systemPrompt()));
    }
    String prompt;
    try {
      prompt = chatTemplate.render(messages, true);
    } catch (IllegalArgumentException e) {
      throw new ModelException(failures.oneLine(spec + ": " + names.apply(Setting.CHAT_TEMPLATE) + " '" + chatTemplate.source() + "': " + e.getMessage()), false);
    }
    prompt += prefill.after(prompt, request.reasoningPrefix());
    return ChatCompletionsWire.completion(modelName, prompt, cfg.maxTokens() != null ? cfg.maxTokens() : COMPLETIONS_DEFAULT_MAX_TOKENS,
        cfg.temperature(), cfg.seed());
  }

  /** Notes the model and system fingerprint a response names. */
  private void saw(JsonNode root) {
    served.saw("response_model", text(root.path("model")));
    served.saw("response_system_fingerprint", text(root.path("system_fingerprint")));
  }

  private static String text(JsonNode n) {
    return n == null || !n.isTextual() ? null : n.asText();
  }

  private static void addIfText(List<String> into, String s) {
    if (s != null && !s.isBlank() && !into.contains(s.strip())) into.add(s.strip());
  }
}
