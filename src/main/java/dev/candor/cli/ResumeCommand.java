package dev.candor.cli;

import dev.candor.analysis.Intervention;
import dev.candor.suite.PrefilledEnvironment;
import dev.candor.core.SuiteInfo;
import dev.candor.suite.Environment;
import dev.candor.suite.Suite;
import dev.candor.core.Sample;
import dev.candor.model.Model;
import dev.candor.run.BatchRunner;
import dev.candor.core.RunConfig;
import dev.candor.run.Runs;
import dev.candor.run.Secrets;
import dev.candor.run.Shard;
import dev.candor.run.Sweeps;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resume", mixinStandardHelpOptions = true,
    description = {"Finishes an interrupted run (even one killed with kill -9) with its recorded configuration.",
        "Finished (sample, epoch) pairs are neither redone nor duplicated; those that ended in error are retried."})
final class ResumeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", description = "The run (id, unique id prefix, or name), or a sweep's group: its unfinished runs in order.") String runId;
  @Option(names = {"-q", "--quiet"}, description = "No progress bar.") boolean quiet;
  @Option(names = "--shard", paramLabel = "I/N", description = "Resume only part I of N.") String shard;
  @Option(names = "--batch-poll", paramLabel = "SECONDS", defaultValue = "30", description = "Runs made with --batch: seconds between status polls (default ${DEFAULT-VALUE}).") double batchPoll;
  @Option(names = "--adopt-batch", paramLabel = "ID|none", description = "Runs made with --batch whose submission was interrupted before the batch id was stored, when the provider shows several batches it may be: the id of the one Candor sent (it is collected instead of sending the requests again), or none to send them again.") String adoptBatch;
  @Option(names = "--base-url", paramLabel = "URL[,URL...]", description = "The run's base URL again, with the credentials (user info, key parameters) that were not stored.") String baseUrl;
  @Option(names = "--judge-base-url", paramLabel = "URL[,URL...]", description = "The run's --judge-base-url again, with the credentials that were not stored.") String judgeBaseUrl;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    try (Store store = db.write()) {
      if (store.runs().get(runId).isEmpty()) {
        List<RunRecord> group = Sweeps.members(store, runId);
        if (!group.isEmpty()) return resumeGroup(store, group);
      }
      return resume(store, store.runs().resolve(runId));
    }
  }

  /** A sweep's group: resumes its unfinished runs in order, stopping at the first that does not finish. */
  private int resumeGroup(Store store, List<RunRecord> group) {
    int count = Sweeps.sweep(group.getFirst()).count();
    for (RunRecord r : group) {
      if (r.status().equals(dev.candor.core.RunStatus.COMPLETE.text())) continue;
      int code = resume(store, r);
      if (code != 0) return code;
    }
    if (group.size() < count) {
      System.err.println("candor: group " + runId + " has " + group.size() + " of its " + count + " runs; the others were never started: run the same "
          + "candor sweep command again to make them");
      return 1;
    }
    return 0;
  }

  private int resume(Store store, RunRecord r) {
    RunConfig cfg = withJudgeCredentials(r, withCredentials(r, Runs.config(r), baseUrl), judgeBaseUrl);
    Suite.Opened opened = Execution.open(cfg);
    checkSuiteData("resume", r, cfg, opened.info());
    Environment env = opened.environment();
    List<Sample> samples;
    Model m;
    if (Intervention.isIntervention(store, r)) {
      // An intervention's samples are edits of another run's trajectories: resume them as recorded, prefilled.
      samples = Intervention.recordedSamples(store, r.id());
      env = new PrefilledEnvironment(env, samples);
      m = InterveneCommand.open(cfg, null, cfg.modelInfo().get("prefill"), cfg.modelInfo().get("prefill_template"),
          cfg.modelInfo().get("chat_template"), cfg.timeoutSeconds(), new java.util.HashMap<>());
      String sha = cfg.modelInfo().get("chat_template_sha256");
      if (sha != null && !sha.equals(m.describe().get("chat_template_sha256")))
        throw new IllegalArgumentException("resume: the chat template " + cfg.modelInfo().get("chat_template") + " changed since run " + r.id()
            + " started (SHA-256 " + sha + ", now " + m.describe().get("chat_template_sha256") + "); restore it or start a new intervention");
    } else {
      samples = recordedSamples(store, r, env);
      m = Execution.model(cfg);
    }
    var batches = store.batches().of(r.id());
    if (adoptBatch != null) {
      if (adoptBatch.isBlank() || !adoptBatch.matches("[A-Za-z0-9_.:-]{1,255}"))
        throw new IllegalArgumentException("--adopt-batch: expected a provider batch id or none, got '" + adoptBatch + "'");
      BatchRunner.requireInterruptedSubmission(r.id(), batches); // before anything is printed or sent
    }
    System.out.println(r.id());
    System.out.flush();
    if (!batches.isEmpty()) // made with --batch: settle interrupted submissions, finish its batches, then batch what is left
      return Execution.executeBatch(store, r, cfg, env, samples, m, Execution.batchApi(cfg, m), quiet, batchPoll, adoptBatch);
    return Execution.execute(store, r, cfg, env, samples, m, quiet, Shard.parse(shard));
  }

  /**
   * The stored configuration with {@code given} (nullable) as its base URL: it must be the stored one with its
   * credentials; a stored base URL whose credentials were removed ({@code ***}) needs it.
   */
  static RunConfig withCredentials(RunRecord r, RunConfig cfg, String given) {
    if (given == null) {
      if (cfg.baseUrl() != null && cfg.baseUrl().contains("***"))
        throw new IllegalArgumentException("--base-url: run " + r.id() + " was made against " + cfg.baseUrl()
            + ", whose credentials are not stored; give the URL again with --base-url");
      return cfg;
    }
    if (!java.util.Objects.equals(Secrets.url(given), cfg.baseUrl()))
      throw new IllegalArgumentException("--base-url: run " + r.id() + " was made against " + (cfg.baseUrl() == null ? "the provider's default URL" : cfg.baseUrl())
          + "; expected that URL with its credentials, got " + Secrets.url(given));
    return cfg.toBuilder().baseUrl(given).build();
  }

  /** As {@link #withCredentials} for the judges' base URL ({@code --judge-base-url}); a judge opened at one still redacted refuses. */
  static RunConfig withJudgeCredentials(RunRecord r, RunConfig cfg, String given) {
    if (given == null) return cfg;
    if (!java.util.Objects.equals(Secrets.url(given), cfg.judgeBaseUrl()))
      throw new IllegalArgumentException("--judge-base-url: run " + r.id() + " was made with " + (cfg.judgeBaseUrl() == null ? "no --judge-base-url" : "judges at " + cfg.judgeBaseUrl())
          + "; expected that URL with its credentials, got " + Secrets.url(given));
    return cfg.toBuilder().judgeBaseUrl(given).build();
  }

  /**
   * Refuses to go on from a run whose suite data (scenarios, variant grid, rubric, spec) changed since it was made:
   * the rest of its trajectories (resume), or those edited from it (intervene), would be asked or graded differently
   * from the first. Runs made before suites recorded a data hash are not checked.
   */
  static void checkSuiteData(String command, RunRecord r, RunConfig cfg, SuiteInfo now) {
    SuiteInfo then = cfg.suiteInfo();
    if (then == null || then.dataHash() == null || then.dataHash().equals(now.dataHash())) return;
    if (!then.sandbox().equals(now.sandbox()))
      throw new IllegalArgumentException(command + ": run " + r.id() + " ran its commands in " + (then.sandbox().isEmpty() ? "the simulated workspace"
          : "sandbox " + then.sandbox()) + ", here it would be " + now.sandbox() + "; tool results could differ, so start a new run");
    throw new IllegalArgumentException(command + ": the data of suite '" + cfg.suite() + "' changed since run " + r.id() + " started (SHA-256 "
        + then.dataHash() + ", now " + now.dataHash() + "); restore its files" + (cfg.variantsFile() == null ? "" : " (" + cfg.variantsFile() + ")")
        + " or start a new run");
  }

  /** The run's samples as recorded, checked against what the suite builds now so a resumed run measures the same thing. */
  static List<Sample> recordedSamples(Store store, RunRecord r, Environment env) {
    Map<String, Sample> current = env.samples().stream().collect(Collectors.toMap(Sample::id, Function.identity(), (a, b) -> a));
    List<Sample> out = new ArrayList<>();
    for (StoredSample s : store.samples().of(r.id())) {
      Sample now = current.get(s.sampleId());
      if (now == null)
        throw new IllegalArgumentException("run " + r.id() + ": sample '" + s.sampleId() + "' is no longer in suite '" + r.suite()
            + "' (made by Candor " + r.candorVersion() + "); rerun with that version");
      if (!Json.write(now.input()).equals(s.inputJson()))
        throw new IllegalArgumentException("run " + r.id() + ": sample '" + s.sampleId() + "' has a different prompt now than when the run was made (Candor "
            + r.candorVersion() + "); rerun with that version");
      out.add(now);
    }
    return out;
  }
}
