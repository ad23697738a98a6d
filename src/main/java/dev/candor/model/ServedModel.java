package dev.candor.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model behind a server that reports what it serves, for a run's provenance. {@link #served()} returns, as flat
 * text entries: the server's model list entry for it ({@code models.id}, {@code models.owned_by},
 * {@code models.created}, {@code models.max_model_len}, {@code models.meta}…, or {@code models.error} when the list
 * could not be read; fetched once, never failing a call), and what its responses named: for each field F
 * ({@code response_model}, {@code response_system_fingerprint}) the first value seen as F and every distinct value,
 * in order, as F{@value #VALUES}. {@link #merge} combines two such reports (resumes, fleets), adding
 * F{@value #CHANGED}. Never secrets.
 */
public interface ServedModel {
  String VALUES = "_values";
  String CHANGED = "_changed";
  /** Distinct values kept per field: a server changing its answer on every call is reported as changed, not listed in full. */
  int MAX_VALUES = 10;
  String SEPARATOR = " | ";

  /** What the server reported so far; may call the server once for its model list. Never throws. */
  Map<String, String> served();

  /**
   * {@code earlier} with {@code later} added: earlier entries stay (first seen wins), value lists are joined, and
   * each field with a value list gets {@code F_changed} ({@code true} when more than one value was seen).
   */
  static Map<String, String> merge(Map<String, String> earlier, Map<String, String> later) {
    Map<String, String> out = new TreeMap<>(later);
    out.putAll(earlier);
    for (String k : new ArrayList<>(out.keySet())) {
      if (!k.endsWith(VALUES)) continue;
      Set<String> values = new LinkedHashSet<>();
      for (Map<String, String> m : List.of(earlier, later)) {
        String v = m.get(k);
        if (v != null) for (String part : v.split(java.util.regex.Pattern.quote(SEPARATOR))) if (values.size() < MAX_VALUES) values.add(part);
      }
      out.put(k, String.join(SEPARATOR, values));
      out.put(k.substring(0, k.length() - VALUES.length()) + CHANGED, String.valueOf(values.size() > 1));
    }
    return out;
  }

  /** A one-line summary for headers: {@code key=value; …}, value lists shown only when they changed. */
  static String summary(Map<String, String> served) {
    List<String> parts = new ArrayList<>();
    for (var e : new TreeMap<>(served).entrySet()) {
      String k = e.getKey();
      if (k.endsWith(CHANGED)) continue;
      if (k.endsWith(VALUES)) {
        if ("true".equals(served.get(k.substring(0, k.length() - VALUES.length()) + CHANGED))) parts.add(k.substring(0, k.length() - VALUES.length()) + " changed: " + e.getValue());
        continue;
      }
      parts.add(k + "=" + e.getValue());
    }
    return String.join("; ", parts);
  }

  /** Records the values responses name for each field; cheap when a value repeats (the usual case). Thread-safe. */
  final class Tracker {
    private final Map<String, Field> fields = new ConcurrentHashMap<>();

    private static final class Field {
      final String first;
      final Set<String> values = new LinkedHashSet<>();
      Field(String first) { this.first = first; values.add(first); }
    }

    /** Notes that a response named {@code value} (ignored when null or empty) for {@code field}. */
    public void saw(String field, String value) {
      if (value == null || value.isEmpty()) return;
      Field f = fields.get(field);
      if (f == null) f = fields.computeIfAbsent(field, k -> new Field(value));
      if (f.first.equals(value)) return;
      synchronized (f) {
        if (f.values.size() < MAX_VALUES) f.values.add(value);
      }
    }

    /** For each field seen: F (the first value) and F{@value #VALUES}. */
    public Map<String, String> report() {
      Map<String, String> out = new TreeMap<>();
      fields.forEach((k, f) -> {
        out.put(k, f.first);
        synchronized (f) {
          out.put(k + VALUES, String.join(SEPARATOR, f.values));
        }
      });
      return out;
    }
  }
}
