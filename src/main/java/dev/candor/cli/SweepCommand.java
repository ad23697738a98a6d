package dev.candor.cli;

import dev.candor.Json;
import dev.candor.core.RunConfig;
import dev.candor.core.RunStatus;
import dev.candor.core.Sample;
import dev.candor.core.Sweep;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Model;
import dev.candor.model.ModelProvider.Checkpoint;
import dev.candor.model.ModelSpec;
import dev.candor.run.Runs;
import dev.candor.run.Shard;
import dev.candor.run.Sweeps;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.suite.Environment;
import dev.candor.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Evaluates an ordered series of checkpoints of one training run as one run group: one run per checkpoint,",
        "each recording the group, its step, its phase and its position. Prints the group name on stdout (then: candor curve",
        "GROUP). Resumable: the same command again, or candor resume GROUP, finishes unfinished runs and skips finished ones.",
        "Exit codes as candor run (the first run that does not finish stops the sweep)."})
final class SweepCommand implements Callable<Integer> {
  @Option(names = "--suite", required = true, description = "Suite to run: ${COMPLETION-CANDIDATES}.", completionCandidates = Suites.Names.class)
  String suite;

  @Option(names = "--checkpoints", required = true, arity = "1..*", paramLabel = "SPEC",
      description = {"The checkpoints in training order: PROVIDER/MODEL@STEP or PROVIDER/MODEL@STEP:PHASE (e.g. organism/sft@0:sft); a",
          "model whose own name ends in @N is written with its step after it (organism/main@1200@1200). Or a pattern with * or",
          "{step}, listed by its provider: organism/main@* (the organism's snapshots, with steps and phases),",
          "openai/myrun-step-{step} (the adapters the --base-url server lists, step = the digits). A spec without a step gets its",
          "position (0, 1, …) as its step, with a warning. A phase runs until the next one starts."})
  List<String> checkpoints;

  @Option(names = "--phase", paramLabel = "NAME@STEP", description = "A training phase that starts at STEP (repeatable); labels the checkpoints from there on whose provider gives no phase.")
  List<String> phases = new ArrayList<>();

  @Option(names = "--group", paramLabel = "NAME", description = "The group's name (default: sweep- and a hash of the suite, checkpoints and settings, so the same command finds its group again).")
  String group;

  @Option(names = "--base-url", paramLabel = "URL[,URL...]", description = "Base URL of an OpenAI-compatible server (as candor run).") String baseUrl;
  @Option(names = "--epochs", defaultValue = "20", description = "Attempts per sample and checkpoint (default ${DEFAULT-VALUE}: 780 trajectories per checkpoint of the 39-variant reward-hint grid).") int epochs;
  @Option(names = "--limit", description = "Run only the first N samples.") Integer limit;
  @Option(names = "--max-connections", defaultValue = "32", description = "Concurrent model calls (default ${DEFAULT-VALUE}).") int maxConnections;
  @Option(names = "--max-attempts", defaultValue = "6", description = "Tries per model call, first included (default ${DEFAULT-VALUE}).") int maxAttempts;
  @Option(names = "--timeout", defaultValue = "600", description = "Seconds one model call may take in all (default ${DEFAULT-VALUE}).") double timeout;
  @Option(names = "--max-response-bytes", paramLabel = "BYTES", description = "Longest response body accepted (default: 64 MiB).") Long maxResponseBytes;
  @Option(names = "--variants", paramLabel = "FILE.yaml|DIR", description = "Your own variants or scenario folder (as candor run).") Path variants;
  @Option(names = "--seed", defaultValue = "1", description = "Run seed of every checkpoint's run (default ${DEFAULT-VALUE}).") long seed;
  @Option(names = "--temperature") Double temperature;
  @Option(names = "--max-tokens") Integer maxTokens;
  @Option(names = "--reasoning-effort", description = "low, medium or high (OpenAI reasoning models).") String reasoningEffort;
  @Option(names = "--thinking-budget", description = "Anthropic extended-thinking budget in tokens.") Integer thinkingBudget;
  @Option(names = "--system-prompt", description = "System prompt sent first.") String systemPrompt;
  @Option(names = "--sandbox", paramLabel = "bwrap|local", description = "covert-actions: where commands run (as candor run).") String sandbox;
  @Option(names = "--with-spec", description = "covert-actions: put Candor's anti-scheming spec in the system prompt.") boolean withSpec;
  @Option(names = "--judge", paramLabel = "PROVIDER/MODEL", description = "covert-actions: an action-only LLM judge.") String judge;
  @Option(names = "--judge-cot", paramLabel = "PROVIDER/MODEL", description = "covert-actions: a judge that also reads the reasoning.") String judgeWithReasoning;
  @Option(names = "--headline", paramLabel = "rule|judge|both", description = "covert-actions: the headline score (as candor run).") String headline;
  @Option(names = "--no-cache", description = "Do not answer from (or write to) the response cache.") boolean noCache;
  @Option(names = "--rpm", description = "Requests-per-minute budget.") Integer rpm;
  @Option(names = "--tpm", description = "Tokens-per-minute budget.") Integer tpm;
  @Option(names = {"-q", "--quiet"}, description = "No progress bars.") boolean quiet;
  @Mixin DbOption db;

