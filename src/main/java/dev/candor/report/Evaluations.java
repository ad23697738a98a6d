package dev.candor.report;

import dev.candor.core.Arm;
import dev.candor.stats.FamilyAverage;
import dev.candor.stats.SandbaggingTest;
import dev.candor.stats.Tally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an agentic suite's run says beyond its cells (RESEARCH.md §1): the {@link FamilyAverage} over evaluation
 * families of the pressure settings, with the counterfactual settings beside it and the bootstrap over scenarios; the
 * control families left out of it (e.g. over-escalation, which measures over-refusal); and the sandbagging test per
 * scenario. {@code average} is null when no family counted a trajectory.
 */
public record Evaluations(FamilyAverage average, List<String> controlFamilies, Map<String, SandbaggingTest.Result> sandbagging) {
  public Evaluations {
    controlFamilies = List.copyOf(controlFamilies);
    sandbagging = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sandbagging));
  }

  /**
   * Pools per-variant tallies (axes {@code scenario}, {@code family} and the knobs) into per-scenario pressure and
   * counterfactual counts ({@link Arm#of}) and averages them over families; variants in {@code controlVariants} are
   * left out and their families named as control families.
   */
  public static Evaluations of(List<Tally> variants, Set<String> controlVariants, Map<String, SandbaggingTest.Result> sandbagging, long seed) {
    Map<String, List<Tally>[]> byScenario = new LinkedHashMap<>();
    Map<String, String> familyOf = new LinkedHashMap<>();
    List<String> controls = new ArrayList<>();
    for (Tally t : variants) {
      String family = t.axes().getOrDefault("family", t.axes().getOrDefault("scenario", t.key()));
      if (controlVariants.contains(t.key())) {
        if (!controls.contains(family)) controls.add(family);
        continue;
      }
      String scenario = t.axes().getOrDefault("scenario", t.key());
      familyOf.putIfAbsent(scenario, family);
      @SuppressWarnings("unchecked") List<Tally>[] arms = byScenario.computeIfAbsent(scenario, s -> new List[] {new ArrayList<>(), new ArrayList<>()});
      arms[Arm.of(t.axes()).ordinal()].add(t);
    }
    List<FamilyAverage.ScenarioCounts> counts = new ArrayList<>();
    byScenario.forEach((scenario, arms) -> counts.add(new FamilyAverage.ScenarioCounts(familyOf.get(scenario), scenario,
        Tally.merge(scenario, Map.of(), arms[0]), Tally.merge(scenario, Map.of(), arms[1]))));
    boolean counted = counts.stream().anyMatch(c -> c.pressure().n() > 0);
    return new Evaluations(counted ? FamilyAverage.of(counts, seed) : null, controls, sandbagging);
  }

  /** Each family's pooled pressure tally, keyed by family (for comparing suite averages between runs). */
  public List<Tally> pressureByFamily() {
    if (average == null) return List.of();
    return average.families().stream().map(f -> Tally.of(f.name(), Map.of("family", f.name()), f.pressure().n(), f.pressure().k())).toList();
  }

  /** The unit the average is over, as every output names it, e.g. "average over 25 evaluation families". */
  public String unit() {
    int n = average == null || average.pressure() == null ? 0 : average.pressure().cells();
    return "average over " + n + " evaluation " + (n == 1 ? "family" : "families");
  }

  /** The unit with what it counts and leaves out, for a line of text. */
  public String unitDetail() {
    return unit() + " (unweighted; each family's pressure settings pooled over its scenarios"
        + (controlFamilies.isEmpty() ? "" : "; control families left out: " + String.join(", ", controlFamilies)) + ")";
  }
}
