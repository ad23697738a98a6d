package dev.candor.model.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.candor.model.Message;
import dev.candor.model.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.javax.el.CompositeELResolver;

/**
 * A model's chat template: the Jinja template that Hugging Face tokenizers (and vLLM, SGLang, llama.cpp) use to turn
 * a conversation into the model's prompt text, rendered here with Jinjava configured as {@code transformers} renders
 * it ({@code trim_blocks}, {@code lstrip_blocks}, no kept trailing newline, the {@code raise_exception} global, the
 * special tokens as variables). Python {@code str} methods that templates call are provided by {@link PythonStrings}.
 * As in Jinja2, one trailing newline of the template is dropped. Two constructs of Qwen3's template that Jinjava cannot read are rewritten before rendering (the recorded hash is of
 * the template as read): {@code name[::-1]} becomes {@code (name|reverse)}, and a {@code namespace(k=a - 1)} argument
 * is parenthesized, {@code namespace(k=(a - 1))}. Two constructs Jinjava would silently render wrong are refused:
 * loop filters ({@code for x in xs if c}, rendered as nothing) and a bare {@code not a in b} / {@code not a == b}
 * (read as {@code (not a) in b}).
 * {@code strftime_now} is deliberately not defined, so date-stamping templates (Llama 3.1) fall back to their fixed
 * date and a prompt is reproducible.
 *
 * <p>Load one with {@link #load(Path)} from a template file ({@code chat_template.jinja}) or a
 * {@code tokenizer_config.json} (its {@code chat_template}, a string or the {@code default} of a named list, and its
 * {@code bos_token}/{@code eos_token}, strings or {@code {"content": ...}} objects). A template file takes its special
 * tokens from a {@code tokenizer_config.json} beside it when there is one. Instances are immutable and thread-safe.
 */
