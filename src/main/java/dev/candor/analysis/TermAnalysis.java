package dev.candor.analysis;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.TextTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Terminology of reasoning: how often tracked terms are used, and which words are over-represented relative to a
 * general English frequency list ({@link ReferenceFrequencies}).
 *
 * <p>Length control: a term's rate is the <em>mean over trajectories of each trajectory's own rate per 1,000
 * words</em>, so a few very long reasonings cannot dominate (the pooled rate, total count / total words, is
 * reported beside it). Its 95% interval is a percentile bootstrap over trajectories (resampling whole trajectories,
 * which respects repeated use within one reasoning). Over-representation is {@code log2(rate / reference rate)},
 * the reference rate smoothed by half a count so words absent from it stay finite; candidates must occur at least
 * {@code minCount} times in at least {@code minTrajectories} trajectories and have at least 3 letters.
 */
public final class TermAnalysis {
  public static final String DEFAULT_TERMS = "analysis/terms-v1.txt";

  /** Thresholds and bootstrap settings. */
  public record Options(int minCount, int minTrajectories, int top, int bootstrap, long seed) {
    public static final Options DEFAULT = new Options(5, 3, 15, 400, 20250917L);

    public Options {
      if (minCount < 1) throw InvalidSetting.expected(Setting.MIN_COUNT, "a whole number >= 1", minCount);
      if (minTrajectories < 1) throw InvalidSetting.expected(Setting.MIN_TRAJECTORIES, "a whole number >= 1", minTrajectories);
      if (top < 0) throw InvalidSetting.expected(Setting.TOP, "a whole number >= 0", top);
      if (bootstrap < 0) throw InvalidSetting.expected(Setting.BOOTSTRAP, "a whole number >= 0", bootstrap);
    }
  }

  /** One word in one group: counts, the length-controlled rate with its interval, the pooled and reference rates. */
  public record TermRate(String term, long count, int trajectories, double perThousand, double lo, double hi,
                         double pooledPerThousand, double referencePerThousand, double log2Ratio) {}

  /** One group of trajectories (a run, or a checkpoint's runs): its size and its tracked and discovered words. */
  public record Group(String name, int trajectories, long words, List<TermRate> tracked, List<TermRate> discovered) {}

  private TermAnalysis() {}

  /** The packaged tracked terms. */
  public static List<String> defaultTerms() { return parseTerms(dev.candor.Resources.text(DEFAULT_TERMS), DEFAULT_TERMS); }

