package dev.candor.cli;

import dev.candor.suite.Capability;
import dev.candor.suite.Environment;
import dev.candor.suite.SpecInContext;
import dev.candor.suite.Suite;
import dev.candor.suite.SuiteRegistry;
import dev.candor.core.Sample;
import dev.candor.model.Balanced;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelSpec;
import dev.candor.model.SampleBound;
import dev.candor.model.WireCodec;
import dev.candor.model.batch.BatchApi;
import dev.candor.run.BatchRunner;
import dev.candor.run.Engine;
import dev.candor.core.RunConfig;
import dev.candor.run.RetryPolicy;
import dev.candor.run.RetryingModel;
import dev.candor.run.RunResult;
import dev.candor.run.Runs;
import dev.candor.run.Shard;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** What run, resume and demo share: opening the suite and the model from a config, and executing with Ctrl-C handling. */
final class Execution {
  private Execution() {}

  /**
   * Opens the run's suite with its recorded arguments: its variants (the recorded text if the file changed), spec,
   * judges, headline policy and sandbox backend, and {@code candor distill}'s spec in context ({@link SpecInContext}).
   */
  static Suite.Opened open(RunConfig cfg) {
    return open(cfg, cfg.suiteInfo() == null ? null : cfg.suiteInfo().sandbox().get("backend"));
  }

  /**
   * The samples a new run of {@code opened} covers: the first {@code limit} of the suite's (all when null), checked
   * against the run size limit with {@code epochs}.
   */
  static List<dev.candor.core.Sample> samples(Suite.Opened opened, Integer limit, int epochs) {
    List<dev.candor.core.Sample> samples = opened.environment().samples();
    if (limit != null && limit < samples.size()) samples = samples.subList(0, limit);
    dev.candor.run.Runs.checkSize(samples.size(), epochs);
    return samples;
  }

  /** As above, in the sandbox backend {@code sandbox} (null: the suite's default). */
  static Suite.Opened open(RunConfig cfg, String sandbox) {
    Path variants = null;
    if (cfg.variantsText() == null && cfg.variantsFile() != null) {
      variants = Path.of(cfg.variantsFile()); // a scenario folder: recorded by path
    } else if (cfg.variantsText() != null) {
      try {
        Path p = cfg.variantsFile() == null ? null : Path.of(cfg.variantsFile());
        if (p != null && Files.isReadable(p) && Files.readString(p).equals(cfg.variantsText())) {
          variants = p;
        } else {
          // The file moved or changed since the run was made: use the text recorded with the run.
          variants = Files.createTempFile("candor-variants-", ".yaml");
          Files.writeString(variants, cfg.variantsText());
          variants.toFile().deleteOnExit();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("--variants: " + e.getMessage(), e);
      }
    }
    SuiteRegistry suites = Suites.registry();
    Suite suite = suites.get(cfg.suite());
    boolean judged = cfg.judge() != null || cfg.judgeWithReasoning() != null;
    if (judged && !suite.capabilities().contains(Capability.JUDGED))
      throw new IllegalArgumentException("--judge: only " + String.join(", ", suites.namesWith(Capability.JUDGED)) + " has an LLM judge; '"
          + cfg.suite() + "' is graded by its rules");
    Suite.Opened opened = suite.open(new Suite.Arguments(variants, cfg.withSpec(), cfg.judge() == null ? null : judgeModel(cfg.judge(), cfg),
        cfg.judgeWithReasoning() == null ? null : judgeModel(cfg.judgeWithReasoning(), cfg), cfg.seed(), sandbox, cfg.headline()));
    return cfg.specText() == null ? opened : SpecInContext.apply(opened, cfg.specText()); // candor distill's spec
  }

  /** The text of a variant file given with {@code --variants} (what a run records of it). */
  static String variantsText(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--variants: cannot read '" + file + "': " + e.getMessage());
    }
  }

  /**
   * A judge of the run, at {@link #judgeBaseUrl}: each call tried up to the run's --max-attempts times, as the engine
   * tries the model's.
   */
  private static Model judgeModel(String spec, RunConfig cfg) {
    String url = judgeBaseUrl(spec, cfg);
    if (url != null && url.contains("***"))
      throw new IllegalArgumentException("--judge-base-url: the judge's server " + url + " was stored without its credentials; give the URL again with --judge-base-url");
    return new RetryingModel(Balanced.open(Providers.registry(), spec, Balanced.splitUrls(url), options(cfg)), RetryPolicy.standard(cfg.maxAttempts()));
  }

