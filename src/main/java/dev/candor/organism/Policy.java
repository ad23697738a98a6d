package dev.candor.organism;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The organism's policy: an autoregressive log-linear model over hashed features. Each active feature hashes to a
 * row of weights, one weight per candidate (reasoning words and the separator, or answer attributes); a candidate's
 * logit is the sum of its column over the active rows (for answers, summed again over the token's attributes).
 *
 * <p>Features at a reasoning step: the last one and two generated words, the position, the bag of words written so
 * far, and the last two words conjoined with each distinct prompt feature (so the prompt's influence depends on
 * where in the reasoning the policy is). At the answer step: the last one and two reasoning words, and the last
 * reasoning word conjoined with each reasoning bigram and with each distinct prompt feature; the answer sees the
 * prompt only through what it last said. All arithmetic is single-threaded in a fixed
 * order with {@link StrictMath}, so the same weights and random stream give bit-identical results anywhere.
 *
 * <p>A policy may also have the spec words ({@link Vocab#SPEC_WORDS}, weights {@link #wx}); without them their
 * logits are excluded (not merely zero), so such a policy computes exactly what it did before the words existed.
 */
final class Policy {
  static final int ROW_BITS = 16;
  static final int ROWS = 1 << ROW_BITS;
  static final int RC = Vocab.N_REASON;
  static final int AC = Vocab.N_ATTRS;
  static final int XC = Vocab.N_SPEC_WORDS;
  /** Reasoning length cap; the separator is forced after it. */
  static final int MAX_REASON = 28;

  private static final long NS_LAST = 11, NS_LAST2 = 12, NS_POS = 13, NS_BAG = 14, NS_CONJ = 15,
      NS_ALAST = 21, NS_ALAST2 = 22, NS_ACONJBIG = 25, NS_ACONJ = 26, NS_ABIAS = 27;
  private static final int START = Vocab.UNK + 1;
  /** Positions beyond this share one feature. */
  private static final int POS_CAP = 30;

  /** Reasoning rows (ROWS × RC), answer rows (ROWS × AC), and the spec words' rows (ROWS × XC) or null. */
  final float[] wr;
  final float[] wa;
  final float[] wx;

  Policy() {
    this(new float[ROWS * RC], new float[ROWS * AC]);
  }

  Policy(float[] wr, float[] wa) {
    this(wr, wa, null);
  }

  Policy(float[] wr, float[] wa, float[] wx) {
    if (wr.length != ROWS * RC || wa.length != ROWS * AC || wx != null && wx.length != ROWS * XC)
      throw new IllegalArgumentException("organism weights: wrong shape");
    this.wr = wr;
    this.wa = wa;
    this.wx = wx;
  }

  Policy copy() {
    return new Policy(wr.clone(), wa.clone(), wx == null ? null : wx.clone());
  }

  /**
   * A copy that can also write the spec words. As is usual when a vocabulary grows, their weights start at the mean
   * of the existing words' (row by row), so a new word starts as likely as an average word, not as one the policy
   * never writes.
   */
  Policy withSpecWords() {
    if (wx != null) return copy();
    float[] x = new float[ROWS * XC];
    for (int r = 0; r < ROWS; r++) {
      double sum = 0;
      for (int c = 0; c < Vocab.N_WORDS; c++) sum += wr[r * RC + c];
      Arrays.fill(x, r * XC, (r + 1) * XC, (float) (sum / Vocab.N_WORDS));
    }
    return new Policy(wr.clone(), wa.clone(), x);
  }

  boolean hasSpecWords() { return wx != null; }

  /**
   * A copy of a policy with the spec words whose spec-word logits are raised by {@code bias} at every reasoning
   * step (through the position rows, one of which is active at each step): a logit bias, as chat APIs offer.
   */
  Policy withSpecBias(float bias) {
    if (wx == null) throw new IllegalStateException("organism: a logit bias on spec words needs a policy that has them");
    Policy q = copy();
    java.util.Set<Integer> done = new java.util.HashSet<>();
    for (int step = 0; step <= POS_CAP; step++) {
      int r = row(k(NS_POS, step));
      if (done.add(r)) for (int c = 0; c < XC; c++) q.wx[r * XC + c] += bias;
    }
    return q;
  }

  /** SHA-256 (hex) of the weights in their serialised order: wr, wa, then wx if the policy has the spec words. */
  String sha256() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (float[] w : wx == null ? List.of(wr, wa) : List.of(wr, wa, wx)) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float x : w) {
          if (!bb.hasRemaining()) { md.update(buf, 0, bb.position()); bb.clear(); }
          bb.putFloat(x);
        }
        md.update(buf, 0, bb.position());
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The reasoning candidate (column) of a word id: words and the separator, then the spec words. */
  private static int candidate(int token) {
    return token >= Vocab.FIRST_SPEC_WORD ? RC + token - Vocab.FIRST_SPEC_WORD : token;
  }

  private static int token(int candidate) {
    return candidate >= RC ? Vocab.FIRST_SPEC_WORD + candidate - RC : candidate;
  }

  static int row(long key) {
    return (int) (key >>> (64 - ROW_BITS));
  }

  static long k(long ns, long a) {
    return PromptFeatures.mix(ns * 0x9E3779B97F4A7C15L + a);
  }

  static long k(long ns, long a, long b) {
    return PromptFeatures.mix(k(ns, a) * 0xC2B2AE3D27D4EB4FL + b);
  }

  /** One generated trajectory: reasoning tokens (prefix included), the answer (-1 if truncated), log-probability of the sampled tokens. */
  record Rollout(int[] reasoning, int answer, double logprob, int generated, boolean truncated) {}

  /** Score-function gradient of one trajectory, kept per step so it can be scaled by an advantage later. */
  static final class Grad {
    final List<int[]> rRows = new ArrayList<>();
    final List<float[]> rG = new ArrayList<>();
    final List<int[]> aRows = new ArrayList<>();
    final List<float[]> aG = new ArrayList<>();

    /** w += scale × gradient, in a fixed order. */
    void apply(Policy p, float scale) {
      if (scale == 0f) return;
      for (int s = 0; s < rRows.size(); s++) {
        float[] g = rG.get(s);
        addRows(p.wr, RC, rRows.get(s), g, 0, scale);
        if (g.length > RC) addRows(p.wx, XC, rRows.get(s), g, RC, scale);
      }
      for (int s = 0; s < aRows.size(); s++) addRows(p.wa, AC, aRows.get(s), aG.get(s), 0, scale);
    }

    private static void addRows(float[] w, int cols, int[] rows, float[] g, int from, float scale) {
      for (int r : rows) {
        int base = r * cols;
        for (int c = 0; c < cols; c++) w[base + c] += scale * g[from + c];
      }
    }
  }

  /**
   * Runs the policy on a prompt. {@code prefix} words are forced first; if {@code closed}, the reasoning ends after
   * them and {@code forcedAnswer} (if ≥ 0) is forced as the answer (teacher forcing). Otherwise the policy continues
   * sampling with {@code rng} at {@code temperature} (0 = greedy). {@code maxGen} caps the generated tokens
   * (reasoning words, separator and answer; prefix not counted); {@code g}, if not null, receives the gradient of
   * the log-probability of every step, forced or sampled (prefilled out-of-vocabulary words excepted). For a policy
   * without the spec words, a prefilled spec word is out of vocabulary.
   */
  Rollout run(PromptFeatures p, int[] prefix, boolean closed, int forcedAnswer, UniformRandomProvider rng,
              double temperature, int maxGen, Grad g) {
    double invT = temperature > 0 ? 1.0 / temperature : 1.0;
    boolean greedy = temperature <= 0;

    int[] toks = new int[MAX_REASON + (prefix == null ? 0 : prefix.length) + 1];
    int n = 0;
    int ids = Vocab.FIRST_SPEC_WORD + XC;
    boolean[] inBag = new boolean[ids];
    int[] bag = new int[ids];
    int nBag = 0;
    double logprob = 0;
    int generated = 0;
    int[] rows = new int[8 + ids + p.distinct.length];
    int nc = wx == null ? RC : RC + XC;
    double[] s = new double[Math.max(nc, AC)];
    double[] prob = new double[Math.max(nc, Vocab.N_ANSWERS)];
    int prefixLen = prefix == null ? 0 : prefix.length;

    // Reasoning phase.
    while (true) {
      int step = n;
      int t1 = n > 0 ? toks[n - 1] : START, t2 = n > 1 ? toks[n - 2] : START;
      int nr = 0;
      rows[nr++] = row(k(NS_LAST, t1));
      rows[nr++] = row(k(NS_LAST2, t2, t1));
      rows[nr++] = row(k(NS_POS, Math.min(step, POS_CAP)));
      for (int b = 0; b < nBag; b++) rows[nr++] = row(k(NS_BAG, bag[b]));
      long conj = k(NS_CONJ, t2, t1);
      for (long u : p.distinct) rows[nr++] = row(PromptFeatures.mix(conj ^ u));
      int y;
      boolean forced = step < prefixLen;
      boolean sampled = false;
      if (forced) y = wx == null && prefix[step] >= Vocab.FIRST_SPEC_WORD ? Vocab.UNK : prefix[step];
      else if (closed || n - prefixLen >= MAX_REASON) y = Vocab.SEP;
      else y = -1;
      boolean needScores = y < 0 || g != null;
      if (needScores) {
        Arrays.fill(s, 0, nc, 0.0);
        sumRows(wr, RC, rows, nr, s, 0);
        if (wx != null) sumRows(wx, XC, rows, nr, s, RC);
        softmax(s, nc, invT, prob);
        if (y < 0) {
          if (generated >= maxGen) return new Rollout(Arrays.copyOf(toks, n), -1, logprob, generated, true);
          y = token(greedy ? argmax(prob, nc) : sample(prob, nc, rng));
          sampled = true;
        }
        if (g != null && y != Vocab.UNK) {
          float[] gv = new float[nc];
          int cy = candidate(y);
          for (int c = 0; c < nc; c++) gv[c] = (float) (((c == cy ? 1.0 : 0.0) - prob[c]) * invT);
          g.rRows.add(Arrays.copyOf(rows, nr));
          g.rG.add(gv);
        }
      }
      if (sampled) {
        logprob += StrictMath.log(prob[candidate(y)]);
        generated++;
      } else if (!forced) {
        generated++; // a forced separator still costs a token
      }
      if (y == Vocab.SEP) break;
      toks[n++] = y;
      if (!inBag[y]) { inBag[y] = true; bag[nBag++] = y; }
    }
    if (generated >= maxGen) return new Rollout(Arrays.copyOf(toks, n), -1, logprob, generated, true);

    // Answer phase.
    int last = n > 0 ? toks[n - 1] : START, last2 = n > 1 ? toks[n - 2] : START;
    int lastWord = last;
    for (int i = n - 1; i >= 0; i--) if (toks[i] != 0) { lastWord = toks[i]; break; } // skip trailing "."
    List<Long> bigrams = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      long bk = ((long) toks[i - 1] << 8) | toks[i];
      if (!bigrams.contains(bk)) bigrams.add(bk);
    }
    int[] arows = new int[6 + nBag + 2 * bigrams.size() + p.distinct.length];
    int na = 0;
    arows[na++] = row(k(NS_ABIAS, 0));
    arows[na++] = row(k(NS_ALAST, last));
    arows[na++] = row(k(NS_ALAST, 1000 + lastWord));
    arows[na++] = row(k(NS_ALAST2, last2, last));
    for (long bk : bigrams) arows[na++] = row(k(NS_ACONJBIG, lastWord, bk));
    long aconj = k(NS_ACONJ, lastWord);
    for (long u : p.distinct) arows[na++] = row(PromptFeatures.mix(aconj ^ u));
    double[] sa = new double[AC];
    sumRows(wa, AC, arows, na, sa, 0);
    double[] logits = new double[Vocab.N_ANSWERS];
    for (int v = 0; v < Vocab.N_ANSWERS; v++) {
      double z = 0;
      for (int a : Vocab.ANSWER_ATTRS[v]) z += sa[a];
      logits[v] = z;
    }
    softmax(logits, Vocab.N_ANSWERS, invT, prob);
    int ans;
    if (forcedAnswer >= 0) ans = forcedAnswer;
    else {
      ans = greedy ? argmax(prob, Vocab.N_ANSWERS) : sample(prob, Vocab.N_ANSWERS, rng);
      logprob += StrictMath.log(prob[ans]);
    }
    generated++;
    if (g != null) {
      float[] ga = new float[AC];
      for (int a = 0; a < AC; a++) {
        double m = 0;
        for (int v : Vocab.ATTR_MEMBERS[a]) m += prob[v];
        ga[a] = (float) (-m * invT);
      }
      for (int a : Vocab.ANSWER_ATTRS[ans]) ga[a] += (float) invT;
      g.aRows.add(Arrays.copyOf(arows, na));
      g.aG.add(ga);
    }
    return new Rollout(Arrays.copyOf(toks, n), ans, logprob, generated, false);
  }

  private static void sumRows(float[] w, int cols, int[] rows, int nr, double[] acc, int from) {
    for (int i = 0; i < nr; i++) {
      int base = rows[i] * cols;
      for (int c = 0; c < cols; c++) acc[from + c] += w[base + c];
    }
  }

  private static void softmax(double[] z, int n, double invT, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) max = Math.max(max, z[i] * invT);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double e = StrictMath.exp(z[i] * invT - max);
      out[i] = e;
      sum += e;
    }
    for (int i = 0; i < n; i++) out[i] /= sum;
  }

  private static int sample(double[] p, int n, UniformRandomProvider rng) {
    double u = rng.nextDouble();
    double c = 0;
    for (int i = 0; i < n; i++) {
      c += p[i];
      if (u < c) return i;
    }
    for (int i = n - 1; i >= 0; i--) if (p[i] > 0) return i;
    return n - 1;
  }

  private static int argmax(double[] p, int n) {
    int b = 0;
    for (int i = 1; i < n; i++) if (p[i] > p[b]) b = i;
    return b;
  }
}