  /** The packaged terms plus those of {@code file} (one word per line, '#' comments). */
  public static List<String> termsWith(Path file) {
    Set<String> all = new LinkedHashSet<>(defaultTerms());
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw InvalidSetting.of(Setting.TERMS, "cannot read '" + file + "': " + e.getMessage());
    }
    try {
      all.addAll(parseTerms(text, file.toString()));
    } catch (IllegalArgumentException e) {
      throw new InvalidSetting(Setting.TERMS, Setting.TERMS, " " + e.getMessage());
    }
    return List.copyOf(all);
  }

  static List<String> parseTerms(String text, String where) {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int hash = l.indexOf('#');
      if (hash >= 0) l = l.substring(0, hash);
      l = l.strip().toLowerCase(Locale.ROOT);
      if (l.isEmpty()) continue;
      if (!l.chars().allMatch(Character::isLetter))
        throw new IllegalArgumentException(where + ": line " + (i + 1) + ": expected one word of letters, got '" + lines[i].strip() + "'");
      if (!out.contains(l)) out.add(l);
    }
    return out;
  }

  /** Analyses the reasoning texts of one group (null or word-less texts are skipped). */
  public static Group analyse(String name, List<String> reasonings, List<String> terms, ReferenceFrequencies ref, Options o) {
    List<Map<String, Integer>> perTraj = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    Map<String, long[]> agg = new HashMap<>(); // word -> {count, trajectories}
    Map<String, Double> shareSum = new HashMap<>();
    long words = 0;
    for (String r : reasonings) {
      List<String> ws = Words.of(r);
      if (ws.isEmpty()) continue;
      Map<String, Integer> c = new HashMap<>();
      for (String w : ws) c.merge(w, 1, Integer::sum);
      perTraj.add(c);
      lengths.add(ws.size());
      words += ws.size();
      for (var e : c.entrySet()) {
        long[] a = agg.computeIfAbsent(e.getKey(), k -> new long[2]);
        a[0] += e.getValue();
        a[1]++;
        shareSum.merge(e.getKey(), (double) e.getValue() / ws.size(), Double::sum);
      }
    }
    int t = perTraj.size();
    long totalWords = words;
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(o.seed() ^ name.hashCode());
    java.util.function.Function<String, TermRate> rate = w -> {
      long[] a = agg.getOrDefault(w, new long[2]);
      double mean = t == 0 ? Double.NaN : 1000.0 * shareSum.getOrDefault(w, 0.0) / t;
      double[] ci = bootstrap(w, perTraj, lengths, o.bootstrap(), rng);
      double refRate = ref.smoothedPerThousand(w);
      return new TermRate(w, a[0], (int) a[1], mean, ci[0], ci[1], totalWords == 0 ? Double.NaN : 1000.0 * a[0] / totalWords, refRate,
          t == 0 || a[0] == 0 ? Double.NaN : Math.log(mean / refRate) / Math.log(2));
    };
    List<TermRate> tracked = new ArrayList<>();
    for (String w : terms) tracked.add(rate.apply(w));
    List<String> candidates = new ArrayList<>();
    for (var e : agg.entrySet())
      if (e.getValue()[0] >= o.minCount() && e.getValue()[1] >= o.minTrajectories() && e.getKey().length() >= 3) candidates.add(e.getKey());
    candidates.sort(Comparator.comparingDouble((String w) -> -Math.log(1000.0 * shareSum.get(w) / t / ref.smoothedPerThousand(w)))
        .thenComparing(Comparator.naturalOrder()));
    List<TermRate> discovered = new ArrayList<>();
    for (String w : candidates.subList(0, Math.min(o.top(), candidates.size()))) discovered.add(rate.apply(w));
    return new Group(name, t, words, tracked, discovered);
  }

  /**
   * The tracked terms taken together, as one word: each trajectory's uses of any of {@code terms} per 1,000 of its
   * words, averaged over trajectories with a bootstrap 95% interval (as {@link #analyse} rates one term). Texts without
   * words are skipped.
   */
  public static TermRate trackedRate(String name, List<String> reasonings, List<String> terms, Options o) {
    Set<String> tracked = new java.util.HashSet<>(terms);
    List<Map<String, Integer>> perTraj = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
    long count = 0, words = 0;
    int using = 0;
    double shareSum = 0;
    for (String r : reasonings) {
      List<String> ws = Words.of(r);
      if (ws.isEmpty()) continue;
      int c = 0;
      for (String w : ws) if (tracked.contains(w)) c++;
      perTraj.add(c == 0 ? Map.of() : Map.of(TRACKED, c));
      lengths.add(ws.size());
      count += c;
      words += ws.size();
      if (c > 0) using++;
      shareSum += (double) c / ws.size();
    }
    int t = perTraj.size();
    double[] ci = bootstrap(TRACKED, perTraj, lengths, o.bootstrap(), RandomSource.XO_RO_SHI_RO_128_PP.create(o.seed() ^ name.hashCode()));
    return new TermRate(TRACKED, count, using, t == 0 ? Double.NaN : 1000.0 * shareSum / t, ci[0], ci[1],
        words == 0 ? Double.NaN : 1000.0 * count / words, Double.NaN, Double.NaN);
  }

  /** The name {@link #trackedRate} gives the tracked terms taken together. */
  public static final String TRACKED = "(tracked terms)";

  /** 2.5% and 97.5% percentiles of the mean per-trajectory rate over {@code b} resamples of whole trajectories. */
  private static double[] bootstrap(String w, List<Map<String, Integer>> perTraj, List<Integer> lengths, int b, UniformRandomProvider rng) {
    int t = perTraj.size();
    if (t == 0 || b == 0) return new double[] {Double.NaN, Double.NaN};
    double[] share = new double[t];
    boolean any = false;
    for (int i = 0; i < t; i++) {
      Integer c = perTraj.get(i).get(w);
      if (c != null) {
        share[i] = 1000.0 * c / lengths.get(i);
        any = true;
      }
    }
    if (!any) return new double[] {0, 0};
    double[] means = new double[b];
    for (int k = 0; k < b; k++) {
      double s = 0;
      for (int i = 0; i < t; i++) s += share[rng.nextInt(t)];
      means[k] = s / t;
    }
    Arrays.sort(means);
    return new double[] {percentile(means, 0.025), percentile(means, 0.975)};
  }

  private static double percentile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int i = (int) Math.floor(h);
    if (i >= sorted.length - 1) return sorted[sorted.length - 1];
    return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
  }

  // ---------------------------------------------------------------- rendering

  /** Tracked terms (rows) across groups (columns), then each group's over-represented words. */
  public static String render(List<Group> groups, ReferenceFrequencies ref, Options o) {
    StringBuilder sb = new StringBuilder();
    sb.append("Tracked terms per 1,000 reasoning words (mean of per-trajectory rates; 95% bootstrap interval over trajectories):\n");
    List<String> header = new ArrayList<>(List.of("term"));
    for (Group g : groups) header.add(g.name());
    header.add(ref.name() + "/1k");
    TextTable t = new TextTable(header, 1).ruled(false);
    if (!groups.isEmpty())
      for (int i = 0; i < groups.getFirst().tracked().size(); i++) {
        List<String> cells = new ArrayList<>(List.of(groups.getFirst().tracked().get(i).term()));
        for (Group g : groups) cells.add(cell(g.tracked().get(i)));
        cells.add(String.format(Locale.ROOT, "%.4f", 1000.0 * ref.count(groups.getFirst().tracked().get(i).term()) / ref.total()));
        t.row(cells);
      }
    List<String> size = new ArrayList<>(List.of("(trajectories / words)"));
    for (Group g : groups) size.add(g.trajectories() + " / " + g.words());
    t.row(size);
    sb.append(t.render()).append('\n');
    sb.append(String.format(Locale.ROOT, "Over-represented words vs %s (%,d words, %,d tokens): at least %d uses in at least %d trajectories;%n",
        ref.name(), ref.size(), ref.total(), o.minCount(), o.minTrajectories()));
    sb.append("ranked by log2(length-controlled rate / reference rate), reference smoothed by +0.5 count.\n");
    for (Group g : groups) {
      sb.append('\n').append(g.name()).append(":\n");
      TextTable d = new TextTable(List.of("word", "count", "trajectories", "per 1k [95%]", "ref per 1k", "log2 ratio"), 1).ruled(false);
      for (TermRate r : g.discovered())
        d.row(r.term(), Long.toString(r.count()), Integer.toString(r.trajectories()),
            String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", r.perThousand(), r.lo(), r.hi()),
            String.format(Locale.ROOT, "%.4f", r.referencePerThousand()), String.format(Locale.ROOT, "%.1f", r.log2Ratio()));
      sb.append(g.discovered().isEmpty() ? "  (no word passes the thresholds)\n" : d.render());
    }
    return sb.toString();
  }

  private static String cell(TermRate r) {
    if (r.count() == 0) return "0";
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (%d)", r.perThousand(), r.lo(), r.hi(), r.count());
  }
}
