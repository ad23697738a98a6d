package dev.candor.analysis;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.TextBudget;
import dev.candor.store.ScoreRecord;
import dev.candor.store.Store;
import dev.candor.core.Trajectory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an intervention learns which trajectories verbalise awareness and which of their sentences do: the lexical
 * detector run on the spot, or labels stored by {@code candor analyze awareness} under a scorer (e.g. the LLM judge's
 * {@code awareness-judge-v1}, whose quoted evidence then decides which sentences are removed).
 */
public interface AwarenessLookup {
  /** The scorer name the selection is based on. */
  String scorer();

  /** Whether the trajectory's reasoning verbalises awareness; null when unknown (not labelled: never selected). */
  Boolean aware(Trajectory t);

  /** Whether one sentence of the trajectory's reasoning is awareness evidence. */
  boolean awareSentence(Trajectory t, String sentence);

  static AwarenessLookup lexical(LexicalDetector d) {
    return new AwarenessLookup() {
      @Override public String scorer() { return d.scorer(); }
      @Override public Boolean aware(Trajectory t) {
        try {
          return d.label(Reasoning.all(t)).aware();
        } catch (TextBudget.TooLong e) {
          return null; // too long to label: unknown, so never selected
        }
      }
      @Override public boolean awareSentence(Trajectory t, String sentence) { return d.awareSentence(sentence); }
    };
  }

  /** Stored labels of {@code scorer} for a run; a sentence is evidence when it contains a quote or lies within one. */
  static AwarenessLookup stored(Store store, String runId, String scorer) {
    List<ScoreRecord> scores = store.scores().of(runId, scorer);
    if (scores.isEmpty()) {
      String make = "run " + runId + " has no '" + scorer + "' labels; make them with: candor analyze awareness " + runId;
      throw scorer.contains("judge") ? InvalidSetting.of(Setting.SCORER, make + " ", Setting.JUDGE, " PROVIDER/MODEL")
          : InvalidSetting.of(Setting.SCORER, make);
    }
    Map<Trajectory.Key, Boolean> aware = new HashMap<>();
    Map<Trajectory.Key, List<String>> evidence = new HashMap<>();
    for (ScoreRecord s : scores) {
      if (s.value() == null) continue;
      Map<String, Object> m = s.score().metadata();
      aware.put(s.key(), Boolean.TRUE.equals(m.get("aware")));
      Object ev = m.get("aware_evidence");
      if (ev instanceof List<?> l) evidence.put(s.key(), l.stream().map(o -> normalise(String.valueOf(o))).filter(q -> q.length() >= 8).toList());
    }
    return new AwarenessLookup() {
      @Override public String scorer() { return scorer; }
      @Override public Boolean aware(Trajectory t) { return aware.get(t.key()); }

      @Override
      public boolean awareSentence(Trajectory t, String sentence) {
        String s = normalise(sentence);
        for (String q : evidence.getOrDefault(t.key(), List.of())) if (s.contains(q) || (s.length() >= 8 && q.contains(s))) return true;
        return false;
      }
    };
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }
}
