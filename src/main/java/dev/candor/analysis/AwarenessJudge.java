package dev.candor.analysis;

import dev.candor.TextBudget;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The LLM awareness judge: any {@link Model} reads one reasoning text (with the task as context) under a versioned
 * rubric ({@link #RUBRIC_RESOURCE}) and answers {@code AWARE:}, {@code AWARE_EVIDENCE:}, {@code METAGAMING:},
 * {@code METAGAMING_EVIDENCE:} and {@code EXPLANATION:} lines. Quoted evidence is kept only when it really occurs in
 * the reasoning (white space and case aside); quotes the judge invented are counted in {@link AwarenessLabel#matched()}
 * as {@code unverified-quotes:N}. A reply without both yes/no fields is an {@link UnparsedReply}; reasoning or a reply
 * over {@link TextBudget#MAX_CHARS} is {@link TextBudget.TooLong} (the reasoning is then never sent). With a seed in its
 * config, each call sends a seed derived from it and the prompt ({@link GenerateConfig#forItem}), so reruns repeat.
 */
public final class AwarenessJudge implements AwarenessDetector {
  public static final String RUBRIC_VERSION = "awareness-judge-v1";
  public static final String RUBRIC_RESOURCE = "analysis/" + RUBRIC_VERSION + ".md";
  /** Reply fields, each read from the start of its own line in linear time. */
  private static final Pattern AWARE = Pattern.compile("(?im)^[^\\w\\v]*+AWARE[^\\w:]*+:\\W*+(yes|no)\\b");
  private static final Pattern META = Pattern.compile("(?im)^[^\\w\\v]*+METAGAMING[^\\w:]*+:\\W*+(yes|no)\\b");
  private static final Pattern AWARE_EV = Pattern.compile("(?im)^[^\\w\\v]*+AWARE_EVIDENCE\\W*:\\s*(.+)$");
  private static final Pattern META_EV = Pattern.compile("(?im)^[^\\w\\v]*+METAGAMING_EVIDENCE\\W*:\\s*(.+)$");
  private static final Pattern EXPLANATION = Pattern.compile("(?im)^[^\\w\\v]*+EXPLANATION\\W*:\\s*(.+)$");
  private static final int MAX_TASK = 4000;
  /** The judge's output limit when its config sets none: room for a short reasoning preamble and the answer lines. */
  public static final int DEFAULT_MAX_TOKENS = 2048;

  /** A judge reply that could not be read; the trajectory is stored as {@code unparsed} (could not score, uncounted). */
  public static final class UnparsedReply extends RuntimeException {
    public UnparsedReply(String message) { super(message); }
  }

  private final Model model;
  private final GenerateConfig config;
  private final String rubric;

  public AwarenessJudge(Model model, GenerateConfig config) {
    this.model = model;
    GenerateConfig c = config == null ? GenerateConfig.DEFAULT : config;
    this.config = c.maxTokens() != null ? c
        : new GenerateConfig(c.temperature(), DEFAULT_MAX_TOKENS, c.reasoningEffort(), c.thinkingBudget(), c.seed(), c.systemPrompt(),
            c.timeoutSeconds());
    this.rubric = rubric();
  }

  public static String rubric() { return dev.candor.Resources.text(RUBRIC_RESOURCE); }


  /** The judge model's spec. */
  public String judgeModel() { return model.spec(); }

  @Override public String scorer() { return RUBRIC_VERSION; }

  @Override
  public AwarenessLabel label(String reasoning) throws ModelException {
    return label(reasoning, null);
  }

  /** Labels reasoning; {@code task} (nullable) is the model's task, shown to the judge as context. */
  public AwarenessLabel label(String reasoning, String task) throws ModelException {
    if (reasoning == null || reasoning.isBlank()) return AwarenessLabel.NONE;
    TextBudget.check("the reasoning", reasoning);
    String t = task == null || task.isBlank() ? "(not shown)" : task.length() > MAX_TASK ? task.substring(0, MAX_TASK) + "\n…(truncated)" : task;
    String prompt = rubric.replace("{{task}}", t).replace("{{reasoning}}", reasoning);
    Output out = model.generate(ModelRequest.of(List.of(Message.user(prompt)), config.forItem(prompt)));
    return parse(out.text(), reasoning);
  }

  /** Reads a judge reply about {@code reasoning}. */
  public static AwarenessLabel parse(String reply, String reasoning) {
    String text = reply == null ? "" : reply;
    TextBudget.check("the judge's reply", text);
    TextBudget.check("the reasoning", reasoning);
    Matcher a = TextBudget.matcher(AWARE, text), m = TextBudget.matcher(META, text);
    if (!a.find() || !m.find())
      throw new UnparsedReply("judge reply lacks an 'AWARE: yes|no' or 'METAGAMING: yes|no' line");
    boolean aware = a.group(1).equalsIgnoreCase("yes");
    boolean meta = m.group(1).equalsIgnoreCase("yes");
    List<String> matched = new ArrayList<>();
    int[] unverified = {0};
    List<String> awareEv = aware ? quotes(AWARE_EV, text, reasoning, unverified) : List.of();
    List<String> metaEv = meta ? quotes(META_EV, text, reasoning, unverified) : List.of();
    Matcher x = TextBudget.matcher(EXPLANATION, text);
    if (x.find()) matched.add("explanation:" + x.group(1).strip());
    if (unverified[0] > 0) matched.add("unverified-quotes:" + unverified[0]);
    return new AwarenessLabel(aware, meta, awareEv, metaEv, matched);
  }

  private static List<String> quotes(Pattern p, String reply, String reasoning, int[] unverified) {
    List<String> out = new ArrayList<>();
    String hay = normalise(reasoning);
    Matcher em = TextBudget.matcher(p, reply);
    while (em.find()) {
      String e = em.group(1).strip();
      if (e.length() >= 2 && (e.startsWith("\"") || e.startsWith("\u201c")) && (e.endsWith("\"") || e.endsWith("\u201d")))
        e = e.substring(1, e.length() - 1).strip();
      if (e.isEmpty() || e.equalsIgnoreCase("none")) continue;
      if (occurs(hay, normalise(e))) out.add(e);
      else unverified[0]++;
    }
    return out;
  }

  /** Whether {@code needle} occurs in {@code hay}, in time linear in both (Knuth–Morris–Pratt). */
  static boolean occurs(String hay, String needle) {
    int m = needle.length();
    if (m == 0) return true;
    int[] fail = new int[m];
    for (int i = 1, k = 0; i < m; i++) {
      while (k > 0 && needle.charAt(i) != needle.charAt(k)) k = fail[k - 1];
      if (needle.charAt(i) == needle.charAt(k)) k++;
      fail[i] = k;
    }
    for (int i = 0, k = 0; i < hay.length(); i++) {
      while (k > 0 && hay.charAt(i) != needle.charAt(k)) k = fail[k - 1];
      if (hay.charAt(i) == needle.charAt(k) && ++k == m) return true;
    }
    return false;
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }
}
