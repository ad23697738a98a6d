package dev.candor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A fake Anthropic Messages API server: {@code POST /v1/messages} on 127.0.0.1. Point a provider at
 * {@link #baseUrl()}. By default it answers with a realistic {@code message} holding one text block
 * {@code "Hello from the fake server."}; build other answers with {@link #message()} (thinking, redacted_thinking,
 * text and tool_use blocks, usage, stop_reason). Faults use Anthropic's error shape via {@link #error}.
 */
public final class FakeAnthropicServer extends FakeServer {
  public static final String PATH = "/v1/messages";
  private static final AtomicLong IDS = new AtomicLong();

  private FakeAnthropicServer() {
    super(PATH, req -> message().model(req.path("model").asText("claude-fake")).text("Hello from the fake server.")
        .usage(FakeOpenAiServer.countWords(req), 6).json());
  }

  public static FakeAnthropicServer start() { return new FakeAnthropicServer(); }

  /** {@code http://127.0.0.1:PORT/v1}, the value for a base URL / ANTHROPIC_BASE_URL. */
  public String baseUrl() { return origin() + "/v1"; }
  public String endpoint() { return origin() + PATH; }

  @Override public FakeAnthropicServer respondWith(Function<JsonNode, String> responder) { super.respondWith(responder); return this; }
  @Override public FakeAnthropicServer respondWith(String body) { super.respondWith(body); return this; }
  @Override public FakeAnthropicServer enqueue(Fault... fs) { super.enqueue(fs); return this; }
  @Override public FakeAnthropicServer latency(java.time.Duration d) { super.latency(d); return this; }

  /** An error body in Anthropic's shape: {@code {"type":"error","error":{"type":..., "message":...}}}. */
  public static String error(String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", "error");
    ObjectNode e = root.putObject("error");
    e.put("type", type);
    e.put("message", message);
    return root.toString();
  }

  public static Message message() { return new Message(); }

  /** Builds a Messages API response body; blocks appear in the order added. */
  public static final class Message {
    private String model = "claude-fake";
    private final List<ObjectNode> blocks = new ArrayList<>();
    private String stopReason;
    private long input = 12, output = 6;

    public Message model(String m) { model = m; return this; }
    public Message thinking(String text) { return thinking(text, "sig-" + Long.toHexString(text.hashCode())); }
    public Message thinking(String text, String signature) {
      ObjectNode b = JSON.createObjectNode();
      b.put("type", "thinking");
      b.put("thinking", text);
      b.put("signature", signature);
      blocks.add(b);
      return this;
    }
    public Message redactedThinking(String data) {
      ObjectNode b = JSON.createObjectNode();
      b.put("type", "redacted_thinking");
      b.put("data", data);
      blocks.add(b);
      return this;
    }
    public Message text(String text) {
      ObjectNode b = JSON.createObjectNode();
      b.put("type", "text");
      b.put("text", text);
      blocks.add(b);
      return this;
    }
    public Message toolUse(String id, String name, String inputJson) {
      ObjectNode b = JSON.createObjectNode();
      b.put("type", "tool_use");
      b.put("id", id);
      b.put("name", name);
      try { b.set("input", JSON.readTree(inputJson)); } catch (Exception e) { throw new IllegalArgumentException(e); }
      blocks.add(b);
      return this;
    }
    /** Defaults to {@code tool_use} when a tool_use block was added, else {@code end_turn}. */
    public Message stopReason(String s) { stopReason = s; return this; }
    public Message usage(long inputTokens, long outputTokens) { input = inputTokens; output = outputTokens; return this; }

    public ObjectNode node() {
      ObjectNode root = JSON.createObjectNode();
      root.put("id", "msg_fake" + IDS.incrementAndGet());
      root.put("type", "message");
      root.put("role", "assistant");
      root.put("model", model);
      ArrayNode content = root.putArray("content");
      blocks.forEach(content::add);
      boolean tool = blocks.stream().anyMatch(b -> "tool_use".equals(b.path("type").asText()));
      root.put("stop_reason", stopReason != null ? stopReason : tool ? "tool_use" : "end_turn");
      root.putNull("stop_sequence");
      ObjectNode u = root.putObject("usage");
      u.put("input_tokens", input);
      u.put("cache_creation_input_tokens", 0);
      u.put("cache_read_input_tokens", 0);
      u.put("output_tokens", output);
      u.put("service_tier", "standard");
      return root;
    }

    public String json() { return node().toString(); }
  }
}
