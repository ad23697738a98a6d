package dev.candor.cli;

import dev.candor.analysis.AwarenessLookup;
import dev.candor.analysis.Intervention;
import dev.candor.analysis.InterventionResults;
import dev.candor.analysis.LexicalDetector;
import dev.candor.suite.PrefilledEnvironment;
import dev.candor.model.openai.PrefillMode;
import dev.candor.suite.Capability;
import dev.candor.suite.Environment;
import dev.candor.suite.Suite;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelOptions.PrefillSettings;
import dev.candor.core.RunConfig;
import dev.candor.run.Runs;
import dev.candor.run.Shard;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "intervene", mixinStandardHelpOptions = true,
    description = "Causal test of reasoning on a stored run: for each selected trajectory, edit one turn's reasoning:"
        + " remove the awareness sentences from the first turn that has them (--remove-aware), or insert a"
        + " sentence at a seeded random cut point (--inject, and its control --inject-random). Earlier turns are"
        + " replayed as stored (tool calls re-executed in a fresh workspace and checked against the stored"
        + " results; the model is not called), then the edited reasoning is prefilled and the same model"
        + " continues; the new outcome is graded. The resampled trajectories are stored as a new run linked to"
        + " its source; prints its id first, then the gaming/covert rate before vs after per arm with 95%%"
        + " intervals, McNemar's exact test on the pairs and the random-sentence control. Needs a model that"
        + " accepts a reasoning prefix: the organism, or an OpenAI-compatible server that continues a final"
        + " assistant message (vLLM: --prefill continue_final_message) or one with the legacy completions API"
        + " (vLLM, SGLang, llama.cpp: --prefill completions --chat-template FILE).")
