package dev.candor.cli;

import dev.candor.CandorVersion;
import dev.candor.Json;
import dev.candor.core.RunConfig;
import dev.candor.core.Sample;
import dev.candor.core.Trajectory;
import dev.candor.export.AtomicFile;
import dev.candor.export.ChatFineTuning;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.run.RetryPolicy;
import dev.candor.run.RetryingModel;
import dev.candor.run.Runs;
import dev.candor.run.Shard;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.suite.Distillation;
import dev.candor.suite.Distillation.Drop;
import dev.candor.suite.Environment;
import dev.candor.suite.SpecInContext;
import dev.candor.suite.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "distill", mixinStandardHelpOptions = true,
    description = {"Spec distillation data for real models (deliberative alignment's first stage): runs the suite with the spec file's",
        "text in every system prompt (an ordinary stored run: resumable, shown like any run), keeps the rollouts whose",
        "outcome is right (the suite's headline score is 0: not gamed, not covert) and whose reasoning or answers cite the",
        "spec (a documented rule, or an LLM judge with --judge), takes the spec out of the context, and writes OpenAI chat",
        "fine-tuning data (distill.jsonl, checked line by line against the format) and manifest.json (counts kept and",
        "dropped per reason). --run ID re-filters a stored distill run without calling the model.",
        "Prints the run id on stdout when it makes a run. Exit codes: 0 written; 1 the run did not finish (resume it, then",
        "distill --run); 2 bad input (nothing written); 3 database failure."})
final class DistillCommand implements Callable<Integer> {
  static final String DATA_FILE = "distill.jsonl";
  static final String MANIFEST_FILE = "manifest.json";

  @Option(names = "--spec", paramLabel = "FILE", description = "The spec (e.g. an anti-scheming spec in Markdown) put in every system prompt.") Path spec;
  @Option(names = "--suite", description = "Suite to run: ${COMPLETION-CANDIDATES}.", completionCandidates = Suites.Names.class) String suite;
  @Option(names = "--model", paramLabel = "PROVIDER/MODEL", description = "The model whose rollouts are distilled.") String model;
  @Option(names = "--run", paramLabel = "RUN_ID", description = "Re-filter this stored distill run (no model call): e.g. with another --judge.") String runId;
  @Option(names = "--judge", paramLabel = "PROVIDER/MODEL", description = "An LLM judge of spec citation (rubric "
      + "spec-citation-v1); default: the documented rule (principle ids or an 8-word quotation of the spec).") String judge;
  @Option(names = "--judge-base-url", paramLabel = "URL", description = "The citation judge's server (default: its provider's settings, e.g. $OPENAI_BASE_URL).") String judgeBaseUrl;
  @Option(names = "--out", paramLabel = "DIR", description = "Where distill.jsonl and manifest.json go (created if missing; default: distill-RUN_ID).") Path out;
  @Option(names = "--reasoning", paramLabel = "think|omit", defaultValue = "think", description = "The chat format has no reasoning field: "
      + "think puts each assistant turn's reasoning before its content in <think>...</think> (default); omit leaves it out.") String reasoning;

  @Option(names = "--base-url", paramLabel = "URL[,URL...]", description = "Base URL of an OpenAI-compatible server (as for run).") String baseUrl;
  @Option(names = "--epochs", defaultValue = "1", description = "Attempts per sample (default ${DEFAULT-VALUE}).") int epochs;
  @Option(names = "--limit", description = "Run only the first N samples.") Integer limit;
  @Option(names = "--max-connections", defaultValue = "32", description = "Concurrent model (and judge) calls (default ${DEFAULT-VALUE}).") int maxConnections;
  @Option(names = "--max-attempts", defaultValue = "6", description = "Tries per model or judge call (default ${DEFAULT-VALUE}).") int maxAttempts;
  @Option(names = "--timeout", defaultValue = "600", description = "Seconds one model call may take (default ${DEFAULT-VALUE}).") double timeout;
  @Option(names = "--variants", paramLabel = "FILE.yaml|DIR", description = "The suite's own variants or scenario folder (as for run).") Path variants;
  @Option(names = "--name", description = "A name for the run.") String name;
  @Option(names = "--seed", defaultValue = "1", description = "Run seed (default ${DEFAULT-VALUE}); the judge's seeds derive from it.") long seed;
  @Option(names = "--temperature") Double temperature;
  @Option(names = "--max-tokens") Integer maxTokens;
  @Option(names = "--reasoning-effort", description = "low, medium or high (OpenAI reasoning models).") String reasoningEffort;
  @Option(names = "--thinking-budget", description = "Anthropic extended-thinking budget in tokens.") Integer thinkingBudget;
  @Option(names = "--sandbox", paramLabel = "bwrap|local", description = "Agentic suites: where commands run (as for run).") String sandbox;
  @Option(names = "--no-cache", description = "Do not answer from (or write to) the response cache.") boolean noCache;
  @Option(names = {"-q", "--quiet"}, description = "No progress bar.") boolean quiet;
  @Mixin DbOption db;

