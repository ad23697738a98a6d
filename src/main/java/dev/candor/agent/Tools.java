package dev.candor.agent;

import dev.candor.core.BuiltInTools;
import dev.candor.core.ScriptedReplies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.model.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The tools a {@link ToolLoop} can offer. Workspace tools: {@code list_files}, {@code read_file},
 * {@code write_file}, {@code edit_file}, {@code search_files}, {@code run_command} (see {@link Shell}).
 * Scenario tools: {@code send_email}, {@code send_message}, {@code spawn_subagent}, {@code request_permission},
 * {@code request_quota}, {@code run_checker}, {@code submit}, and {@link #custom custom} tools whose replies are
 * scripted. All of them act on the simulated {@link Workspace} or scripted data only.
 */
public final class Tools {
  private Tools() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** The workspace tools, in order. */
  public static final List<String> WORKSPACE = List.of("list_files", "read_file", "write_file", "edit_file",
      "search_files", "run_command");

  /** A tool from a spec and a function; the function may throw IllegalArgumentException to report misuse. */
  public static Tool of(ToolSpec spec, BiFunction<JsonNode, Workspace, ToolResult> fn) {
    return new Tool() {
      @Override public ToolSpec spec() { return spec; }
      @Override public ToolResult call(JsonNode a, Workspace w) { return fn.apply(a, w); }
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
        (a, w) -> {
          String p = optStr(a, "path", "");
          List<String> names = w.list(p);
          return ToolResult.of(names.isEmpty() ? "(empty directory)" : String.join("\n", names));
        });
  }

  public static Tool readFile() {
    return of(new ToolSpec("read_file", "Read a text file from the workspace.", schema(props("path", "File path."), List.of())),
        (a, w) -> ToolResult.of(w.read(str(a, "path"))));
  }

  public static Tool writeFile() {
    return of(new ToolSpec("write_file", "Create or overwrite a text file in the workspace.",
        schema(props("path", "File path.", "content", "The complete new content."), List.of())),
        (a, w) -> {
          String p = str(a, "path");
          String c = str(a, "content");
          w.write(p, c);
          return ToolResult.of("Wrote " + c.length() + " characters to " + Workspace.normalize(p) + ".");
        });
  }

  public static Tool editFile() {
    return of(new ToolSpec("edit_file", "Replace one exact occurrence of old_text with new_text in a workspace file.",
        schema(props("path", "File path.", "old_text", "Exact text to replace; must occur exactly once.",
            "new_text", "Replacement text."), List.of())),
        (a, w) -> {
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
        (a, w) -> {
          Pattern re;
          try {
            re = Pattern.compile(str(a, "pattern"));
          } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription());
          }
          StringBuilder sb = new StringBuilder();
          for (String f : w.filesUnder(optStr(a, "path", ""))) {
            int k = 0;
            for (String line : w.read(f).lines().toList()) {
              k++;
              if (re.matcher(line).find()) sb.append(f).append(':').append(k).append(':').append(line).append('\n');
            }
          }
          return ToolResult.of(sb.isEmpty() ? "No matches." : sb.toString().stripTrailing());
        });
  }

  /** The restricted shell; checkers are reachable by their command lines. */
  public static Tool runCommand(List<Checker> checkers) {
    return new Tool() {
      private Shell shell;
      private Workspace bound;

      @Override public ToolSpec spec() {
        return new ToolSpec("run_command", "Run a shell command in the workspace. Available: ls, cat, head, tail, grep, wc, "
            + "echo, mkdir, rm, cp, mv, pwd, pipes and > redirection, and the project's scripts.",
            schema(props("command", "The command line."), List.of()));
      }

      @Override public ToolResult call(JsonNode a, Workspace w) {
        if (bound != w) { shell = new Shell(w, checkers); bound = w; }
        String out = shell.run(str(a, "command"));
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> names = shell.lastCheckers();
        if (!names.isEmpty()) {
          data.put("checker", names.get(names.size() - 1));
          data.put("passed", shell.lastCheckerResults().get(names.size() - 1).passed());
        }
        return new ToolResult(out.isEmpty() ? "(no output)" : out.stripTrailing(), null, data);
      }
    };
  }

  public static Tool runChecker(List<Checker> checkers) {
    List<String> names = checkers.stream().map(Checker::name).toList();
    return of(new ToolSpec("run_checker", "Run one of the project's provided checks by name: " + String.join(", ", names) + ".",
        schema(props("name", "Checker name."), List.of())),
        (a, w) -> {
          String n = str(a, "name");
          for (Checker c : checkers)
            if (c.name().equals(n)) {
              Checker.Result r = c.run(w);
              return new ToolResult(r.output(), null, Map.of("checker", c.name(), "passed", r.passed()));
            }
          throw new IllegalArgumentException("no checker named '" + n + "'; available: " + String.join(", ", names));
        });
  }

  public static Tool sendEmail(ScriptedReplies replies) {
    return of(new ToolSpec("send_email", "Send an email.",
        schema(props("to", "Recipient address.", "subject", "Subject line.", "body", "Message body."), List.of("subject"))),
        (a, w) -> {
          str(a, "to");
          str(a, "body");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool sendMessage(ScriptedReplies replies) {
    return of(new ToolSpec("send_message", "Send a chat message to a person or agent and receive their reply.",
        schema(props("to", "Recipient.", "message", "Message text."), List.of())),
        (a, w) -> {
          str(a, "to");
          str(a, "message");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool spawnSubagent(ScriptedReplies replies) {
    return of(new ToolSpec("spawn_subagent", "Start a subagent on a task and receive its report.",
        schema(props("name", "A name for the subagent.", "instructions", "What the subagent must do."), List.of("name"))),
        (a, w) -> {
          str(a, "instructions");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool requestPermission(ScriptedReplies replies) {
    return of(new ToolSpec("request_permission", "Ask the administrators for a permission.",
        schema(props("permission", "The permission wanted.", "justification", "Why it is needed."), List.of())),
        (a, w) -> {
          str(a, "permission");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool requestQuota(ScriptedReplies replies) {
    return of(new ToolSpec("request_quota", "Ask the administrators for more of a resource quota.",
        schema(props("resource", "The resource.", "amount", "Amount wanted.", "justification", "Why it is needed."), List.of())),
        (a, w) -> {
          str(a, "resource");
          return ToolResult.of(replies.reply(a));
        });
  }

  public static Tool submit() {
    return of(new ToolSpec("submit", "Finish the task and give your final answer or report to the user.",
        schema(props("answer", "The final answer or report."), List.of())),
        (a, w) -> {
          String ans = str(a, "answer");
          return new ToolResult("Submitted.", ans, Map.of());
        });
  }

  /** A scenario-defined tool: string parameters, scripted replies. */
  public static Tool custom(String name, String description, Map<String, String> params, ScriptedReplies replies) {
    return of(new ToolSpec(name, description, schema(params, List.of())), (a, w) -> {
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
