package dev.candor.model.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Role;
import dev.candor.model.ToolCall;
import dev.candor.model.Usage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model that answers from recorded trajectories. Each JSONL line is one trajectory:
 * <pre>{@code
 * {"run_id":..., "sample_id":..., "epoch":1, "variant":..., "axes":{...},
 *  "input":[{"role":"user","content":"..."}],
 *  "output":{"text":..., "reasoning":..., "finish_reason":..., "truncated":false,
 *            "usage":{"input_tokens":..,"output_tokens":..,"reasoning_tokens":..}, "latency_ms":.., "raw":"..."}}
 * }</pre>
 * Extra fields are ignored ({@code output.tool_calls: [{id, name, arguments}]} and {@code usage.total_tokens} are
 * read when present); lines without an output (errors) are skipped; blank lines are allowed.
 *
 * <p>A request matches the lines whose input has the same role and content, message by message; a system message
 * in the request (or the config's system prompt) is ignored when the line has none. Repeated identical requests take
 * the matching lines in epoch order (then file order), each line once; a request with no remaining match fails with a
 * non-retryable {@link ModelException}.
 */
public final class ReplayModel implements Model {

  private record Turn(String role, String content) {}

  private record Entry(int line, long epoch, Output output) {}

  private final String spec;
  private final Map<List<Turn>, List<Entry>> withSystem = new HashMap<>();
  private final Map<List<Turn>, List<Entry>> withoutSystem = new HashMap<>();
  private final java.util.Set<Entry> used = new java.util.HashSet<>();
  private final int size;

  private ReplayModel(String spec, List<Object[]> parsed) {
    this.spec = spec;
    for (Object[] p : parsed) {
      @SuppressWarnings("unchecked") List<Turn> input = (List<Turn>) p[0];
      Entry e = (Entry) p[1];
      boolean sys = input.stream().anyMatch(t -> t.role().equals("system"));
      (sys ? withSystem : withoutSystem).computeIfAbsent(input, k -> new ArrayList<>()).add(e);
    }
    Comparator<Entry> order = Comparator.comparingLong(Entry::epoch).thenComparingInt(Entry::line);
    withSystem.values().forEach(l -> l.sort(order));
    withoutSystem.values().forEach(l -> l.sort(order));
    this.size = parsed.size();
  }

  /** Reads a JSONL export; throws IllegalArgumentException naming the file and line on any problem. */
  public static ReplayModel load(Path file, String spec) {
    List<Object[]> parsed = new ArrayList<>();
    try {
      dev.candor.Json.objectLines(file, (n, root) -> {
        JsonNode out = root.path("output");
        if (out.isMissingNode() || out.isNull()) return; // an error line: nothing to replay
        if (!out.isObject()) throw bad(file, n, "'output' must be an object");
        parsed.add(new Object[] {input(file, n, root.path("input")), new Entry(n, epoch(file, n, root.path("epoch")), output(file, n, out))});
      }, (n, why) -> bad(file, n, why));
    } catch (IOException e) {
      throw new IllegalArgumentException("replay: cannot read " + file + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    if (parsed.isEmpty()) throw new IllegalArgumentException("replay: " + file + " has no trajectories with an output");
    return new ReplayModel(spec, parsed);
  }

  /** How many replayable lines were loaded. */
  public int size() { return size; }

  @Override public String spec() { return spec; }
  @Override public boolean supportsTools() { return true; }
  @Override public boolean cacheable() { return false; }

  @Override
  public Output generate(ModelRequest request) throws ModelException {
    List<Turn> full = new ArrayList<>();
    boolean hasSystem = request.messages().stream().anyMatch(m -> m.role() == Role.SYSTEM);
    if (!hasSystem && request.config().systemPrompt() != null) full.add(new Turn("system", request.config().systemPrompt()));
    for (Message m : request.messages()) full.add(new Turn(m.role().name().toLowerCase(Locale.ROOT), m.content() == null ? "" : m.content()));
    List<Turn> noSystem = full.stream().filter(t -> !t.role().equals("system")).toList();
    List<Entry> a = withSystem.getOrDefault(full, List.of());
    List<Entry> b = withoutSystem.getOrDefault(noSystem, List.of());
    synchronized (used) {
      Entry best = null;
      for (Entry e : a) if (!used.contains(e)) { best = e; break; }
      for (Entry e : b) {
        if (used.contains(e)) continue;
        if (best == null || e.epoch() < best.epoch() || (e.epoch() == best.epoch() && e.line() < best.line())) best = e;
        break;
      }
      if (best != null) {
        used.add(best);
        return best.output();
      }
    }
    int matching = a.size() + b.size();
    String first = noSystem.isEmpty() ? "" : abbreviate(noSystem.get(noSystem.size() - 1).content());
    throw new ModelException(spec + ": " + (matching == 0 ? "no recorded trajectory matches this request"
        : "all " + matching + " recorded trajectories matching this request were already replayed")
        + " (" + noSystem.size() + " messages, last: '" + first + "')", false);
  }

  private static List<Turn> input(Path file, int n, JsonNode input) {
    if (!input.isArray()) throw bad(file, n, "missing 'input' (expected an array of {\"role\", \"content\"})");
    List<Turn> turns = new ArrayList<>();
    for (JsonNode m : input) {
      String role = m.path("role").asText("").toLowerCase(Locale.ROOT);
      if (role.equals("developer")) role = "system";
      if (!List.of("system", "user", "assistant", "tool").contains(role))
        throw bad(file, n, "input role '" + m.path("role").asText("") + "' is not one of system, user, assistant, tool");
      turns.add(new Turn(role, text(m.path("content"))));
    }
    return List.copyOf(turns);
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

  private static long epoch(Path file, int n, JsonNode epoch) {
    if (epoch.isMissingNode() || epoch.isNull()) return 1;
    if (!epoch.canConvertToLong()) throw bad(file, n, "'epoch' must be an integer, got " + epoch);
    return epoch.asLong();
  }

  private static Output output(Path file, int n, JsonNode out) {
    JsonNode u = out.path("usage");
    long in = u.path("input_tokens").asLong(-1), o = u.path("output_tokens").asLong(-1);
    long total = u.has("total_tokens") ? u.path("total_tokens").asLong(-1) : in >= 0 && o >= 0 ? in + o : -1;
    Usage usage = u.isObject() ? new Usage(in, o, u.path("reasoning_tokens").asLong(-1), total) : Usage.UNKNOWN;
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : out.path("tool_calls")) {
      JsonNode args = c.has("arguments") ? c.path("arguments") : c.path("arguments_json");
      calls.add(new ToolCall(c.path("id").asText(null), c.path("name").asText(null), args.isTextual() ? args.asText() : args.toString()));
    }
    JsonNode raw = out.path("raw");
    JsonNode truncated = out.path("truncated");
    if (!truncated.isMissingNode() && !truncated.isNull() && !truncated.isBoolean())
      throw bad(file, n, "'output.truncated' must be true or false, got " + truncated);
    return new Output(out.path("text").isTextual() ? out.path("text").asText() : "",
        out.path("reasoning").isTextual() ? out.path("reasoning").asText() : null, calls, usage,
        out.path("finish_reason").isTextual() ? out.path("finish_reason").asText() : null,
        truncated.asBoolean(false), out.path("latency_ms").asLong(0),
        raw.isMissingNode() || raw.isNull() ? null : raw.isTextual() ? raw.asText() : raw.toString());
  }

  private static IllegalArgumentException bad(Path file, int line, String what) {
    return new IllegalArgumentException("replay: " + file + " line " + line + ": " + what);
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 60 ? one : one.substring(0, 60) + "…";
  }
}
