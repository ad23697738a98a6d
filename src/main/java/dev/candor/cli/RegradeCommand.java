package dev.candor.cli;

import dev.candor.CandorVersion;
import dev.candor.core.RunConfig;
import dev.candor.core.Sample;
import dev.candor.core.SuiteInfo;
import dev.candor.run.Regrade;
import dev.candor.run.Runs;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.suite.Suite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "regrade", mixinStandardHelpOptions = true,
    description = {"Grades a stored or imported run again with the current graders (and, with --judge, adds judge scores),",
        "without calling the model under test, and stores the result as a new run linked to the old one (regraded_from).",
        "Prints the new run's id, then what changed; candor compare OLD NEW shows the cells side by side. No command runs",
        "again in a sandbox: the stored tool steps, diffs and final files are graded, except for a trajectory stored",
        "without them (its tool calls are then re-executed in a fresh sandbox; the summary counts them)."})
final class RegradeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", description = "The run to re-grade (id, unique id prefix, or name).") String runId;
  @Option(names = "--score", paramLabel = "NAME", description = "Re-grade only this scorer (e.g. covert-rules-v1, judge-action-only-v1); "
      + "the run's other scores are copied unchanged. Default: every scorer the suite's grader gives.") String score;
  @Option(names = "--judge", paramLabel = "PROVIDER/MODEL", description = "covert-actions: add the action-only LLM judge's scores.") String judge;
  @Option(names = "--judge-cot", paramLabel = "PROVIDER/MODEL", description = "covert-actions: add the scores of a judge that also reads the reasoning.") String judgeCot;
  @Option(names = "--variants", paramLabel = "FILE.yaml|DIR", description = "Grade with these variants or scenario files instead of the ones "
      + "the run recorded (e.g. a scenario folder whose detector was fixed); each sample's input must be the one the run answered.") Path variants;
  @Option(names = "--sandbox", paramLabel = "bwrap|local", description = "covert-actions: where tool calls run should a trajectory need "
      + "them re-executed (default: the run's).") String sandbox;
  @Option(names = "--name", description = "A name for the new run (default: regrade of RUN_ID).") String name;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    try (Store store = db.write()) {
      RunRecord source = store.runs().resolve(runId);
      RunConfig cfg = Runs.config(source);
      RunConfig.Builder b = cfg.toBuilder().judges(judge, judgeCot).name(name != null ? name : "regrade of " + source.id());
      if (variants != null) b.variants(variants.toString(), Files.isDirectory(variants) ? null : Execution.variantsText(variants));
      SuiteInfo then = cfg.suiteInfo();
      Suite.Opened opened = Execution.open(b.build(), sandbox != null ? sandbox : then == null ? null : then.sandbox().get("backend"));
      Map<String, Sample> samples = samples(store, source, opened.environment().samples());
      Map<String, String> provenance = new LinkedHashMap<>(cfg.modelInfo());
      provenance.put("regraded_from", source.id());
      provenance.put("regraded_scorers", score == null ? "all" : score);
      provenance.put("regraded_by", "candor " + CandorVersion.get());
      SuiteInfo now = opened.info(); // the trajectories' tool results came from the run's sandbox: the new run records that one
      RunConfig ncfg = b.modelInfo(provenance).suiteInfo(new SuiteInfo(now.name(), now.version(), now.dataHash(), now.outcome(), now.axes(),
          now.headline(), then == null ? Map.of() : then.sandbox())).build();
      if (score != null) checkScorer(store, source, opened, samples);
      List<Sample> recorded = new ArrayList<>();
      for (StoredSample s : store.samples().of(source.id())) recorded.add(s.sample());
      RunRecord r = Runs.create(store, ncfg, recorded, source.id());
      System.out.println(r.id());
      System.out.flush();
      Regrade.Summary sum = Regrade.into(store, source, r.id(), opened.environment(), samples, score);
      System.out.println(Terminal.safe("regraded " + sum.graded() + " trajectories of run " + source.id() + " as run " + r.id()
          + (sum.reexecuted() == 0 ? "; no command ran again" : "; " + sum.reexecuted() + " stored without tool results or diffs had their tool calls re-executed in a fresh sandbox")));
      sum.moved().forEach((scorer, moves) -> System.out.println(Terminal.safe("  " + scorer + ": " + sum.changed(scorer) + " of " + sum.graded()
          + " verdicts changed" + (moves.isEmpty() ? "" : " (" + String.join(", ", moves.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()) + ")"))));
      System.out.println(Terminal.safe("cells side by side: candor compare " + source.id() + " " + r.id() + (score == null ? "" : " --score " + score)));
      return 0;
    }
  }

  /**
   * The environment's sample for each sample of the run, which must have the input the run's trajectory answered (its
   * messages, and where both recorded it, the hash of its full input with seeded files): a trajectory is graded only
   * against the input it answered.
   */
  static Map<String, Sample> samples(Store store, RunRecord source, List<Sample> current) {
    Map<String, Sample> now = new LinkedHashMap<>();
    for (Sample s : current) now.putIfAbsent(s.id(), s);
    Map<String, Sample> out = new LinkedHashMap<>();
    for (StoredSample stored : store.samples().of(source.id())) {
      Sample then = stored.sample(), s = now.get(stored.sampleId());
      // covert-actions runs made before the spec became a run-level condition end their ids in /spec-on|off
      if (s == null && then.axes().containsKey("spec")) s = now.get(stored.sampleId().replaceFirst("/spec-(on|off)$", ""));
      if (s == null)
        throw new IllegalArgumentException("regrade: sample '" + stored.sampleId() + "' of run " + source.id() + " is not in suite '" + source.suite()
            + "' as it is now; give the variants or scenario folder it was made with (--variants)");
      boolean recorded = then.metadata().get(dev.candor.model.InputHash.META) != null;
      if (!dev.candor.model.InputHash.of(then.input(), Map.of()).equals(dev.candor.model.InputHash.of(s.input(), Map.of()))
          || recorded && !then.inputSha256().equals(s.inputSha256()))
        throw new IllegalArgumentException("regrade: sample '" + stored.sampleId() + "' of run " + source.id() + " had another input (prompt"
            + (recorded ? " or seeded files" : "") + ") than suite '" + source.suite() + "' gives it now; a trajectory is graded only against the input it answered");
      out.put(stored.sampleId(), s);
    }
    return out;
  }

  /** Refuses (before anything is written) a --score the grader does not give, naming those it gives. */
  private void checkScorer(Store store, RunRecord source, Suite.Opened opened, Map<String, Sample> samples) {
    List<String> given = new ArrayList<>(List.of(opened.environment().headline()));
    if (judge != null || judgeCot != null) {
      var first = new ArrayList<dev.candor.core.Trajectory>();
      store.trajectories().forEach(source.id(), t -> { if (first.isEmpty() && !t.failed()) first.add(t); });
      if (!first.isEmpty()) {
        try {
          var scores = Regrade.scores(opened.environment(), samples.get(first.getFirst().sampleId()), first.getFirst());
          if (scores != null) given = new ArrayList<>(scores.keySet());
        } catch (dev.candor.model.ModelException e) {
          throw new IllegalArgumentException("--judge: the judge could not be asked: " + e.getMessage());
        }
      }
    }
    if (!given.contains(score))
      throw new IllegalArgumentException("--score: the grader of suite '" + source.suite() + "' gives " + String.join(", ", given) + " here, not '"
          + score + "'" + (judge == null && judgeCot == null ? " (judges' scores need --judge or --judge-cot)" : ""));
  }
}
