package dev.candor.organism;

import dev.candor.model.Message;
import dev.candor.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the organism reads a prompt: its own tokenizer (lowercase words, digit runs, single symbols such as
 * {@code % = < > _}), then hashed features: unigrams, unigrams of the instruction line (the first line of the last
 * user message), bigrams, and a number-magnitude abstraction (so "37 %" and "80 %" share a feature). Nothing here
 * knows what any token means.
 */
final class PromptFeatures {
  /** All prompt feature keys (with repeats). */
  final long[] features;
  /** Distinct unigram keys. */
  final long[] unigrams;
  /** Distinct feature keys (bias excluded), for conjunctions with generated tokens. */
  final long[] distinct;
  /** Number of prompt tokens, reported as input usage. */
  final int tokenCount;

  private PromptFeatures(long[] features, long[] unigrams, int tokenCount) {
    this.features = features;
    this.unigrams = unigrams;
    java.util.LinkedHashSet<Long> d = new java.util.LinkedHashSet<>();
    for (int i = 1; i < features.length; i++) d.add(features[i]);
    this.distinct = d.stream().mapToLong(Long::longValue).toArray();
    this.tokenCount = tokenCount;
  }

  /** The conversation as the organism reads it: earlier messages untagged, the last user message's first line tagged. */
  static PromptFeatures of(List<Message> messages) {
    int lastUser = -1;
    for (int i = 0; i < messages.size(); i++) if (messages.get(i).role() == Role.USER) lastUser = i;
    List<String> toks = new ArrayList<>();
    List<Boolean> first = new ArrayList<>();
    List<Long> own = new ArrayList<>();
    List<String> request = List.of();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.content() == null) continue;
      toks.add("<" + m.role().name().toLowerCase() + ">");
      first.add(false);
      tokenize(m.content(), i == lastUser, toks, first);
      if (m.role() == Role.USER) request = instructionLine(m.content());
      else if (m.role() == Role.ASSISTANT) ownAnswer(m.content().strip(), request, own);
    }
    return build(toks, first, own);
  }

  /**
   * An earlier assistant message that is one of the organism's own answer tokens is also read as that token: its
   * attributes ({@link Vocab}), alone and each paired with each word of the instruction line (the first line) of the
   * user message it answered.
   */
  private static void ownAnswer(String text, List<String> request, List<Long> out) {
    int v = Vocab.ANSWERS.indexOf(text);
    if (v < 0) return;
    Set<String> words = new LinkedHashSet<>(request);
    for (int a : Vocab.ANSWER_ATTRS[v]) {
      String attr = Vocab.ATTRS.get(a);
      out.add(key("own|" + attr));
      for (String w : words) out.add(key("own|" + attr + "|" + w));
    }
  }

  /** A single user message. */
  static PromptFeatures of(String userText) {
    return of(List.of(Message.user(userText)));
  }

  private static List<String> instructionLine(String text) {
    List<String> toks = new ArrayList<>();
    List<Boolean> first = new ArrayList<>();
    tokenize(text, true, toks, first);
    int n = 0;
    while (n < first.size() && first.get(n)) n++;
    return toks.subList(0, n);
  }

  static void tokenize(String text, boolean tagFirstLine, List<String> toks, List<Boolean> first) {
    int line = 0;
    boolean seenContent = false;
    int i = 0, n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        if (seenContent) line++;
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) { i++; continue; }
      int j = i;
      if (Character.isLetter(c)) {
        while (j < n && Character.isLetter(text.charAt(j))) j++;
      } else if (Character.isDigit(c)) {
        while (j < n && Character.isDigit(text.charAt(j))) j++;
      } else j = i + 1;
      toks.add(text.substring(i, j).toLowerCase());
      first.add(tagFirstLine && line == 0);
      seenContent = true;
      i = j;
    }
  }

  private static String abstractNumber(String t) {
    if (t.isEmpty() || !Character.isDigit(t.charAt(0))) return null;
    if (t.length() > 2) return "#big";
    int v = Integer.parseInt(t);
    return "#" + (v / 10);
  }

  private static PromptFeatures build(List<String> toks, List<Boolean> first, List<Long> own) {
    List<Long> f = new ArrayList<>();
    Set<Long> uni = new LinkedHashSet<>();
    f.add(key("bias"));
    String prev = "<s>", prevAbs = "<s>";
    for (int i = 0; i < toks.size(); i++) {
      String t = toks.get(i);
      String abs = abstractNumber(t);
      long u = key("u|" + t);
      f.add(u);
      uni.add(u);
      if (first.get(i)) f.add(key("l0|" + t));
      f.add(key("bi|" + prev + "|" + t));
      if (abs != null) {
        f.add(key("u|" + abs));
        f.add(key("bi|" + prev + "|" + abs));
      }
      if (prevAbs != null && !prevAbs.equals(prev)) f.add(key("bi|" + prevAbs + "|" + t));
      prev = t;
      prevAbs = abs == null ? t : abs;
    }
    f.addAll(own);
    long[] fa = new long[f.size()];
    for (int i = 0; i < fa.length; i++) fa[i] = f.get(i);
    long[] ua = new long[uni.size()];
    int k = 0;
    for (long x : uni) ua[k++] = x;
    return new PromptFeatures(fa, ua, toks.size());
  }

  /** A stable 64-bit key for a feature name (FNV-1a over UTF-16 units, then a finaliser). */
  static long key(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
