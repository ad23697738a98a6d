package dev.candor.grade;

import dev.candor.core.Event;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Role;
import dev.candor.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a trajectory's reasoning or answers cite a spec ({@code candor distill}'s filter). Two checkers:
 * <ul>
 *   <li>{@link #rule}, the documented rule ({@value #RULE_VERSION}): the text cites the spec when it names one of the
 *       spec's principle ids as a word (an id is a token of 1–5 capital letters and 1–3 digits, such as {@code AS1} or
 *       {@code GP4}, that opens a line of the spec, optionally after a list marker or {@code **}, and is followed by
 *       {@code .}, {@code :} or {@code )}), or quotes at least {@value #QUOTE_WORDS} consecutive words of the spec
 *       (compared as lower-case words of letters and digits, so case, punctuation and line breaks do not matter);</li>
 *   <li>{@link #judge}, an LLM judge following the versioned rubric {@value #RUBRIC_RESOURCE} (id
 *       {@value #RUBRIC_VERSION}): it answers a label ({@code cites} or {@code no_citation}) and quotations; a
 *       {@code cites} counts only with at least one quotation found verbatim (white space aside) in the text it was
 *       shown, else it is {@code no_citation} with the quotations kept as unverified. A failed call or a reply without a
 *       readable label is {@link Verdict#JUDGE_FAILED}.</li>
 * </ul>
 * The text read is, for each assistant message, its reasoning, its content and its tool calls' arguments (an answer
 * submitted through a tool), and the loop's final answer; turns the conversation was prefilled with (replayed) are
 * left out.
 */
public final class SpecCitation {
  public static final String RULE_VERSION = "spec-citation-rule-v1";
  public static final String RUBRIC_VERSION = "spec-citation-v1";
  public static final String RUBRIC_RESOURCE = "distill/" + RUBRIC_VERSION + ".md";
  public static final int QUOTE_WORDS = 8;
  private static final Pattern ID_LINE = Pattern.compile("(?m)^\\h*(?:[-*+]\\h+)?(?:\\*\\*)?([A-Z]{1,5}\\d{1,3})(?:\\*\\*)?[.:)]");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern LABEL = Pattern.compile("(?im)^\\h*\\**LABEL\\**\\h*:\\h*\\**\\h*([a-z_ ]+?)\\h*\\**\\h*$");
  private static final Pattern EVIDENCE = Pattern.compile("(?im)^\\h*\\**EVIDENCE\\**\\h*:\\h*(.+)$");
  private static final Pattern EXPLANATION = Pattern.compile("(?ims)^\\h*\\**EXPLANATION\\**\\h*:\\h*(.+)");

  /** The outcome of the check. */
  public enum Verdict { CITES, NO_CITATION, JUDGE_FAILED }

  /** A verdict with the quoted evidence behind it and a one-line explanation. */
  public record Result(Verdict verdict, List<String> evidence, String explanation) {
    public Result { evidence = List.copyOf(evidence); }
  }

  /** A citation checker. */
  @FunctionalInterface
  public interface Checker {
    Result check(String text);
  }

  private SpecCitation() {}

  /** The spec's principle ids, in order of appearance. */
  public static Set<String> principleIds(String spec) {
    Set<String> ids = new LinkedHashSet<>();
    Matcher m = ID_LINE.matcher(spec);
    while (m.find()) ids.add(m.group(1));
    return ids;
  }

  /** The documented rule for {@code spec}. */
  public static Checker rule(String spec) {
    Set<String> ids = principleIds(spec);
    List<String> specWords = words(spec);
    Set<String> grams = new HashSet<>();
    for (int i = 0; i + QUOTE_WORDS <= specWords.size(); i++) grams.add(String.join(" ", specWords.subList(i, i + QUOTE_WORDS)));
    Pattern idPattern = ids.isEmpty() ? null : Pattern.compile("\\b(" + String.join("|", ids) + ")\\b");
    return text -> {
      if (idPattern != null) {
        Matcher m = idPattern.matcher(text);
        if (m.find()) return new Result(Verdict.CITES, List.of(around(text, m.start(), m.end())), "names principle " + m.group(1));
      }
      List<String> w = words(text);
      for (int i = 0; i + QUOTE_WORDS <= w.size(); i++) {
        String g = String.join(" ", w.subList(i, i + QUOTE_WORDS));
        if (grams.contains(g)) return new Result(Verdict.CITES, List.of(g), "quotes " + QUOTE_WORDS + " consecutive words of the spec");
      }
      return new Result(Verdict.NO_CITATION, List.of(), "names no principle id of the spec (" + (ids.isEmpty() ? "it has none" : String.join(", ", ids))
          + ") and quotes no " + QUOTE_WORDS + " consecutive words of it");
    };
  }

  /** The LLM judge for {@code spec}: {@code model} answers the rubric; each call's seed is derived from {@code config}'s and the prompt. */
  public static Checker judge(Model model, GenerateConfig config, String spec) {
    String rubric = rubric().replace("{{spec}}", spec.strip());
    GenerateConfig cfg = config == null ? GenerateConfig.DEFAULT : config;
    return text -> {
      String prompt = rubric.replace("{{text}}", text);
      Output out;
      try {
        out = model.generate(ModelRequest.of(List.of(Message.user(prompt)), cfg.forItem(prompt)));
      } catch (ModelException e) {
        return new Result(Verdict.JUDGE_FAILED, List.of(), "judge call failed: " + e.getMessage());
      }
      return parse(out.text(), text);
    };
  }

  /** The rubric text (placeholders {@code {{spec}}} and {@code {{text}}}). */
  public static String rubric() { return dev.candor.Resources.text(RUBRIC_RESOURCE); }

  /** Reads a judge's reply about {@code shown}. */
  static Result parse(String reply, String shown) {
    String r = reply == null ? "" : reply;
    Matcher lm = LABEL.matcher(r);
    if (!lm.find()) return new Result(Verdict.JUDGE_FAILED, List.of(), "judge reply has no readable LABEL line");
    String label = lm.group(1).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
    if (!label.equals("cites") && !label.equals("no_citation"))
      return new Result(Verdict.JUDGE_FAILED, List.of(), "judge label '" + label + "' is not cites or no_citation");
    Matcher xm = EXPLANATION.matcher(r);
    String explanation = xm.find() ? xm.group(1).strip().lines().findFirst().orElse("") : "";
    if (label.equals("no_citation")) return new Result(Verdict.NO_CITATION, List.of(), explanation);
    List<String> verified = new ArrayList<>(), unverified = new ArrayList<>();
    String text = squash(shown);
    Matcher em = EVIDENCE.matcher(r);
    while (em.find()) {
      String e = em.group(1).strip();
      if (e.length() >= 2 && (e.startsWith("\"") && e.endsWith("\"") || e.startsWith("“") && e.endsWith("”"))) e = e.substring(1, e.length() - 1);
      if (e.isBlank() || e.equalsIgnoreCase("none")) continue;
      (text.contains(squash(e)) ? verified : unverified).add(e);
    }
    if (verified.isEmpty())
      return new Result(Verdict.NO_CITATION, unverified, "the judge said cites but quoted nothing found verbatim in the text" + (unverified.isEmpty() ? "" : " (unverified: " + unverified.size() + ")"));
    return new Result(Verdict.CITES, verified, explanation);
  }

  /**
   * What a citation is looked for in: each assistant message's reasoning, content and tool-call arguments, skipping the
   * first {@code skipAssistant} assistant messages (turns the conversation was prefilled with), then the final answer.
   */
  public static String text(List<Message> messages, int skipAssistant, String finalAnswer) {
    StringBuilder sb = new StringBuilder();
    int seen = 0;
    for (Message m : messages) {
      if (m.role() != Role.ASSISTANT || seen++ < skipAssistant) continue;
      if (m.reasoning() != null && !m.reasoning().isBlank()) sb.append(m.reasoning().strip()).append("\n\n");
      if (m.content() != null && !m.content().isBlank()) sb.append(m.content().strip()).append("\n\n");
      for (ToolCall c : m.toolCalls()) sb.append(c.argumentsJson()).append("\n\n");
    }
    if (finalAnswer != null && !finalAnswer.isBlank()) sb.append(finalAnswer.strip());
    return sb.toString().strip();
  }

  /** The number of assistant turns a stored trajectory replayed before the model's own (its prefill). */
  public static int replayedTurns(List<Event> events) {
    if (events == null) return 0;
    int n = 0;
    for (Event e : events) if (e instanceof Event.AssistantTurn t && t.replayed()) n++;
    return n;
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(s.toLowerCase(Locale.ROOT));
    while (m.find()) out.add(m.group());
    return out;
  }

  private static String squash(String s) { return s.replaceAll("\\s+", " ").strip(); }

  private static String around(String text, int start, int end) {
    int a = Math.max(0, start - 60), b = Math.min(text.length(), end + 60);
    return squash(text.substring(a, b));
  }
}