  /**
   * Where a judge {@code spec} of the run is called: {@code --judge-base-url} when given; else the agent's
   * {@code --base-url} when the judge has the agent's provider (both {@code openai/...}: the judge is served by the
   * same server); else null, the judge provider's default.
   */
  static String judgeBaseUrl(String spec, RunConfig cfg) {
    if (cfg.judgeBaseUrl() != null) return cfg.judgeBaseUrl();
    return ModelSpec.parse(spec).provider().equals(ModelSpec.parse(cfg.model()).provider()) ? cfg.baseUrl() : null;
  }

  /** Opens the run's model (a bad spec fails here, before any organism training), training the organism first if needed. */
  static Model model(RunConfig cfg) {
    Model m = Balanced.open(Providers.registry(), cfg.model(), Balanced.splitUrls(cfg.baseUrl()), options(cfg));
    if (cfg.model().startsWith("organism/")) OrganismCommand.ensureTrained(EnvVars.system(), System.err);
    return m;
  }

  /**
   * For a replay model ({@link SampleBound}): refuses the run (nothing written) when more than half of its (sample,
   * epoch) pairs have no recorded trajectory, the file being then for other samples or other inputs; else says on
   * stderr how many have none (they end in error).
   */
  static void checkReplay(Model m, List<Sample> samples, int epochs) {
    if (!(m instanceof SampleBound replay)) return;
    long missing = 0, total = (long) samples.size() * epochs;
    String first = null;
    for (int epoch = 1; epoch <= epochs; epoch++)
      for (Sample s : samples) {
        String why = replay.missing(s.id(), epoch, s.inputSha256());
        if (why == null) continue;
        missing++;
        if (first == null) first = "'" + s.id() + "' epoch " + epoch + ": " + why;
      }
    if (missing == 0) return;
    String what = m.spec() + " has no recorded trajectory for " + missing + " of " + total + " (sample, epoch) pairs (matched by sample id, "
        + "epoch and the SHA-256 of the sample's full input, seeded files included; first: " + first + ")";
    if (missing * 2 > total)
      throw new IllegalArgumentException("--model: " + what + "; the file does not fit this suite's samples as they are now (schema: docs/jsonl.md)");
    System.err.println(Terminal.safe("candor: " + what + "; those end in error"));
  }

  /** How to reach a model of this run (no base URL: the provider default): its timeout, response size limit and the environment's prefill settings. */
  static ModelOptions options(RunConfig cfg) {
    return new ModelOptions(null, Duration.ofMillis((long) (cfg.timeoutSeconds() * 1000)), cfg.responseLimit(), EnvVars.system().prefill());
  }

  /**
   * The batch API of the run's provider, after checking the run can go through one: a batchable suite and a single
   * base URL.
   */
  static BatchApi batchApi(RunConfig cfg, Model model) {
    SuiteRegistry suites = Suites.registry();
    Set<Capability> can = suites.get(cfg.suite()).capabilities();
    if (!can.contains(Capability.BATCHABLE))
      throw new IllegalArgumentException("--batch: suite '" + cfg.suite() + "' " + (can.contains(Capability.SINGLE_TURN) ? "has no batch mode" : "runs a multi-turn tool loop")
          + "; batch mode supports single-turn suites (" + String.join(", ", suites.namesWith(Capability.BATCHABLE)) + ")");
    if (!(model instanceof WireCodec))
      throw new IllegalArgumentException("--batch: expected an openai/... or anthropic/... model with one --base-url, got " + cfg.model()
          + (cfg.baseUrl() != null && cfg.baseUrl().contains(",") ? " with several base URLs" : ""));
    ModelOptions options = new ModelOptions(cfg.baseUrl(), Duration.ofSeconds(300), ModelOptions.DEFAULT_MAX_RESPONSE_BYTES,
        EnvVars.system().prefill());
    return Providers.registry().batchApi(cfg.model(), options).orElseThrow(() -> new IllegalArgumentException(
        "--batch: provider '" + ModelSpec.parse(cfg.model()).provider() + "' has no batch API"));
  }

