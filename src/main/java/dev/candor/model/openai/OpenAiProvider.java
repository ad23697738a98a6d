package dev.candor.model.openai;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.ApiAccess;
import dev.candor.model.ApiEndpoints;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import dev.candor.model.batch.OpenAiBatchApi;
import dev.candor.model.batch.BatchApi;
import java.util.Optional;
import dev.candor.model.ModelRequest;
import dev.candor.model.template.ChatTemplate;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The {@code openai} provider: {@code openai/MODEL} over the Chat Completions API, for OpenAI itself and every
 * OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp, OpenRouter). The base URL is
 * {@link ModelOptions#baseUrl()}, else the provider's default ({@link ApiAccess#baseUrl()}), else
 * {@value #DEFAULT_BASE_URL}; the key ({@link ApiAccess#key()}) is optional for non-default base URLs (a placeholder is
 * sent). See {@link OpenAiModel} for what is captured and how.
 *
 * <p>Reasoning prefill (a request with {@link ModelRequest#reasoningPrefix()}, as {@code candor
 * intervene} sends) is enabled by the prefill mode of {@link ModelOptions#prefill()}, with an optional template (the
 * text after the conversation, default {@code <think>\n{prefix}}):
 * <ul>
 *   <li>{@code continue_final_message}: the template becomes a final assistant message that the server continues
 *       (vLLM's chat extra parameters {@code continue_final_message} and {@code add_generation_prompt=false}).</li>
 *   <li>{@code completions}: the conversation is rendered with the model's own chat template (the prefill settings'
 *       chat template: a Jinja file such as {@code chat_template.jinja}, or the model's
 *       {@code tokenizer_config.json}; see {@link ChatTemplate}) with the generation prompt, the template follows,
 *       and the whole is sent as the {@code prompt} of {@code POST /completions} (any server with the legacy
 *       completions API: vLLM, SGLang, llama.cpp). Requests without a prefix still use chat completions.</li>
 * </ul>
 */
public final class OpenAiProvider implements ModelProvider {
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** Sent as the bearer token to non-default servers when no key is set (local servers ignore it). */
  static final String PLACEHOLDER_KEY = ApiEndpoints.PLACEHOLDER_KEY;
  private final ApiAccess access;
  private final Function<Setting, String> names;

  /**
   * The provider with its key and default base URL; {@code names} says how the user names a {@link Setting}, for the
   * errors its models record with a run (a prefill request the server configuration cannot take), which no command
   * line renders later.
   */
  public OpenAiProvider(ApiAccess access, Function<Setting, String> names) {
    this.access = java.util.Objects.requireNonNull(access, "access");
    this.names = java.util.Objects.requireNonNull(names, "names");
  }

  @Override public String name() { return "openai"; }

  /** Where and how to reach the API: base URL (no trailing slash), bearer key, whether it is api.openai.com. */
  public record Endpoint(String baseUrl, String apiKey, boolean official) {
    @Override public String toString() { return baseUrl; } // never the key
  }

  @Override
  public Model create(String modelName, ModelOptions options) {
    if (modelName == null || modelName.isBlank())
      throw InvalidSetting.expected(Setting.MODEL, "openai/MODEL (e.g. openai/gpt-4o-mini)", "an empty model name");
    Endpoint e = endpoint(options);
    String mode = options.prefill().mode();
    OpenAiModel.Prefill prefill = mode == null || mode.isBlank() ? null
        : new OpenAiModel.Prefill(PrefillMode.of(mode.strip()), options.prefill().template());
    ChatTemplate template = null;
    if (prefill != null && prefill.mode() == PrefillMode.COMPLETIONS) template = chatTemplate(options.prefill().chatTemplate());
    return new OpenAiModel(modelName, e.baseUrl(), e.apiKey(), e.official(), options.timeout(), prefill, template, options.maxResponseBytes(),
        names);
  }

  /** Loads the chat template at {@code path}; an {@link InvalidSetting} naming the file when absent or unusable. */
  private static ChatTemplate chatTemplate(String path) {
    if (path == null || path.isBlank())
      throw new InvalidSetting(Setting.CHAT_TEMPLATE, Setting.PREFILL, "=" + PrefillMode.COMPLETIONS.text() + " needs ", Setting.CHAT_TEMPLATE,
          ": the path of the model's chat template (a .jinja file, or its tokenizer_config.json)");
    Path file;
    try {
      file = Path.of(path.strip());
    } catch (InvalidPathException ex) {
      throw InvalidSetting.of(Setting.CHAT_TEMPLATE, "not a file path: '" + path + "'");
    }
    try {
      return ChatTemplate.load(file);
    } catch (IllegalArgumentException ex) {
      throw InvalidSetting.of(Setting.CHAT_TEMPLATE, ex.getMessage());
    }
  }

  /**
   * The base URL ({@link ModelOptions#baseUrl()}, else the provider's default, else the official API) and key (a
   * placeholder for other servers when unset). Used by models and the batch API.
   */
  Endpoint endpoint(ModelOptions options) {
    String base = ApiEndpoints.baseUrl(options, access, DEFAULT_BASE_URL, "http://127.0.0.1:8000/v1");
    boolean official = base.equals(DEFAULT_BASE_URL);
    return new Endpoint(base, ApiEndpoints.key(name(), access, official, "a local OpenAI-compatible server"), official);
  }

  /** The longest the model list is waited for when listing checkpoints. */
  static final java.time.Duration LIST_TIMEOUT = java.time.Duration.ofSeconds(60);

  /**
   * The adapters (or models) the server lists at {@code GET {base}/models} whose ids match {@code pattern}, ordered by
   * step: {@code {step}} (exactly once) stands for the step's digits, {@code *} for any text; e.g. {@code myrun-step-{step}}
   * for vLLM LoRA adapters named by step. The phase is unknown ({@code ""}).
   */
  @Override
  public java.util.List<Checkpoint> checkpoints(String pattern, ModelOptions options) {
    java.util.regex.Pattern re = stepPattern(pattern);
    Endpoint e = endpoint(options);
    String url = ApiEndpoints.join(e.baseUrl(), "/models");
    String shown = ApiEndpoints.redact(url);
    java.net.http.HttpResponse<String> res;
    java.time.Duration timeout = options.timeout().compareTo(LIST_TIMEOUT) < 0 ? options.timeout() : LIST_TIMEOUT;
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(timeout).build()) {
      res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(timeout).header("Authorization", "Bearer " + e.apiKey())
          .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException | IllegalArgumentException ex) {
      throw InvalidSetting.of(Setting.BASE_URL, "cannot list the models at " + shown + " (" + ApiEndpoints.redact(String.valueOf(ex.getMessage())) + ")");
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw InvalidSetting.of(Setting.BASE_URL, "interrupted while listing the models at " + shown);
    }
    if (res.statusCode() != 200)
      throw InvalidSetting.of(Setting.BASE_URL, "listing the models at " + shown + " answered HTTP " + res.statusCode());
    com.fasterxml.jackson.databind.JsonNode data;
    try {
      data = dev.candor.Json.MAPPER.readTree(res.body()).path("data");
    } catch (java.io.IOException ex) {
      data = null;
    }
    if (data == null || !data.isArray())
      throw InvalidSetting.of(Setting.BASE_URL, "the model list at " + shown + " is not an OpenAI model list (expected JSON with a \"data\" array)");
    java.util.TreeMap<Long, String> bySteps = new java.util.TreeMap<>();
    for (com.fasterxml.jackson.databind.JsonNode m : data) {
      String id = m.path("id").asText("");
      java.util.regex.Matcher match = re.matcher(id);
      if (!match.matches()) continue;
      long step;
      try {
        step = Long.parseLong(match.group("step"));
      } catch (NumberFormatException tooLong) {
        throw InvalidSetting.of(Setting.MODEL, "model '" + id + "' at " + shown + ": its step '" + match.group("step") + "' is not a number Candor can hold");
      }
      String other = bySteps.put(step, id);
      if (other != null)
        throw InvalidSetting.of(Setting.MODEL, "pattern 'openai/" + pattern + "' matches two models at step " + step + " at " + shown + ": '" + other + "' and '" + id + "'");
    }
    if (bySteps.isEmpty())
      throw InvalidSetting.of(Setting.MODEL, "pattern 'openai/" + pattern + "' matches none of the " + data.size() + " models listed at " + shown);
    java.util.List<Checkpoint> out = new java.util.ArrayList<>();
    bySteps.forEach((step, id) -> out.add(new Checkpoint("openai/" + id, step, "")));
    return out;
  }

  /** {@code pattern} as a regex: {@code {step}} (once) the named group {@code step} of digits, {@code *} any text, the rest literal. */
  static java.util.regex.Pattern stepPattern(String pattern) {
    int at = pattern.indexOf("{step}");
    if (at < 0 || pattern.indexOf("{step}", at + 1) >= 0)
      throw InvalidSetting.of(Setting.MODEL, "pattern 'openai/" + pattern + "': expected {step} exactly once, standing for the step's digits in the "
          + "served names (e.g. openai/myrun-step-{step})");
    StringBuilder re = new StringBuilder();
    String[] parts = pattern.split("\\{step\\}", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) re.append("(?<step>[0-9]+)");
      String[] literal = parts[i].split("\\*", -1);
      for (int j = 0; j < literal.length; j++) {
        if (j > 0) re.append(".*?"); // reluctant: "ckpt*{step}" takes all of "ckpt-1200"'s digits as the step
        if (!literal[j].isEmpty()) re.append(java.util.regex.Pattern.quote(literal[j]));
      }
    }
    return java.util.regex.Pattern.compile(re.toString());
  }

  /** The provider's batch API at the endpoint {@code options} name (its base URL and key). */
  @Override
  public Optional<BatchApi> batchApi(ModelOptions options) {
    Endpoint e = endpoint(options);
    return Optional.of(new OpenAiBatchApi(e.baseUrl(), e.apiKey(), options.timeout()));
  }
}