final class InterveneCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID", description = "The source run (id, unique id prefix, or name).") String runId;
  @Option(names = "--remove-aware", description = "Arm: remove the eval-awareness sentences from aware trajectories and resample.") boolean removeAware;
  @Option(names = "--inject", paramLabel = "SENTENCE", arity = "0..1", fallbackValue = Intervention.DEFAULT_INJECT,
      description = "Arm: insert this sentence into unaware trajectories (default: \"" + Intervention.DEFAULT_INJECT + "\").") String inject;
  @Option(names = "--inject-random", description = "Arm (control): insert a neutral sentence at the same cut points instead.") boolean injectRandom;
  @Option(names = "--resample", description = "Control arms: the same trajectories and cut points with nothing edited (resample-aware beside "
      + "--remove-aware, resample beside the inject arms or alone).") boolean resample;
  @Option(names = "--random-sentences", paramLabel = "FILE", description = "Neutral control sentences, one per line (default: analysis/random-sentences-v1.txt).") Path randomFile;
  @Option(names = "--scorer", paramLabel = "NAME", description = "Pick aware/unaware trajectories and the sentences to remove from labels stored "
      + "by candor analyze awareness under this scorer (e.g. awareness-judge-v1, whose quoted evidence is removed). Default: the lexical detector, run now.") String scorer;
  @Option(names = "--turn", paramLabel = "any|first", defaultValue = "any", description = "Where the inject arms and their controls cut: "
      + "any turn with reasoning, uniform over all (turn, sentence) positions (default), or the first turn only. remove-aware always "
      + "edits the first turn that verbalises awareness.") String turn;
  @Option(names = "--limit", description = "At most N trajectories per arm (a seeded random subset).") Integer limit;
  @Option(names = "--seed", defaultValue = "1", description = "Seed for cut points, control sentences, subsets and resampling (default ${DEFAULT-VALUE}).") long seed;
  @Option(names = "--prefill", paramLabel = "MODE", description = "openai provider: how the server continues a prefix; continue_final_message "
      + "(vLLM chat) or completions (POST /completions with the prompt rendered by --chat-template). Same as env CANDOR_PREFILL.") String prefill;
  @Option(names = "--prefill-template", paramLabel = "TEXT", description = "openai provider: the text after the conversation, with {prefix} (default: <think>\\n{prefix}).") String prefillTemplate;
  @Option(names = "--chat-template", paramLabel = "FILE", description = "With --prefill completions: the model's chat template, a Jinja file "
      + "(chat_template.jinja) or its tokenizer_config.json. Same as env CANDOR_CHAT_TEMPLATE.") Path chatTemplate;
  @Option(names = "--base-url", description = "Base URL of the OpenAI-compatible server (default: the source run's).") String baseUrl;
  @Option(names = "--max-connections", defaultValue = "8", description = "Concurrent model calls (default ${DEFAULT-VALUE}).") int maxConnections;
  @Option(names = "--max-attempts", defaultValue = "6", description = "Tries per model call (default ${DEFAULT-VALUE}).") int maxAttempts;
  @Option(names = "--timeout", defaultValue = "600", description = "Seconds per model call (default ${DEFAULT-VALUE}).") double timeout;
  @Option(names = {"-q", "--quiet"}, description = "No progress bar.") boolean quiet;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    Set<Intervention.Arm> arms = EnumSet.noneOf(Intervention.Arm.class);
    if (removeAware) arms.add(Intervention.Arm.REMOVE_AWARE);
    if (inject != null) arms.add(Intervention.Arm.INJECT);
    if (injectRandom) arms.add(Intervention.Arm.INJECT_RANDOM);
    if (resample && removeAware) arms.add(Intervention.Arm.RESAMPLE_AWARE);
    if (resample && (inject != null || injectRandom || !removeAware)) arms.add(Intervention.Arm.RESAMPLE);
    List<String> randoms;
    try {
      randoms = randomFile == null ? Intervention.randomSentences() : Intervention.sentencesIn(Files.readString(randomFile));
    } catch (IOException e) {
      throw new IllegalArgumentException("--random-sentences: cannot read '" + randomFile + "': " + e.getMessage());
    }
    Intervention.Spec spec = new Intervention.Spec(arms, inject, randoms, limit, seed, Intervention.TurnChoice.of(turn));
    try (Store store = db.write()) {
      RunRecord source = store.runs().resolve(runId);
      RunConfig cfg = Runs.config(source);
      if (baseUrl == null) ResumeCommand.withCredentials(source, cfg, null); // a base URL stored without its credentials needs --base-url
      if (Intervention.isIntervention(store, source))
        throw new IllegalArgumentException("intervene: run " + source.id() + " is itself an intervention; intervene on its source " + source.parentRunId());
      if (!Suites.registry().get(cfg.suite()).capabilities().contains(Capability.PREFILL))
        throw new IllegalArgumentException("intervene: suite '" + cfg.suite() + "' cannot continue a trajectory from edited reasoning");
      Suite.Opened opened = Execution.open(cfg);
      ResumeCommand.checkSuiteData("intervene", source, cfg, opened.info());
      Environment env = opened.environment();
      Map<String, String> info = new LinkedHashMap<>();
      Model model = open(cfg, baseUrl, prefill, prefillTemplate, chatTemplate == null ? null : chatTemplate.toString(), timeout, info);
      LexicalDetector detector = LexicalDetector.standard();
      AwarenessLookup lookup = scorer == null ? AwarenessLookup.lexical(detector)
          : AwarenessLookup.stored(store, source.id(), scorer);
      Intervention.Plan plan = Intervention.plan(store, source.id(), env, lookup, spec);
      System.err.println(Terminal.safe("candor: eligible " + names(plan.eligible()) + "; selected " + names(plan.selected())));
      if (plan.samples().isEmpty())
        throw new IllegalArgumentException("intervene: no trajectory of run " + source.id() + " is eligible ("
            + names(plan.eligible()) + "); remove-aware needs reasoning with awareness sentences, inject needs reasoning without");
      Map<String, String> provenance = new LinkedHashMap<>(model.describe());
      provenance.putAll(info);
      provenance.put("intervention_arms", String.join(",", arms.stream().map(a -> a.id).toList()));
      provenance.put("awareness_scorer", lookup.scorer());
      if (inject != null || injectRandom || arms.contains(Intervention.Arm.RESAMPLE)) provenance.put("intervention_turn", spec.injectTurn().id);
      RunConfig ncfg = RunConfig.builder(cfg.suite(), cfg.model()).baseUrl(baseUrl != null ? baseUrl : cfg.baseUrl())
          .maxConnections(maxConnections).maxAttempts(maxAttempts).timeoutSeconds(timeout).generate(cfg.generate()).seed(seed)
          .variants(cfg.variantsFile(), cfg.variantsText())
          .name("intervene " + String.join("+", arms.stream().map(a -> a.id).toList()) + " of " + source.id()).withSpec(cfg.withSpec())
          .noCache(true).rpm(cfg.rpm()).tpm(cfg.tpm()).judges(cfg.judge(), cfg.judgeWithReasoning()).headline(cfg.headline()).modelInfo(provenance)
          .suiteInfo(opened.info()).build();
      RunRecord r = Runs.create(store, ncfg, plan.samples(), source.id());
      System.out.println(r.id());
      System.out.flush();
      int code = Execution.execute(store, r, ncfg, new PrefilledEnvironment(env, plan.samples()), plan.samples(), model, quiet,
          Shard.ALL);
      System.out.println();
      System.out.print(Terminal.safe(InterventionResults.render(InterventionResults.of(store, store.runs().get(r.id()).orElseThrow(), detector),
          Suites.info(source).outcome())));
      return code;
    }
  }

  /** Opens the source run's model with prefill configured; fails with a one-line error when it cannot prefill. */
  static Model open(RunConfig cfg, String baseUrl, String prefill, String template, String chatTemplate, double timeout,
                    Map<String, String> info) {
    PrefillSettings env = EnvVars.system().prefill();
    PrefillSettings p = new PrefillSettings(prefill != null ? prefill : env.mode(), template != null ? template : env.template(),
        chatTemplate != null ? chatTemplate : env.chatTemplate());
    if (p.mode() != null) info.put("prefill", p.mode());
    if (p.template() != null) info.put("prefill_template", p.template());
    if (p.chatTemplate() != null && PrefillMode.COMPLETIONS.text().equals(p.mode())) info.put("chat_template", p.chatTemplate());
    Model m = Providers.registry().open(cfg.model(), new ModelOptions(baseUrl != null ? baseUrl : cfg.baseUrl(),
        Duration.ofMillis((long) (timeout * 1000)), ModelOptions.DEFAULT_MAX_RESPONSE_BYTES, p));
    if (cfg.model().startsWith("organism/")) OrganismCommand.ensureTrained(EnvVars.system(), System.err);
    if (!m.supportsReasoningPrefill()) {
      String hint = cfg.model().startsWith("openai/") ? "; if the server continues a final assistant message (vLLM), add --prefill continue_final_message, "
          + "or for the completions API --prefill completions --chat-template FILE" : "";
      throw new IllegalArgumentException("intervene: " + cfg.model() + ": reasoning prefill unsupported by this provider" + hint
          + " (supported: organism, openai with --prefill)");
    }
    return m;
  }

  private static String names(Map<Intervention.Arm, Integer> m) {
    List<String> out = new ArrayList<>();
    m.forEach((a, n) -> out.add(a.id + " " + n));
    return String.join(", ", out);
  }
}
