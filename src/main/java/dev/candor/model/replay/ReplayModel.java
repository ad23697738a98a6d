package dev.candor.model.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.Jackson;
import dev.candor.model.InputHash;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Role;
import dev.candor.model.SampleBound;
import dev.candor.model.ToolCall;
import dev.candor.model.Usage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model that answers from recorded trajectories, one JSONL line each (the schema of {@code candor export --format
 * jsonl}; docs/jsonl.md). A line is matched to a (sample, epoch) of the run by its {@code sample_id}, its
 * {@code epoch} (default 1) and the SHA-256 of the sample's full input ({@code input_sha256}, else computed from its
 * {@code input} messages: {@link InputHash}), never by message content alone: two samples whose difference lies only
 * in a seeded file do not receive each other's trajectories.
 *
 * <p>A matched line answers the bound pair's model calls in order: each assistant turn of its {@code messages} (text,
 * reasoning, tool calls), the last one with the {@code output}'s finish reason, truncation, usage, latency and raw
 * response; a line with no assistant turn in {@code messages} answers one call with its {@code output} (and
 * {@code output.tool_calls}). Lines without an output (errors) and blank lines are skipped.
 */
public final class ReplayModel implements Model, SampleBound {
  /** Where the line format is documented; every error about a line names it. */
  public static final String SCHEMA = "docs/jsonl.md";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private record Key(String sampleId, int epoch, String inputSha256) {}

  private final String spec;
  private final Map<Key, List<Output>> lines;
  /** Per (sample, epoch): the input hashes that have a line, to say why a pair found none. */
  private final Map<String, Set<String>> hashesOf = new HashMap<>();

  private ReplayModel(String spec, Map<Key, List<Output>> lines) {
    this.spec = spec;
    this.lines = lines;
    lines.keySet().forEach(k -> hashesOf.computeIfAbsent(k.sampleId() + "#" + k.epoch(), x -> new HashSet<>()).add(k.inputSha256()));
  }