  @Override
  public Integer call() throws Exception {
    ChatFineTuning.Reasoning mode = switch (reasoning) {
      case "think" -> ChatFineTuning.Reasoning.THINK;
      case "omit" -> ChatFineTuning.Reasoning.OMIT;
      default -> throw new IllegalArgumentException("--reasoning: expected think or omit, got '" + reasoning + "'");
    };
    String specText = spec == null ? null : readSpec(spec);
    if (runId != null) {
      if (model != null || suite != null) throw new IllegalArgumentException("--run: re-filters a stored run, whose --model and --suite it records; give neither");
      try (Store store = db.read()) {
        return filter(store, store.runs().resolve(runId), specText, mode);
      }
    }
    if (spec == null || model == null || suite == null)
      throw new IllegalArgumentException("distill: expected --spec FILE, --model PROVIDER/MODEL and --suite NAME (or --run RUN_ID to re-filter a stored run)");
    if (reasoningEffort != null && !List.of("minimal", "low", "medium", "high").contains(reasoningEffort))
      throw new IllegalArgumentException("--reasoning-effort: expected minimal, low, medium or high, got '" + reasoningEffort + "'");
    GenerateConfig gc = new GenerateConfig(temperature, maxTokens, reasoningEffort, thinkingBudget, null, null, timeout);
    RunConfig cfg = RunConfig.builder(suite, model).baseUrl(baseUrl).epochs(epochs).limit(limit).maxConnections(maxConnections)
        .maxAttempts(maxAttempts).timeoutSeconds(timeout).generate(gc).seed(seed)
        .variants(variants == null ? null : variants.toString(), variants == null || Files.isDirectory(variants) ? null : Execution.variantsText(variants))
        .name(name).noCache(noCache).spec(spec.toString(), specText).build();
    Suite.Opened opened = Execution.open(cfg, sandbox);
    Environment env = opened.environment();
    List<Sample> samples = Execution.samples(opened, limit, epochs);
    Model m = Execution.model(cfg);
    Execution.checkReplay(m, samples, epochs);
    distillation(specText, cfg); // a bad judge spec fails before the run
    cfg = cfg.toBuilder().modelInfo(m.describe()).suiteInfo(opened.info()).build();
    try (Store store = db.create()) {
      RunRecord r = Runs.create(store, cfg, samples, null);
      System.out.println(r.id());
      System.out.flush();
      int code = Execution.execute(store, r, cfg, env, samples, m, quiet, Shard.ALL);
      if (code != 0) {
        System.err.println("candor: distill: no data written; once the run is finished: candor distill --run " + r.id());
        return code;
      }
      return filter(store, store.runs().resolve(r.id()), specText, mode);
    }
  }

