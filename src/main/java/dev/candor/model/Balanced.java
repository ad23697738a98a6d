package dev.candor.model;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model served by several equivalent endpoints (a vLLM fleet behind several base URLs): each call goes to the
 * endpoint with the fewest calls in flight, ties broken round-robin, so a slow endpoint gets less traffic. The spec
 * and capabilities are those of the first endpoint (all serve the same model). Retries stay the engine's: a failed
 * call is not re-sent elsewhere here, but the retry lands on whichever endpoint is least loaded then.
 */
public final class Balanced implements Model, ServedModel {
  private final List<Model> endpoints;
  private final AtomicInteger[] inFlight;
  private final AtomicInteger next = new AtomicInteger();

  public Balanced(List<Model> endpoints) {
    if (endpoints == null || endpoints.isEmpty()) throw InvalidSetting.of(Setting.BASE_URL, "expected at least one URL");
    this.endpoints = List.copyOf(endpoints);
    this.inFlight = new AtomicInteger[this.endpoints.size()];
    for (int i = 0; i < inFlight.length; i++) inFlight[i] = new AtomicInteger();
  }

  /**
   * Opens one model per base URL with the registry ({@code options.baseUrl()} is replaced by each URL in turn); one
   * URL gives that provider model itself, unwrapped.
   */
  public static Model open(ModelRegistry registry, String spec, List<String> baseUrls, ModelOptions options) {
    if (baseUrls.size() == 1) return registry.open(spec, options.withBaseUrl(baseUrls.get(0)));
    return new Balanced(baseUrls.stream().map(u -> registry.open(spec, options.withBaseUrl(u))).toList());
  }

  /**
   * Splits a {@code --base-url} value on commas: {@code a,b,c} → three URLs (blank parts rejected); null or blank →
   * a one-element list holding null (the provider's default).
   */
  public static List<String> splitUrls(String value) {
    if (value == null || value.isBlank()) return java.util.Collections.singletonList(null);
    String[] parts = value.split(",", -1);
    List<String> out = new java.util.ArrayList<>();
    for (String p : parts) {
      if (p.isBlank()) throw InvalidSetting.expected(Setting.BASE_URL, "comma-separated URLs without empty entries", "'" + ApiEndpoints.redact(value) + "'");
      out.add(p.strip());
    }
    return out;
  }

  @Override public String spec() { return endpoints.get(0).spec(); }
  @Override public boolean supportsReasoningPrefill() { return endpoints.get(0).supportsReasoningPrefill(); }
  @Override public boolean supportsTools() { return endpoints.get(0).supportsTools(); }
  @Override public boolean cacheable() { return endpoints.get(0).cacheable(); }
  @Override public java.util.Map<String, String> describe() { return endpoints.get(0).describe(); }

  /** Every endpoint's, comma-separated: an answer may come from any of them. */
  @Override
  public String endpoint() {
    return String.join(",", endpoints.stream().map(m -> String.valueOf(m.endpoint())).toList());
  }

  /** What each endpoint's server reported, merged in endpoint order ({@link ServedModel#merge}). */
  @Override
  public java.util.Map<String, String> served() {
    java.util.Map<String, String> out = java.util.Map.of();
    for (Model m : endpoints) if (m instanceof ServedModel s) out = ServedModel.merge(out, s.served());
    return out;
  }

  @Override
  public Output generate(ModelRequest request) throws ModelException {
    int i = pick();
    try {
      return endpoints.get(i).generate(request);
    } finally {
      inFlight[i].decrementAndGet();
    }
  }

  /** Claims the least-loaded endpoint (incrementing its count) and returns its index. */
  private int pick() {
    int n = inFlight.length;
    while (true) {
      int start = Math.floorMod(next.getAndIncrement(), n);
      int best = start;
      int bestLoad = inFlight[start].get();
      for (int k = 1; k < n && bestLoad > 0; k++) {
        int j = (start + k) % n;
        int load = inFlight[j].get();
        if (load < bestLoad) { best = j; bestLoad = load; }
      }
      // Claim only if nobody took it meanwhile; otherwise look again (keeps the choice honest under contention).
      if (inFlight[best].compareAndSet(bestLoad, bestLoad + 1)) return best;
    }
  }

  /** Calls in flight per endpoint, in the order given (for tests and progress). */
  public int[] inFlight() {
    int[] out = new int[inFlight.length];
    for (int i = 0; i < out.length; i++) out[i] = inFlight[i].get();
    return out;
  }

  /** How many endpoints this model spreads over. */
  public int size() { return endpoints.size(); }
}