  /** {@code @STEP} or {@code @STEP:PHASE} at the end of a spec. */
  private static final Pattern STEP_SUFFIX = Pattern.compile("^(?<model>.+)@(?<step>[0-9]+)(?::(?<phase>[A-Za-z0-9._-]+))?$");
  private static final Pattern PHASE_FLAG = Pattern.compile("^(?<name>[A-Za-z0-9._-]+)@(?<step>[0-9]+)$");

  @Override
  public Integer call() {
    if (reasoningEffort != null && !List.of("minimal", "low", "medium", "high").contains(reasoningEffort))
      throw new IllegalArgumentException("--reasoning-effort: expected minimal, low, medium or high, got '" + reasoningEffort + "'");
    if (group != null) Sweeps.checkName(group);
    String variantsText = variants == null || Files.isDirectory(variants) ? null : Execution.variantsText(variants);
    GenerateConfig gc = new GenerateConfig(temperature, maxTokens, reasoningEffort, thinkingBudget, null, systemPrompt, timeout);
    RunConfig base = RunConfig.builder(suite, "sweep/pending").baseUrl(baseUrl).epochs(epochs).limit(limit).maxConnections(maxConnections)
        .maxAttempts(maxAttempts).timeoutSeconds(timeout).generate(gc).seed(seed)
        .variants(variants == null ? null : variants.toString(), variantsText).withSpec(withSpec).noCache(noCache)
        .rpm(rpm).tpm(tpm).judges(judge, judgeWithReasoning).headline(headline).maxResponseBytes(maxResponseBytes).build();
    // Everything that can be wrong with the input is checked before anything is written.
    List<Checkpoint> series = labelPhases(resolve(checkpoints, base), phases);
    String name = group != null ? group : defaultGroup(base, series);
    Suite.Opened opened = Execution.open(base, sandbox);
    Environment env = opened.environment();
    List<Sample> samples = Execution.samples(opened, limit, epochs);
    List<RunConfig> configs = new ArrayList<>();
    List<Model> models = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      Checkpoint cp = series.get(i);
      RunConfig cfg = base.toBuilder().model(cp.model()).name(name + "@" + cp.step())
          .sweep(new Sweep(name, i + 1, series.size(), cp.step(), cp.phase())).build();
      Model m = Execution.model(cfg);
      Execution.checkReplay(m, samples, epochs);
      configs.add(cfg.toBuilder().modelInfo(m.describe()).suiteInfo(opened.info()).build());
      models.add(m);
    }
    try (Store store = db.create()) {
      RunRecord[] existing = existing(store, name, configs);
      System.out.println(name);
      System.out.flush();
      for (int i = 0; i < configs.size(); i++) {
        RunConfig cfg = configs.get(i);
        RunRecord r = existing[i];
        String what = "step " + cfg.sweep().step() + " (" + cfg.model() + ")";
        if (r != null && r.status().equals(RunStatus.COMPLETE.text())) {
          System.err.println(Terminal.safe("candor: " + what + ": run " + r.id() + " is complete; skipped"));
          continue;
        }
        List<Sample> todo = samples;
        if (r != null) {
          ResumeCommand.checkSuiteData("sweep", r, Runs.config(r), opened.info());
          todo = ResumeCommand.recordedSamples(store, r, env);
          System.err.println(Terminal.safe("candor: " + what + ": resuming run " + r.id()));
        } else {
          r = Runs.create(store, cfg, samples, null);
          System.err.println(Terminal.safe("candor: " + what + ": run " + r.id()));
        }
        int code = Execution.execute(store, r, cfg, env, todo, models.get(i), quiet, Shard.ALL);
        if (code != 0) {
          System.err.println("candor: sweep " + name + " stopped at checkpoint " + (i + 1) + " of " + configs.size()
              + "; continue with the same command or: candor resume " + name);
          return code;
        }
      }
      System.err.println("candor: sweep " + name + ": " + configs.size() + " checkpoints done; see: candor curve " + name);
      return 0;
    }
  }

  /**
   * The group's runs made earlier, by position (null where none), after checking each was made with this command's
   * checkpoint and settings: a group name means one series.
   */
  private static RunRecord[] existing(Store store, String name, List<RunConfig> configs) {
    RunRecord[] out = new RunRecord[configs.size()];
    for (RunRecord r : Sweeps.members(store, name)) {
      Sweep s = Sweeps.sweep(r);
      RunConfig theirs = Runs.config(r);
      int i = s.position() - 1;
      if (s.count() != configs.size() || i >= configs.size() || !comparable(theirs).equals(comparable(configs.get(i))))
        throw new IllegalArgumentException("--group: group '" + name + "' exists with other checkpoints or settings (its run " + r.id() + " is "
            + theirs.model() + " at step " + s.step() + ", checkpoint " + s.position() + " of " + s.count() + "); use another --group");
      if (out[i] == null) out[i] = r;
    }
    return out;
  }

  /** What must agree for a run to be this checkpoint's: the stored configuration without what the server reported. */
  private static String comparable(RunConfig c) {
    return Json.write(c.stored().toBuilder().served(null).build());
  }

  /** The checkpoints the specs name, in order: explicit specs and provider-listed patterns; refused unless steps increase. */
  static List<Checkpoint> resolve(List<String> specs, RunConfig base) {
    try {
      return resolveSpecs(specs, base);
    } catch (dev.candor.InvalidSetting e) { // a spec's problem is named by the flag that gave it
      throw new IllegalArgumentException(e.render(s -> s == dev.candor.InvalidSetting.Setting.MODEL ? "--checkpoints" : Flags.name(s, e.provider())), e);
    }
  }

  private static List<Checkpoint> resolveSpecs(List<String> specs, RunConfig base) {
    List<Checkpoint> out = new ArrayList<>();
    for (String spec : specs) {
      if (spec.contains("*") || spec.contains("{step}")) {
        out.addAll(Providers.registry().checkpoints(spec, Execution.options(base).withBaseUrl(baseUrlForListing(base.baseUrl()))));
        continue;
      }
      Matcher m = STEP_SUFFIX.matcher(spec);
      if (m.matches() && Providers.registry().namesCarrySteps(m.group("model"))) { // organism/main@1200: the snapshot itself
        Checkpoint own = Providers.registry().checkpoints(m.group("model") + "@" + m.group("step"), Execution.options(base)).getFirst();
        out.add(m.group("phase") == null ? own : new Checkpoint(own.model(), own.step(), m.group("phase")));
      } else if (m.matches()) {
        ModelSpec.parse(m.group("model"));
        out.add(new Checkpoint(m.group("model"), Long.parseLong(m.group("step")), m.group("phase") == null ? "" : m.group("phase")));
      } else {
        ModelSpec.parse(spec);
        if (spec.contains("@") && spec.substring(spec.lastIndexOf('@') + 1).matches("[0-9]+:.*"))
          throw new IllegalArgumentException("--checkpoints: '" + spec + "': expected PROVIDER/MODEL@STEP:PHASE with a phase of letters, digits, '.', '_' or '-'");
        System.err.println(Terminal.safe("candor: warning: --checkpoints: '" + spec + "' has no @STEP; its step is its position, " + out.size()));
        out.add(new Checkpoint(spec, out.size(), ""));
      }
    }
    if (out.size() < 2) throw new IllegalArgumentException("--checkpoints: expected at least 2 checkpoints for a curve, got " + out.size());
    for (int i = 1; i < out.size(); i++) {
      Checkpoint a = out.get(i - 1), b = out.get(i);
      if (b.step() == a.step())
        throw new IllegalArgumentException("--checkpoints: two checkpoints at step " + b.step() + " (" + a.model() + ", " + b.model() + "); each step once");
      if (b.step() < a.step())
        throw new IllegalArgumentException("--checkpoints: expected steps in increasing order, got " + a.model() + " at step " + a.step() + " before "
            + b.model() + " at step " + b.step());
    }
    var providers = Providers.registry().providerNames();
    for (Checkpoint c : out) {
      String provider = ModelSpec.parse(c.model()).provider();
      if (!providers.contains(provider))
        throw new IllegalArgumentException("--checkpoints: unknown provider '" + provider + "' in '" + c.model() + "'; expected one of " + providers);
    }
    return out;
  }

  /** The first URL of a fleet lists the models (a fleet serves the same ones). */
  private static String baseUrlForListing(String urls) {
    return urls == null ? null : urls.split(",")[0].strip();
  }

  /** Labels checkpoints whose provider gave no phase by {@code --phase NAME@STEP} flags (each phase from its step on). */
  static List<Checkpoint> labelPhases(List<Checkpoint> series, List<String> flags) {
    if (flags.isEmpty()) return inheritPhases(series);
    TreeMap<Long, String> starts = new TreeMap<>();
    for (String f : flags) {
      Matcher m = PHASE_FLAG.matcher(f);
      if (!m.matches())
        throw new IllegalArgumentException("--phase: expected NAME@STEP (a name of letters, digits, '.', '_' or '-'; the step where it starts), got '" + f + "'");
      long step = Long.parseLong(m.group("step"));
      if (starts.containsValue(m.group("name"))) throw new IllegalArgumentException("--phase: phase '" + m.group("name") + "' given twice");
      String other = starts.put(step, m.group("name"));
      if (other != null) throw new IllegalArgumentException("--phase: phases '" + other + "' and '" + m.group("name") + "' both start at step " + step);
    }
    long first = series.getFirst().step();
    if (starts.firstKey() > first)
      throw new IllegalArgumentException("--phase: the first phase starts at step " + starts.firstKey() + ", after the first checkpoint (step " + first
          + "); give a phase that starts at or before it");
    List<Checkpoint> out = new ArrayList<>();
    for (Checkpoint c : series)
      out.add(c.phase().isEmpty() ? new Checkpoint(c.model(), c.step(), starts.floorEntry(c.step()).getValue()) : c);
    return out;
  }

  /** A phase runs until the next one starts: a checkpoint with no phase after one with a phase takes that phase. */
  private static List<Checkpoint> inheritPhases(List<Checkpoint> series) {
    List<Checkpoint> out = new ArrayList<>();
    for (Checkpoint c : series)
      out.add(c.phase().isEmpty() && !out.isEmpty() ? new Checkpoint(c.model(), c.step(), out.getLast().phase()) : c);
    return out;
  }

  /** sweep- and the first 12 hex digits of a SHA-256 of the suite, settings and checkpoints: the same command, the same group. */
  static String defaultGroup(RunConfig base, List<Checkpoint> series) {
    StringBuilder sb = new StringBuilder(Json.write(base.stored()));
    for (Checkpoint c : series) sb.append('\n').append(c.model()).append('@').append(c.step()).append(':').append(c.phase());
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return "sweep-" + HexFormat.of().formatHex(h).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
