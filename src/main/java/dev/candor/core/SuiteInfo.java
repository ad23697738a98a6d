package dev.candor.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * What the layers below the composition root know of a suite, as plain data: the seam between the suite plug-ins
 * ({@code dev.candor.suite}) and {@code store}, {@code report}, {@code analysis} and {@code export}, which must not
 * depend on them.
 *
 * <p>It is made by the suite when a run is created and recorded with the run (in its configuration JSON), so
 * {@code show}, {@code report} and the viewer of a run need no suite code, and a later change to a suite does not
 * change how an old run reads. Runs made before suites recorded it get it from the composition root's registry by the
 * run's suite name, or {@link #generic} for a suite no longer registered.
 *
 * @param name     the suite's name ({@code reward-hints}, {@code covert-actions})
 * @param version  the version of the suite's code (sample building, grading); null when not recorded
 * @param dataHash SHA-256 (hex) over every data file the suite loaded for the run (scenarios, variant grids,
 *                 rubrics, spec text); a resumed run must find the same; null when not recorded
 * @param outcome  what a positive outcome is called in tables and figures ({@code gamed}, {@code covert})
 * @param axes     the sample axes in display order (axes not named here follow, alphabetically)
 * @param headline the name of the scorer whose verdict is the run's headline rate; null when not recorded
 * @param sandbox  where the suite ran commands: {@code backend} ({@code bwrap}, {@code local}) and the first line of
 *                 {@code bash}, {@code python3} and {@code coreutils}' {@code --version}; empty for a suite that runs
 *                 none, or a run made before runs recorded it
 * @param rubrics  the rubric version of each LLM judge scorer the run used (e.g. {@code judge-action-only-v1} →
 *                 {@code action-judge-v2}); empty without judges
 */
public record SuiteInfo(String name, String version, String dataHash, String outcome, List<String> axes, String headline,
                        java.util.Map<String, String> sandbox, java.util.Map<String, String> rubrics) {
  /** Without judges. */
  public SuiteInfo(String name, String version, String dataHash, String outcome, List<String> axes, String headline,
                   java.util.Map<String, String> sandbox) {
    this(name, version, dataHash, outcome, axes, headline, sandbox, null);
  }

  public SuiteInfo {
    sandbox = java.util.Collections.unmodifiableMap(sandbox == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(sandbox));
    rubrics = java.util.Collections.unmodifiableMap(rubrics == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(rubrics));
    axes = axes == null ? List.of() : List.copyOf(axes);
    outcome = outcome == null ? "positive" : outcome;
  }

  /** A suite Candor knows nothing of: outcome "positive", axes alphabetical. */
  public static SuiteInfo generic(String name) {
    return new SuiteInfo(name, null, null, "positive", List.of(), null, null);
  }

  /** {@code present} in display order: this suite's axes first, in its order, then the rest alphabetically. */
  public List<String> orderAxes(Collection<String> present) {
    List<String> out = new ArrayList<>();
    for (String a : axes) if (present.contains(a)) out.add(a);
    for (String a : new TreeSet<>(present)) if (!out.contains(a)) out.add(a);
    return List.copyOf(out);
  }
}