  private static String readSpec(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--spec: cannot read '" + file + "': " + e.getMessage());
    }
    if (text.isBlank()) throw new IllegalArgumentException("--spec: '" + file + "' is empty; expected the spec's text");
    return text;
  }

  private Distillation distillation(String specText, RunConfig cfg) {
    Model j = null;
    if (judge != null) {
      ModelOptions o = new ModelOptions(judgeBaseUrl, Duration.ofMillis((long) (cfg.timeoutSeconds() * 1000)), cfg.responseLimit(), EnvVars.system().prefill());
      j = new RetryingModel(Providers.registry().open(judge, o), RetryPolicy.standard(maxAttempts));
    }
    return new Distillation(specText, j, GenerateConfig.DEFAULT.withSeed(cfg.seed()), maxConnections);
  }

  /** Filters a finished distill run and writes its data and manifest; {@code givenSpec} (nullable) must be the run's spec. */
  private int filter(Store store, RunRecord r, String givenSpec, ChatFineTuning.Reasoning mode) throws Exception {
    RunConfig cfg = Runs.config(r);
    if (cfg.specText() == null)
      throw new IllegalArgumentException("--run: run " + r.id() + " had no spec in context (it was not made by candor distill); distill it anew with --spec");
    if (givenSpec != null && !givenSpec.equals(cfg.specText()))
      throw new IllegalArgumentException("--spec: '" + spec + "' (SHA-256 " + sha256(givenSpec) + ") is not the spec run " + r.id() + " was made with ("
          + cfg.specFile() + ", SHA-256 " + sha256(cfg.specText()) + "); leave --spec out to use the recorded one");
    long expected = (long) store.samples().of(r.id()).size() * cfg.epochs();
    long stored = store.trajectories().count(r.id());
    if (stored < expected)
      throw new IllegalArgumentException("--run: run " + r.id() + " is not finished (" + stored + " of " + expected + " trajectories stored); candor resume " + r.id() + " first");
    Path dir = out != null ? out : Path.of("distill-" + r.id());
    if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IllegalArgumentException("--out: '" + dir + "' exists and is not a directory");
    Distillation distillation = distillation(cfg.specText(), cfg);
    List<Trajectory> all = new ArrayList<>();
    store.trajectories().forEach(r.id(), all::add);
    all.sort(Comparator.comparing(Trajectory::sampleId).thenComparingInt(Trajectory::epoch));
    Map<Drop, Integer> dropped = new LinkedHashMap<>();
    for (Drop d : Drop.values()) dropped.put(d, 0);
    List<String> lines = new ArrayList<>();
    List<Map<String, Object>> kept = new ArrayList<>();
    String firstInvalid = null;
    for (Distillation.Verdict v : distillation.filter(all)) {
      Trajectory t = v.trajectory();
      if (v.drop() != null) {
        dropped.merge(v.drop(), 1, Integer::sum);
        continue;
      }
      String line = Json.write(ChatFineTuning.example(SpecInContext.without(t.messages(), cfg.specText()), Distillation.prefilled(t), mode));
      String problem = ChatFineTuning.problem(line);
      if (problem != null) {
        dropped.merge(Drop.INVALID_FORMAT, 1, Integer::sum);
        if (firstInvalid == null) firstInvalid = t.sampleId() + " epoch " + t.epoch() + ": " + problem;
        continue;
      }
      lines.add(line);
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("line", lines.size());
      k.put("sample_id", t.sampleId());
      k.put("epoch", t.epoch());
      k.put("seed", t.seed());
      k.put("citation_evidence", v.evidence());
      kept.add(k);
    }
    Map<String, Object> manifest = manifest(r, cfg, distillation, mode, all.size(), lines.size(), dropped, kept);
    Files.createDirectories(dir);
    AtomicFile.write(dir.resolve(DATA_FILE), w -> {
      for (String l : lines) w.write(l + "\n");
    });
    AtomicFile.write(dir.resolve(MANIFEST_FILE), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    StringBuilder why = new StringBuilder();
    dropped.forEach((d, n) -> { if (n > 0) why.append(why.isEmpty() ? "" : ", ").append(key(d)).append(' ').append(n); });
    System.err.println("candor: distill: kept " + lines.size() + " of " + all.size() + " rollouts of run " + r.id()
        + (why.isEmpty() ? "" : " (dropped: " + why + ")") + "; wrote " + dir.resolve(DATA_FILE) + " and " + dir.resolve(MANIFEST_FILE));
    if (firstInvalid != null) System.err.println(Terminal.safe("candor: distill: not valid fine-tuning data, first: " + firstInvalid));
    return 0;
  }

  private Map<String, Object> manifest(RunRecord r, RunConfig cfg, Distillation distillation, ChatFineTuning.Reasoning mode, int total, int keptCount,
                                       Map<Drop, Integer> dropped, List<Map<String, Object>> kept) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "openai-chat-fine-tuning");
    m.put("data", DATA_FILE);
    m.put("run_id", r.id());
    m.put("model", cfg.model());
    m.put("suite", cfg.suite());
    m.put("suite_version", cfg.suiteInfo() == null ? null : cfg.suiteInfo().version());
    m.put("suite_data_sha256", cfg.suiteInfo() == null ? null : cfg.suiteInfo().dataHash());
    m.put("spec_file", cfg.specFile());
    m.put("spec_sha256", sha256(cfg.specText()));
    m.put("build", CandorVersion.get());
    m.put("run_build", r.candorVersion());
    m.put("run_seed", cfg.seed());
    m.put("epochs", cfg.epochs());
    m.put("outcome_rule", "kept when the headline score (" + r.headline() + ") is a verdict of 0"
        + (cfg.suiteInfo() == null ? "" : " (not " + cfg.suiteInfo().outcome() + ")"));
    Map<String, Object> citation = new LinkedHashMap<>();
    citation.put("checker", distillation.checker());
    citation.put("version", distillation.version());
    if (judge != null) citation.put("judge", judge);
    else citation.put("principle_ids", distillation.principleIds());
    m.put("citation", citation);
    m.put("spec_removed", true);
    m.put("reasoning", mode == ChatFineTuning.Reasoning.THINK ? "in assistant content as <think>...</think> before the answer" : "omitted");
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("rollouts", total);
    counts.put("kept", keptCount);
    Map<String, Object> d = new LinkedHashMap<>();
    dropped.forEach((k, v) -> d.put(key(k), v));
    counts.put("dropped", d);
    m.put("counts", counts);
    m.put("kept", kept);
    return m;
  }

  private static String key(Drop d) { return d.name().toLowerCase(java.util.Locale.ROOT); }

  static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