  /** Reads a JSONL export; throws IllegalArgumentException naming the file, line, field and {@link #SCHEMA} on any problem. */
  public static ReplayModel load(Path file, String spec) {
    Map<Key, List<Output>> lines = new HashMap<>();
    Map<Key, Integer> lineOf = new HashMap<>();
    try {
      Jackson.objectLines(file, (n, root) -> {
        JsonNode out = root.path("output");
        if (out.isMissingNode() || out.isNull()) return; // an error line: nothing to replay
        if (!out.isObject()) throw bad(file, n, "output", "expected an object");
        JsonNode id = root.path("sample_id");
        if (!id.isValueNode() || id.isNull() || id.asText().isEmpty()) throw bad(file, n, "sample_id", "missing; expected the sample's id");
        Key key = new Key(id.asText(), epoch(file, n, root.path("epoch")), inputHash(file, n, root));
        Integer first = lineOf.putIfAbsent(key, n);
        if (first != null)
          throw bad(file, n, "sample_id", "a second trajectory for sample '" + key.sampleId() + "' epoch " + key.epoch() + " (first on line " + first + ")");
        lines.put(key, turns(file, n, root, out));
      }, (n, why) -> new IllegalArgumentException("replay: " + file + " line " + n + ": " + why + " (schema: " + SCHEMA + ")"));
    } catch (IOException e) {
      throw new IllegalArgumentException("replay: cannot read " + file + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    if (lines.isEmpty()) throw new IllegalArgumentException("replay: " + file + " has no trajectories with an output (schema: " + SCHEMA + ")");
    return new ReplayModel(spec, lines);
  }

  /** How many replayable lines were loaded. */
  public int size() { return lines.size(); }

  @Override public String spec() { return spec; }
  @Override public boolean supportsTools() { return true; }
  @Override public boolean cacheable() { return false; }

  /** Unbound, it has no sample to answer for: the run engine always binds it ({@link SampleBound}). */
  @Override
  public Output generate(ModelRequest request) throws ModelException {
    throw new ModelException(spec + ": a replay answers per (sample, epoch) and was asked outside a run", false);
  }

  @Override
  public String missing(String sampleId, int epoch, String inputSha256) {
    if (lines.containsKey(new Key(sampleId, epoch, inputSha256))) return null;
    return hashesOf.containsKey(sampleId + "#" + epoch) ? "its line's input (prompt or seeded files) differs from the sample's now"
        : "no line for it";
  }

  @Override
  public Model bind(String sampleId, int epoch, String inputSha256) {
    List<Output> turns = lines.get(new Key(sampleId, epoch, inputSha256));
    String why = missing(sampleId, epoch, inputSha256);
    int[] next = {0};
    return new Model() {
      @Override public String spec() { return spec; }
      @Override public boolean supportsTools() { return true; }
      @Override public boolean cacheable() { return false; }

      @Override
      public Output generate(ModelRequest request) throws ModelException {
        if (turns == null)
          throw new ModelException(spec + ": no recorded trajectory for sample '" + sampleId + "' epoch " + epoch + " (" + why
              + "; matched by sample id, epoch and input SHA-256)", false);
        synchronized (next) {
          if (next[0] >= turns.size())
            throw new ModelException(spec + ": the recorded trajectory of sample '" + sampleId + "' epoch " + epoch + " has only "
                + turns.size() + " model turn(s); the conversation went on past them", false);
          return turns.get(next[0]++);
        }
      }
    };
  }

  /** The line's {@code input_sha256}, else the hash of its {@code input} messages. */
  private static String inputHash(Path file, int n, JsonNode root) {
    JsonNode given = root.path("input_sha256");
    if (!given.isMissingNode() && !given.isNull()) {
      if (!given.isTextual() || !SHA256.matcher(given.asText()).matches())
        throw bad(file, n, "input_sha256", "expected 64 lower-case hex digits (the SHA-256 of the sample's full input), got " + given);
      return given.asText();
    }
    JsonNode input = root.path("input");
    if (!input.isArray()) throw bad(file, n, "input", "missing; expected an array of {\"role\", \"content\"} (or input_sha256)");
    List<Message> messages = new ArrayList<>();
    for (JsonNode m : input) messages.add(new Message(role(file, n, "input", m), text(m.path("content")), null, List.of(), null));
    return InputHash.of(messages, Map.of());
  }

  /** The model turns a line answers: its assistant messages, the last completed by its output; or its output alone. */
  private static List<Output> turns(Path file, int n, JsonNode root, JsonNode out) {
    JsonNode truncated = out.path("truncated");
    if (!truncated.isMissingNode() && !truncated.isNull() && !truncated.isBoolean())
      throw bad(file, n, "output.truncated", "expected true or false, got " + truncated);
    List<JsonNode> assistant = new ArrayList<>();
    JsonNode messages = root.path("messages");
    if (!messages.isMissingNode() && !messages.isNull() && !messages.isArray()) throw bad(file, n, "messages", "expected an array of messages");
    for (JsonNode m : messages) if (role(file, n, "messages", m) == Role.ASSISTANT) assistant.add(m);
    JsonNode u = out.path("usage");
    long in = u.path("input_tokens").asLong(-1), o = u.path("output_tokens").asLong(-1);
    long total = u.has("total_tokens") ? u.path("total_tokens").asLong(-1) : in >= 0 && o >= 0 ? in + o : -1;
    Usage usage = u.isObject() ? new Usage(in, o, u.path("reasoning_tokens").asLong(-1), total) : Usage.UNKNOWN;
    JsonNode raw = out.path("raw");
    String finish = out.path("finish_reason").isTextual() ? out.path("finish_reason").asText() : null;
    String rawText = raw.isMissingNode() || raw.isNull() ? null : raw.isTextual() ? raw.asText() : raw.toString();
    List<Output> turns = new ArrayList<>();
    for (int i = 0; i < assistant.size() - 1; i++) {
      JsonNode m = assistant.get(i);
      turns.add(new Output(text(m.path("content")), str(m, "reasoning"), calls(m), Usage.UNKNOWN, null, false, 0, null));
    }
    JsonNode last = assistant.isEmpty() ? out : assistant.getLast();
    List<ToolCall> lastCalls = calls(last);
    if (lastCalls.isEmpty()) lastCalls = calls(out);
    turns.add(new Output(out.path("text").isTextual() ? out.path("text").asText() : text(last.path("content")),
        out.path("reasoning").isTextual() ? out.path("reasoning").asText() : str(last, "reasoning"), lastCalls, usage, finish,
        truncated.asBoolean(false), out.path("latency_ms").asLong(0), rawText));
    return List.copyOf(turns);
  }

  /** A message's tool calls, as Candor stores them ({@code toolCalls: [{id, name, argumentsJson}]}) or as OpenAI writes them. */
  private static List<ToolCall> calls(JsonNode m) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : m.has("toolCalls") ? m.path("toolCalls") : m.path("tool_calls")) {
      JsonNode args = c.has("argumentsJson") ? c.path("argumentsJson") : c.has("arguments") ? c.path("arguments") : c.path("arguments_json");
      calls.add(new ToolCall(c.path("id").asText(null), c.path("name").asText(null), args.isTextual() ? args.asText() : args.toString()));
    }
    return calls;
  }

  private static Role role(Path file, int n, String field, JsonNode m) {
    String role = m.path("role").asText("").toLowerCase(Locale.ROOT);
    if (role.equals("developer")) role = "system";
    return switch (role) {
      case "system" -> Role.SYSTEM;
      case "user" -> Role.USER;
      case "assistant" -> Role.ASSISTANT;
      case "tool" -> Role.TOOL;
      default -> throw bad(file, n, field, "role '" + m.path("role").asText("") + "' is not one of system, user, assistant, tool");
    };
  }

  private static String text(JsonNode content) {
    if (content.isMissingNode() || content.isNull()) return "";
    if (content.isTextual()) return content.asText();
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) if (part.path("text").isTextual()) sb.append(part.path("text").asText());
      return sb.toString();
    }
    return content.toString();
  }

  private static String str(JsonNode n, String field) {
    return n.path(field).isTextual() ? n.path(field).asText() : null;
  }

  private static int epoch(Path file, int n, JsonNode epoch) {
    if (epoch.isMissingNode() || epoch.isNull()) return 1;
    if (!epoch.canConvertToInt()) throw bad(file, n, "epoch", "expected a whole number, got " + epoch);
    return epoch.asInt();
  }

  private static IllegalArgumentException bad(Path file, int line, String field, String what) {
    return new IllegalArgumentException("replay: " + file + " line " + line + ": field '" + field + "': " + what + " (schema: " + SCHEMA + ")");
  }
}