public final class ChatTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\[\\s*:\\s*:\\s*-1\\s*\\]");
  private static final List<String> TOKENS = List.of("bos_token", "eos_token", "pad_token", "unk_token");

  private final Path source;
  private final String template;
  private final String jinjava;
  private final Map<String, String> specialTokens;
  private final String sha256;
  private final Jinjava engine;

  private ChatTemplate(Path source, String template, Map<String, String> specialTokens) {
    this.source = source;
    this.template = template;
    this.jinjava = forJinjava(template);
    this.specialTokens = Map.copyOf(specialTokens);
    this.sha256 = sha256(template);
    this.engine = engine();
  }

  /** Thrown by a template's {@code raise_exception(message)}. */
  public static final class Raised extends RuntimeException {
    Raised(String message) { super(message, null, false, false); }
  }

  /** The template's {@code raise_exception}: bound into Jinjava as a function. */
  public static String raiseException(Object message) {
    throw new Raised(String.valueOf(message));
  }

  /**
   * Reads a chat template from a {@code .json} tokenizer config or a Jinja template file and checks that it renders
   * a one-message conversation. Throws a one-line {@link IllegalArgumentException} naming the file when it is
   * missing, unreadable, has no template, or does not render.
   */
  public static ChatTemplate load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("'" + file + "': no such file");
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new IllegalArgumentException("'" + file + "': cannot read: " + e.getMessage());
    }
    ChatTemplate t;
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      JsonNode root;
      try {
        root = JSON.readTree(text);
      } catch (IOException e) {
        String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        throw new IllegalArgumentException("'" + file + "': not JSON: " + oneLine(why));
      }
      t = new ChatTemplate(file, templateIn(root, file), tokensIn(root));
    } else {
      if (text.isBlank()) throw new IllegalArgumentException("'" + file + "': empty template");
      Path beside = file.toAbsolutePath().resolveSibling("tokenizer_config.json");
      Map<String, String> tokens = Map.of();
      if (Files.isRegularFile(beside)) {
        try {
          tokens = tokensIn(JSON.readTree(Files.readString(beside, StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new IllegalArgumentException("'" + beside + "' (special tokens for '" + file + "'): not readable JSON: " + e.getMessage());
        }
      }
      t = new ChatTemplate(file, text, tokens);
    }
    try {
      t.render(List.of(Message.user("Hello")), true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + file + "': does not render a one-message conversation: " + e.getMessage());
    }
    return t;
  }

  /** A template given as text (tests, embedding), with the special tokens it may refer to. */
  public static ChatTemplate of(String template, Map<String, String> specialTokens) {
    return new ChatTemplate(null, template, specialTokens);
  }

  /** The file it was read from, or null. */
  public Path source() { return source; }
  /** The template text as read (before any compatibility rewriting). */
  public String template() { return template; }
  /** Lower-case hex SHA-256 of the UTF-8 template text: what a run records to name the template exactly. */
  public String sha256() { return sha256; }
  /** The special tokens passed to the template ({@code bos_token}, {@code eos_token}, …), possibly empty. */
  public Map<String, String> specialTokens() { return specialTokens; }

  /**
   * The prompt for {@code messages} ({@code role} and {@code content} per message; a tool result also carries
   * {@code tool_call_id}). Throws a one-line {@link IllegalArgumentException} if the template raises or fails.
   */
  public String render(List<Message> messages, boolean addGenerationPrompt) {
    List<Map<String, Object>> msgs = new ArrayList<>(messages.size());
    for (Message m : messages) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("role", m.role().name().toLowerCase(Locale.ROOT));
      o.put("content", m.content() == null ? "" : m.content());
      if (m.role() == Role.TOOL && m.toolCallId() != null) o.put("tool_call_id", m.toolCallId());
      msgs.add(o);
    }
    Map<String, Object> vars = new LinkedHashMap<>(specialTokens);
    vars.put("messages", msgs);
    vars.put("add_generation_prompt", addGenerationPrompt);
    RenderResult r;
    try {
      r = engine.renderForResult(jinjava, vars);
    } catch (Raised e) {
      throw new IllegalArgumentException("template raised: " + oneLine(e.getMessage()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("template failed: " + oneLine(String.valueOf(e.getMessage())));
    }
    for (TemplateError err : r.getErrors()) {
      if (err.getSeverity() != TemplateError.ErrorType.FATAL) continue;
      for (Throwable c = err.getException(); c != null; c = c.getCause())
        if (c instanceof Raised raised) throw new IllegalArgumentException("template raised: " + oneLine(raised.getMessage()));
      throw new IllegalArgumentException("template error" + (err.getLineno() > 0 ? " at line " + err.getLineno() : "") + ": "
          + oneLine(err.getMessage()));
    }
    return r.getOutput();
  }

  /**
   * Jinja2's own behaviour wherever Jinjava kept a legacy one: all of {@link LegacyOverrides#ALL} but
   * {@code whitespaceRequiredWithinTokens} (under which Jinjava leaves {@code {{- x }}} unparsed) and
   * {@code useNaturalOperatorPrecedence} (under which {@code not x is defined} reads as {@code (not x) is defined}).
   */
  private static final LegacyOverrides JINJA2 = LegacyOverrides.newBuilder()
      .withEvaluateMapKeys(true)
      .withIterateOverMapKeys(true)
      .withUsePyishObjectMapper(true)
      .withUseSnakeCasePropertyNaming(true)
      .withUseNaturalOperatorPrecedence(false)
      .withParseWhitespaceControlStrictly(true)
      .withAllowAdjacentTextNodes(true)
      .withUseTrimmingForNotesAndExpressions(true)
      .withKeepNullableLoopValues(true)
      .withHandleBackslashInQuotesOnly(true)
      .withDefaultKeepTrailingNewlineBehavior(true)
      .build();

  private Jinjava engine() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PythonStrings());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    Jinjava j = new Jinjava(JinjavaConfig.newBuilder()
        .withTrimBlocks(true)
        .withLstripBlocks(true)
        .withLegacyOverrides(JINJA2)
        .withElResolver(resolver)
        .withFailOnUnknownTokens(false)
        .build());
    j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", Object.class));
    return j;
  }

  private static String templateIn(JsonNode root, Path file) {
    JsonNode t = root.path("chat_template");
    if (t.isTextual() && !t.asText().isBlank()) return t.asText();
    if (t.isArray()) { // named templates: [{"name": "default", "template": "..."}, {"name": "tool_use", ...}]
      for (JsonNode named : t)
        if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) return named.path("template").asText();
      throw new IllegalArgumentException("'" + file + "': chat_template is a list without a template named 'default'");
    }
    throw new IllegalArgumentException("'" + file + "': expected a \"chat_template\" string (a tokenizer_config.json), found none");
  }

  private static Map<String, String> tokensIn(JsonNode root) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : TOKENS) {
      JsonNode v = root.path(name);
      if (v.isTextual()) out.put(name, v.asText());
      else if (v.isObject() && v.path("content").isTextual()) out.put(name, v.path("content").asText());
    }
    return out;
  }

  private static final Pattern TAG = Pattern.compile("\\{[{%](.*?)[}%]\\}", Pattern.DOTALL);
  /** {@code not a in b}, {@code not a == b}: Jinja2 negates the comparison, Jinjava the left operand. */
  private static final Pattern NOT_COMPARED = Pattern.compile("\\bnot\\s+(?!\\()[^\\s()]+\\s+(?:in|==|!=|<=|>=|<|>)\\s");
  private static final Pattern LOOP_FILTER = Pattern.compile("\\{%[-+]?\\s*for\\s[^%]*?\\sin\\s[^%]*?\\sif\\s(?![^%]*\\selse\\s)[^%]*%\\}");

  /** The template as Jinjava is given it: the compatibility rewrites described on the class. */
  static String forJinjava(String template) {
    Matcher filter = LOOP_FILTER.matcher(template);
    if (filter.find())
      throw new IllegalArgumentException("loop filters are not supported by the Jinja engine (Jinjava): '" + oneLine(filter.group())
          + "'; write the condition as an {% if %} inside the loop");
    Matcher tag = TAG.matcher(template);
    while (tag.find()) {
      Matcher not = NOT_COMPARED.matcher(tag.group(1));
      if (not.find())
        throw new IllegalArgumentException("'" + oneLine(not.group()) + "…' is read differently by the Jinja engine (Jinjava: (not a) in b); "
            + "write not (a in b) or a not in b");
    }
    String t = template.endsWith("\r\n") ? template.substring(0, template.length() - 2)   // Jinja2 drops one trailing
        : template.endsWith("\n") || template.endsWith("\r") ? template.substring(0, template.length() - 1) : template; // newline
    t = REVERSED.matcher(t).replaceAll(m -> Matcher.quoteReplacement("(" + m.group(1) + "|reverse)"));
    StringBuilder out = new StringBuilder(t.length() + 16);
    int from = 0;
    for (int at = t.indexOf("namespace(", from); at >= 0; at = t.indexOf("namespace(", from)) {
      int open = at + "namespace(".length();
      int close = closing(t, open);
      if (close < 0) break;
      out.append(t, from, open);
      List<String> args = topLevel(t.substring(open, close));
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        int eq = keywordEquals(a);
        out.append(i == 0 ? "" : ",").append(eq < 0 ? a : a.substring(0, eq + 1) + "(" + a.substring(eq + 1) + ")");
      }
      out.append(')');
      from = close + 1;
    }
    return out.append(t, from, t.length()).toString();
  }

  /** Index of the ')' closing the call whose arguments start at {@code from} (quotes respected), or -1. */
  private static int closing(String t, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < t.length(); i++) {
      char c = t.charAt(i);
      if (quote != 0) { if (c == '\\') i++; else if (c == quote) quote = 0; continue; }
      if (c == '\'' || c == '"') quote = c;
      else if (c == '(' || c == '[' || c == '{') depth++;
      else if (c == ')' || c == ']' || c == '}') { if (depth == 0) return c == ')' ? i : -1; depth--; }
    }
    return -1;
  }

  /** The comma-separated arguments of a call, split at top level only. */
  private static List<String> topLevel(String args) {
    List<String> out = new ArrayList<>();
    int depth = 0, start = 0;
    char quote = 0;
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if (quote != 0) { if (c == '\\') i++; else if (c == quote) quote = 0; continue; }
      if (c == '\'' || c == '"') quote = c;
      else if (c == '(' || c == '[' || c == '{') depth++;
      else if (c == ')' || c == ']' || c == '}') depth--;
      else if (c == ',' && depth == 0) { out.add(args.substring(start, i)); start = i + 1; }
    }
    out.add(args.substring(start));
    return out;
  }

  /** Position of the '=' of a keyword argument {@code name=value}, or -1. */
  private static int keywordEquals(String arg) {
    Matcher m = KEYWORD.matcher(arg);
    return m.lookingAt() ? m.end() - 1 : -1;
  }

  private static final Pattern KEYWORD = Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=(?!=)");

  private static String oneLine(String s) { return s == null ? "" : s.replaceAll("\\s+", " ").strip(); }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