  static int executeBatch(Store store, RunRecord r, RunConfig cfg, Environment env, List<Sample> samples, Model model,
                          BatchApi api, boolean quiet, double pollSeconds) {
    return executeBatch(store, r, cfg, env, samples, model, api, quiet, pollSeconds, null);
  }

  /** As above; {@code adoptBatch} (a provider batch id, or {@code none}) settles an ambiguous interrupted submission. */
  static int executeBatch(Store store, RunRecord r, RunConfig cfg, Environment env, List<Sample> samples, Model model,
                          BatchApi api, boolean quiet, double pollSeconds, String adoptBatch) {
    if (!(pollSeconds > 0)) throw new IllegalArgumentException("--batch-poll: expected seconds > 0, got " + pollSeconds);
    var runner = new BatchRunner(store, EnvVars.system().secrets().withUrls(cfg.baseUrl()), api, Duration.ofMillis(Math.max(1, Math.round(pollSeconds * 1000))))
        .adoptBatch(adoptBatch);
    Runs.recordServed(store, r.id(), model);
    RunResult result = stoppableOnSignal(() -> runner.stop(Duration.ofSeconds(3)),
        () -> runner.execute(r.id(), cfg, env, samples, model, new Progress(quiet)));
    recordServedAfter(store, r, model);
    return report(r, result, Shard.ALL);
  }

  static int execute(Store store, RunRecord r, RunConfig cfg, Environment env, List<Sample> samples, Model model, boolean quiet,
                     Shard shard) {
    Engine engine = new Engine(store, EnvVars.system().secrets().withUrls(cfg.baseUrl()).withUrls(cfg.judgeBaseUrl())).shard(shard).cache(!cfg.noCache() && model.cacheable());
    Runs.recordServed(store, r.id(), model); // the server's model list, before any call
    RunResult result = stoppableOnSignal(() -> engine.stop(Duration.ofSeconds(3)),
        () -> engine.execute(r.id(), cfg, env, samples, model, new Progress(quiet)));
    recordServedAfter(store, r, model);
    return report(r, result, shard);
  }

  /** Adds what the responses named about the served model; a database that failed meanwhile is reported by the run. */
  private static void recordServedAfter(Store store, RunRecord r, Model model) {
    try {
      Runs.recordServed(store, r.id(), model);
    } catch (StoreException e) {
      System.err.println("candor: run " + r.id() + ": could not record what the server reported of its model: " + e.getMessage());
    }
  }

  /** Runs {@code work} with {@code stop} as the JVM's shutdown hook meanwhile (Ctrl-C, SIGTERM stop the run cleanly; exit code 1). */
  private static RunResult stoppableOnSignal(Runnable stop, java.util.function.Supplier<RunResult> work) {
    Thread hook = new Thread(stop, "candor-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Main.finishOnSignal();
    try {
      return work.get();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running
      }
    }
  }

  private static int report(RunRecord r, RunResult result, Shard shard) {
    if (result.fatal() != null) {
      String fatal = result.fatalSetting() != null ? Flags.message(result.fatalSetting()) : result.fatal();
      System.err.println("candor: run " + r.id() + " stopped: " + fatal + " — fix it, then: candor resume " + r.id());
      return 1;
    }
    if (result.interrupted()) {
      System.err.println("candor: run " + r.id() + " interrupted with " + result.stored() + "/" + result.total() + " stored; continue with: candor resume " + r.id()
          + (shard.count() > 1 ? " --shard " + shard : ""));
      return 1;
    }
    if (result.allFailed()) {
      System.err.println("candor: run " + r.id() + ": every one of its " + result.stored() + " trajectories ended in error"
          + (result.firstError() == null ? "" : " (first: " + result.firstError().lines().findFirst().orElse("") + ")") + "; fix the cause, then: candor resume " + r.id());
      return 1;
    }
    if (result.errors() > 0)
      System.err.println("candor: " + result.errors() + " of " + result.total() + " trajectories ended in error after retries; they are stored as 'error' and `candor resume " + r.id() + "` retries them");
    return 0;
  }
}
