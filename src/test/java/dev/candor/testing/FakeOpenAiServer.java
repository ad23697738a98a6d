package dev.candor.testing;

import dev.candor.cli.CliWiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A fake OpenAI Chat Completions server: {@code POST /v1/chat/completions} on 127.0.0.1. Point a provider at
 * {@link #baseUrl()}. By default it answers every request with a realistic {@code chat.completion} whose content is
 * {@code "Hello from the fake server."}; script it with {@link #respondWith}, {@link #enqueue(Fault...)} and
 * {@link #latency}, and build answers with {@link #completion()}.
 *
 * <pre>{@code
 * try (var server = FakeOpenAiServer.start()) {
 *   server.respondWith(req -> FakeOpenAiServer.completion().content("7").reasoningContent("odd pays").json());
 *   server.enqueue(Fault.rateLimited(2), Fault.serverError());
 *   ... CliWiring.openAi().create("gpt-x", new ModelOptions(server.baseUrl(), null)) ...
 * }
 * }</pre>
 */
public final class FakeOpenAiServer extends FakeServer {
  public static final String PATH = "/v1/chat/completions";
  private static final AtomicLong IDS = new AtomicLong();

  /** The legacy completions endpoint, also served: {@code prompt} in, {@code choices[0].text} out. */
  public static final String COMPLETIONS_PATH = "/v1/completions";

  private FakeOpenAiServer() {
    super(PATH, req -> completion().model(req.path("model").asText("fake-model"))
        .content("Hello from the fake server.").usage(countWords(req), 6, 0).json());
    route(COMPLETIONS_PATH, req -> textCompletion().model(req.path("model").asText("fake-model")).text(" Hello from the fake server.").json());
  }

  /** Replaces the responder of {@value #COMPLETIONS_PATH}. */
  public FakeOpenAiServer respondToCompletions(Function<JsonNode, String> responder) { route(COMPLETIONS_PATH, responder); return this; }

  /** A builder of one realistic legacy {@code text_completion} response body (as vLLM, SGLang, llama.cpp send). */
  public static TextCompletion textCompletion() { return new TextCompletion(); }

  /** Builds a {@code text_completion} body. */
  public static final class TextCompletion {
    private String model = "fake-model";
    private String text = "";
    private String finishReason = "stop";
    private long prompt = 40, completion = 9;

    public TextCompletion model(String m) { model = m; return this; }
    public TextCompletion text(String t) { text = t; return this; }
    public TextCompletion finishReason(String f) { finishReason = f; return this; }
    public TextCompletion usage(long promptTokens, long completionTokens) { prompt = promptTokens; completion = completionTokens; return this; }

    public ObjectNode node() {
      ObjectNode root = JSON.createObjectNode();
      root.put("id", "cmpl-fake" + IDS.incrementAndGet());
      root.put("object", "text_completion");
      root.put("created", System.currentTimeMillis() / 1000);
      root.put("model", model);
      ObjectNode choice = root.putArray("choices").addObject();
      choice.put("index", 0);
      choice.put("text", text);
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason);
      choice.putNull("stop_reason");
      ObjectNode u = root.putObject("usage");
      u.put("prompt_tokens", prompt);
      u.put("completion_tokens", completion);
      u.put("total_tokens", prompt + completion);
      return root;
    }

    public String json() { return node().toString(); }
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  public static FakeOpenAiServer start() { return new FakeOpenAiServer(); }

  /** {@code http://127.0.0.1:PORT/v1}, the value for a base URL / OPENAI_BASE_URL. */
  public String baseUrl() { return origin() + "/v1"; }
  /** The full endpoint URL. */
  public String endpoint() { return origin() + PATH; }

  @Override public FakeOpenAiServer respondWith(Function<JsonNode, String> responder) { super.respondWith(responder); return this; }
  @Override public FakeOpenAiServer respondWith(String body) { super.respondWith(body); return this; }
  @Override public FakeOpenAiServer enqueue(Fault... fs) { super.enqueue(fs); return this; }
  @Override public FakeOpenAiServer latency(java.time.Duration d) { super.latency(d); return this; }

  /** A builder of one realistic {@code chat.completion} response body. */
  public static Completion completion() { return new Completion(); }

  /** Builds a {@code chat.completion} body; unset parts are omitted (content null when only tool calls). */
  public static final class Completion {
    private String model = "fake-model";
    private String content;
    private String reasoningContent;
    private String reasoning;
    private final List<String[]> reasoningDetails = new ArrayList<>();
    private final List<String[]> toolCalls = new ArrayList<>();
    private String finishReason;
    private long prompt = 12, completion = 6, reasoningTokens = -1;
    private boolean usage = true;

    public Completion model(String m) { model = m; return this; }
    public Completion content(String c) { content = c; return this; }
    /** {@code message.reasoning_content} (DeepSeek, vLLM, SGLang). */
    public Completion reasoningContent(String r) { reasoningContent = r; return this; }
    /** {@code message.reasoning} (Ollama, OpenRouter, newer vLLM). */
    public Completion reasoning(String r) { reasoning = r; return this; }
    /** One {@code message.reasoning_details[]} entry of type {@code reasoning.text} (OpenRouter). */
    public Completion reasoningDetail(String text) { reasoningDetails.add(new String[] {"reasoning.text", text}); return this; }
    /** One {@code reasoning_details[]} entry of type {@code reasoning.summary}. */
    public Completion reasoningSummary(String summary) { reasoningDetails.add(new String[] {"reasoning.summary", summary}); return this; }
    /** One {@code reasoning_details[]} entry of type {@code reasoning.encrypted} (opaque data, no text). */
    public Completion reasoningEncrypted(String data) { reasoningDetails.add(new String[] {"reasoning.encrypted", data}); return this; }
    public Completion toolCall(String id, String name, String argumentsJson) { toolCalls.add(new String[] {id, name, argumentsJson}); return this; }
    /** Defaults to {@code tool_calls} when tool calls were added, else {@code stop}. */
    public Completion finishReason(String f) { finishReason = f; return this; }
    /** prompt, completion and reasoning tokens (reasoning &lt; 0 omits completion_tokens_details). */
    public Completion usage(long promptTokens, long completionTokens, long reasoning) {
      prompt = promptTokens; completion = completionTokens; reasoningTokens = reasoning; return this;
    }
    public Completion noUsage() { usage = false; return this; }

    public ObjectNode node() {
      ObjectNode root = JSON.createObjectNode();
      root.put("id", "chatcmpl-fake" + IDS.incrementAndGet());
      root.put("object", "chat.completion");
      root.put("created", System.currentTimeMillis() / 1000);
      root.put("model", model);
      root.put("system_fingerprint", "fp_fake");
      ArrayNode choices = root.putArray("choices");
      ObjectNode choice = choices.addObject();
      choice.put("index", 0);
      ObjectNode msg = choice.putObject("message");
      msg.put("role", "assistant");
      if (content == null) msg.putNull("content"); else msg.put("content", content);
      if (reasoningContent != null) msg.put("reasoning_content", reasoningContent);
      if (reasoning != null) msg.put("reasoning", reasoning);
      if (!reasoningDetails.isEmpty()) {
        ArrayNode rd = msg.putArray("reasoning_details");
        int i = 0;
        for (String[] d : reasoningDetails) {
          ObjectNode o = rd.addObject();
          o.put("type", d[0]);
          switch (d[0]) {
            case "reasoning.text" -> o.put("text", d[1]);
            case "reasoning.summary" -> o.put("summary", d[1]);
            default -> o.put("data", d[1]);
          }
          o.put("format", "unknown");
          o.put("index", i++);
        }
      }
      msg.putNull("refusal");
      if (!toolCalls.isEmpty()) {
        ArrayNode tc = msg.putArray("tool_calls");
        for (String[] t : toolCalls) {
          ObjectNode o = tc.addObject();
          o.put("id", t[0]);
          o.put("type", "function");
          ObjectNode fn = o.putObject("function");
          fn.put("name", t[1]);
          fn.put("arguments", t[2]);
        }
      }
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason != null ? finishReason : toolCalls.isEmpty() ? "stop" : "tool_calls");
      if (usage) {
        ObjectNode u = root.putObject("usage");
        u.put("prompt_tokens", prompt);
        u.put("completion_tokens", completion);
        u.put("total_tokens", prompt + completion);
        u.putObject("prompt_tokens_details").put("cached_tokens", 0);
        if (reasoningTokens >= 0) {
          ObjectNode d = u.putObject("completion_tokens_details");
          d.put("reasoning_tokens", reasoningTokens);
          d.put("accepted_prediction_tokens", 0);
          d.put("rejected_prediction_tokens", 0);
        }
      }
      return root;
    }

    public String json() { return node().toString(); }
  }

  static long countWords(JsonNode req) {
    long n = 0;
    for (JsonNode m : req.path("messages")) {
      String c = m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString();
      n += c.isBlank() ? 0 : c.strip().split("\\s+").length;
      n += 4;
    }
    return Math.max(n, 1);
  }
}
