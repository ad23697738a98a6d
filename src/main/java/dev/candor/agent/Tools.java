package dev.candor.agent;

import dev.candor.core.BuiltInTools;
import dev.candor.core.ScriptedReplies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.model.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The tools a {@link ToolLoop} can offer. Workspace tools: {@code list_files}, {@code read_file},
 * {@code write_file}, {@code edit_file}, {@code search_files} (on the {@link Workspace}, never following a link) and
 * {@code run_command} (bash in the {@link Sandbox}). Scenario tools: {@code send_email}, {@code send_message},
 * {@code spawn_subagent}, {@code request_permission}, {@code request_quota}, {@code run_checker} (a scenario script
 * run in the sandbox), {@code submit}, and {@link #custom custom} tools whose replies are scripted.
 */
public final class Tools {
  private Tools() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** The workspace tools, in order. */
  public static final List<String> WORKSPACE = List.of("list_files", "read_file", "write_file", "edit_file",
      "search_files", "run_command");

  /** A tool from a spec and a function; the function may throw IllegalArgumentException to report misuse. */
  public static Tool of(ToolSpec spec, BiFunction<JsonNode, Sandbox, ToolResult> fn) {
    return new Tool() {
      @Override public ToolSpec spec() { return spec; }
      @Override public ToolResult call(JsonNode a, Sandbox s) { return fn.apply(a, s); }
    };
  }

  /** A JSON Schema object with string properties ({@code name → description}), all of them required unless listed optional. */
  public static String schema(Map<String, String> props, List<String> optional) {
    ObjectNode s = JSON.createObjectNode();
    s.put("type", "object");
    ObjectNode p = s.putObject("properties");
    var req = s.putArray("required");
    props.forEach((k, d) -> {
      p.putObject(k).put("type", "string").put("description", d);
      if (!optional.contains(k)) req.add(k);
    });
    s.put("additionalProperties", false);
    return s.toString();
  }

  private static Map<String, String> props(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }

  static String str(JsonNode args, String field) {
    JsonNode v = args.get(field);
    if (v == null || v.isNull()) throw new IllegalArgumentException("missing required argument '" + field + "'");
    return v.isTextual() ? v.asText() : v.toString();
  }

  static String optStr(JsonNode args, String field, String dflt) {
    JsonNode v = args.get(field);
    return v == null || v.isNull() ? dflt : v.isTextual() ? v.asText() : v.toString();
  }

  public static Tool listFiles() {
    return of(new ToolSpec("list_files", "List the files and directories in a workspace directory (directories end in /).",
        schema(props("path", "Directory to list; defaults to the workspace root."), List.of("path"))),
        (a, s) -> {
          String p = optStr(a, "path", "");
          List<String> names = s.workspace().list(p);
          return ToolResult.of(names.isEmpty() ? "(empty directory)" : String.join("\n", names));
        });
  }

  public static Tool readFile() {
    return of(new ToolSpec("read_file", "Read a text file from the workspace.", schema(props("path", "File path."), List.of())),
        (a, s) -> ToolResult.of(readText(s.workspace(), str(a, "path"))));
  }

  public static Tool writeFile() {
    return of(new ToolSpec("write_file", "Create or overwrite a text file in the workspace.",
        schema(props("path", "File path.", "content", "The complete new content."), List.of())),
        (a, s) -> {
          String p = str(a, "path");
          String c = str(a, "content");
          s.workspace().write(p, c);
          return ToolResult.of("Wrote " + c.length() + " characters to " + Workspace.normalize(p) + ".");
        });
  }

  public static Tool editFile() {
    return of(new ToolSpec("edit_file", "Replace one exact occurrence of old_text with new_text in a workspace file.",
        schema(props("path", "File path.", "old_text", "Exact text to replace; must occur exactly once.",
            "new_text", "Replacement text."), List.of())),
        (a, s) -> {
          Workspace w = s.workspace();
          String p = str(a, "path");
          String oldT = str(a, "old_text");
          String newT = str(a, "new_text");
          String c = w.read(p);
          int i = oldT.isEmpty() ? -1 : c.indexOf(oldT);
          if (i < 0) throw new IllegalArgumentException("old_text not found in " + Workspace.normalize(p));
          if (c.indexOf(oldT, i + 1) >= 0)
            throw new IllegalArgumentException("old_text occurs more than once in " + Workspace.normalize(p) + "; give more context");
          w.write(p, c.substring(0, i) + newT + c.substring(i + oldT.length()));
          return ToolResult.of("Edited " + Workspace.normalize(p) + ".");
        });
  }

  public static Tool searchFiles() {
    return of(new ToolSpec("search_files", "Search workspace files for a regular expression; prints path:line:text.",
        schema(props("pattern", "Regular expression (Java syntax).", "path", "Directory or file to search; defaults to all."),
            List.of("path"))),
        (a, s) -> {
          Workspace w = s.workspace();
          Pattern re;
          try {
            re = Pattern.compile(str(a, "pattern"));
          } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription());
          }
          StringBuilder sb = new StringBuilder();
          for (String f : w.filesUnder(optStr(a, "path", ""))) {
            int k = 0;
            for (String line : new String(w.readBytes(f, READ_LIMIT), StandardCharsets.UTF_8).lines().toList()) {
              k++;
              if (re.matcher(line).find()) sb.append(f).append(':').append(k).append(':').append(line).append('\n');
            }
          }
          return ToolResult.of(sb.isEmpty() ? "No matches." : sb.toString().stripTrailing());
        });
  }

  /** bash in the sandbox; a line that runs one of {@code checkers} records its name and whether it passed. */
  public static Tool runCommand(List<Checker> checkers) {
    return of(new ToolSpec("run_command", "Run a bash command line in the workspace (/workspace) and get its output "
            + "(stdout and stderr) and exit status.", schema(props("command", "The command line."), List.of())),
        (a, s) -> {
          String command = str(a, "command");
          Sandbox.Exec e = s.exec(command);
          Map<String, Object> data = new LinkedHashMap<>();
          for (Checker c : checkers)
            if (c.ranBy(command)) {
              Sandbox.Exec v = s.exec(c.verdict());
              data.put("checker", c.name());
              data.put("passed", v.exitCode() == 0 && v.limitHit() == null);
            }
          data.put("exit_code", e.exitCode());
          return result(e, data);
        });
  }

  public static Tool runChecker(List<Checker> checkers) {
    List<String> names = checkers.stream().map(Checker::name).toList();
    return of(new ToolSpec("run_checker", "Run one of the project's provided checks by name: " + String.join(", ", names) + ".",
        schema(props("name", "Checker name."), List.of())),
        (a, s) -> {
          String n = str(a, "name");
          for (Checker c : checkers)
            if (c.name().equals(n)) {
              Sandbox.Exec e = s.exec(c.command());
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("checker", c.name());
              data.put("passed", e.exitCode() == 0 && e.limitHit() == null);
              data.put("exit_code", e.exitCode());
              return result(e, data);
            }
          throw new IllegalArgumentException("no checker named '" + n + "'; available: " + String.join(", ", names));
        });
  }

  /**
   * What a command shows the model: its output ("(no output)" when none) and, when the status is not 0, a last line
   * {@code [exit N]}; a command a limit stopped is a failed call, {@code Error: command stopped: LIMIT} above the
   * output it printed first.
   */
  static ToolResult result(Sandbox.Exec e, Map<String, Object> data) {
    String out = e.output().stripTrailing();
    if (e.limitHit() != null)
      return new ToolResult("Error: command stopped: " + e.limitHit() + (out.isEmpty() ? "" : "\n" + out), null, data, true);
    if (e.exitCode() != 0) out = (out.isEmpty() ? "" : out + "\n") + "[exit " + e.exitCode() + "]";
    return new ToolResult(out.isEmpty() ? "(no output)" : out, null, data);
  }

  /** read_file shows at most this many bytes of a file. */
  static final int READ_LIMIT = 1 << 20;

  static String readText(Workspace w, String path) {
    long size = w.size(path);
    String text = new String(w.readBytes(path, READ_LIMIT), StandardCharsets.UTF_8);
    return size <= READ_LIMIT ? text : text + "\n[read_file: showed the first " + READ_LIMIT + " of " + size + " bytes]";
  }

  public static Tool sendEmail(ScriptedReplies replies) {
    return of(new ToolSpec("send_email", "Send an email.",
        schema(props("to", "Recipient address.", "subject", "Subject line.", "body", "Message body."), List.of("subject"))),
        (a, s) -> {
          str(a, "to");
          str(a, "body");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool sendMessage(ScriptedReplies replies) {
    return of(new ToolSpec("send_message", "Send a chat message to a person or agent and receive their reply.",
        schema(props("to", "Recipient.", "message", "Message text."), List.of())),
        (a, s) -> {
          str(a, "to");
          str(a, "message");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool spawnSubagent(ScriptedReplies replies) {
    return of(new ToolSpec("spawn_subagent", "Start a subagent on a task and receive its report.",
        schema(props("name", "A name for the subagent.", "instructions", "What the subagent must do."), List.of("name"))),
        (a, s) -> {
          str(a, "instructions");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool requestPermission(ScriptedReplies replies) {
    return of(new ToolSpec("request_permission", "Ask the administrators for a permission.",
        schema(props("permission", "The permission wanted.", "justification", "Why it is needed."), List.of())),
        (a, s) -> {
          str(a, "permission");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool requestQuota(ScriptedReplies replies) {
    return of(new ToolSpec("request_quota", "Ask the administrators for more of a resource quota.",
        schema(props("resource", "The resource.", "amount", "Amount wanted.", "justification", "Why it is needed."), List.of())),
        (a, s) -> {
          str(a, "resource");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool submit() { return submit(Map.of()); }

  /** {@code submit} asking, beside the answer, for the given fields (name → description), all required strings. */
  public static Tool submit(Map<String, String> fields) {
    Map<String, String> p = props("answer", "The final answer or report.");
    p.putAll(fields);
    return of(new ToolSpec("submit", "Finish the task and give your final answer or report to the user.", schema(p, List.of())),
        (a, s) -> {
          String ans = str(a, "answer");
          for (String f : fields.keySet()) str(a, f);
          return new ToolResult("Submitted.", ans, Map.of());
        });
  }

  /** A scenario-defined tool: string parameters, scripted replies. */
  public static Tool custom(String name, String description, Map<String, String> params, ScriptedReplies replies) {
    return of(new ToolSpec(name, description, schema(params, List.of())), (a, s) -> {
      for (String p : params.keySet()) str(a, p);
      return ToolResult.of(replies.reply(a));
    });
  }

  /** The built-in tool of that name, wired to the given checkers and scripted replies ({@code send_email} etc.). */
  public static Tool builtIn(String name, List<Checker> checkers, Map<String, ScriptedReplies> replies) {
    ScriptedReplies r = replies.getOrDefault(name, ScriptedReplies.always(defaultReply(name)));
    return switch (name) {
      case "list_files" -> listFiles();
      case "read_file" -> readFile();
      case "write_file" -> writeFile();
      case "edit_file" -> editFile();
      case "search_files" -> searchFiles();
      case "run_command" -> runCommand(checkers);
      case "run_checker" -> runChecker(checkers);
      case "send_email" -> sendEmail(r);
      case "send_message" -> sendMessage(r);
      case "spawn_subagent" -> spawnSubagent(r);
      case "request_permission" -> requestPermission(r);
      case "request_quota" -> requestQuota(r);
      case "submit" -> submit();
      default -> throw new IllegalArgumentException("tool: expected one of " + BuiltInTools.NAMES + ", got '" + name + "'");
    };
  }

  static String defaultReply(String tool) {
    return switch (tool) {
      case "send_email" -> "Email sent to {to}.";
      case "send_message" -> "Message delivered to {to}.";
      case "spawn_subagent" -> "Subagent finished: task complete.";
      case "request_permission" -> "Request logged; an administrator will review it.";
      case "request_quota" -> "Request logged; an administrator will review it.";
      default -> "OK.";
    };
  }
}
