package dev.candor.cli;

import dev.candor.suite.Environment;
import dev.candor.suite.Suite;
import dev.candor.core.Sample;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Model;
import dev.candor.model.batch.BatchApi;
import dev.candor.core.RunConfig;
import dev.candor.run.Runs;
import dev.candor.run.Shard;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a suite against a model and stores every trajectory.",
        "Prints the run id on stdout (the results: candor show RUN_ID); progress goes to stderr.",
        "Exit codes: 0 every (sample, epoch) has a stored result; 1 interrupted, stopped (e.g. HTTP 401/403) or every",
        "trajectory ended in error (resume it); 2 bad input; 3 database failure."})
final class RunCommand implements Callable<Integer> {
  @Option(names = "--suite", required = true, description = "Suite to run: ${COMPLETION-CANDIDATES}.", completionCandidates = Suites.Names.class)
  String suite;

  @Option(names = "--model", required = true, paramLabel = "PROVIDER/MODEL",
      description = "openai/MODEL, anthropic/MODEL, replay/FILE.jsonl, organism/{sft,rl-early,rl-late,prod}.")
  String model;

  @Option(names = "--base-url", paramLabel = "URL[,URL...]",
      description = "Base URL of an OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp, OpenRouter). Several comma-separated URLs serving the same model (a fleet) share the calls, each call going to the least-loaded one. Default: $OPENAI_BASE_URL or the official API.")
  String baseUrl;

  @Option(names = "--epochs", defaultValue = "1", description = "Attempts per sample (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--limit", description = "Run only the first N samples.")
  Integer limit;

  @Option(names = "--max-connections", defaultValue = "32", description = "Concurrent model calls (default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--max-attempts", defaultValue = "6", description = "Tries per model call, first included (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--timeout", defaultValue = "600", description = "Seconds one model call (one attempt) may take in all, from connecting to the last byte of the answer: a deadline, not an idle timeout (default ${DEFAULT-VALUE}).")
  double timeout;

  @Option(names = "--max-response-bytes", paramLabel = "BYTES", description = "Longest response body accepted; a longer one fails the attempt, which is retried like other attempt errors (default: 67108864, 64 MiB).")
  Long maxResponseBytes;

  @Option(names = "--variants", paramLabel = "FILE.yaml|DIR", description = "reward-hints: your own variants or grid (docs/variants.md); covert-actions: a folder of scenario files (docs/covert-actions.md).")
  Path variants;

  @Option(names = "--name", description = "A name for the run (e.g. the checkpoint).")
  String name;

  @Option(names = "--seed", defaultValue = "1", description = "Run seed; each (sample, epoch) gets a seed derived from it (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--temperature") Double temperature;
  @Option(names = "--max-tokens") Integer maxTokens;
  @Option(names = "--reasoning-effort", description = "low, medium or high (OpenAI reasoning models).") String reasoningEffort;
  @Option(names = "--thinking-budget", description = "Anthropic extended-thinking budget in tokens.") Integer thinkingBudget;
  @Option(names = "--system-prompt", description = "System prompt sent first.") String systemPrompt;
  @Option(names = "--tool-choice", paramLabel = "auto|required|none", description = "Tool-using suites: the tool choice "
      + "sent with every call that offers tools (default: none sent, the provider's auto). `required` makes every turn a "
      + "tool call; agents end through the submit tool.") String toolChoice;
  @Option(names = "--sandbox", paramLabel = "bwrap|local", description = "covert-actions: where commands run: bwrap "
      + "(default; bubblewrap namespaces) or local (no namespaces; only inside a container that is itself the sandbox).") String sandbox;
  @Option(names = "--with-spec", description = "covert-actions: put Candor's anti-scheming spec in the system prompt.") boolean withSpec;

  @Option(names = "--judge", paramLabel = "PROVIDER/MODEL", description = "covert-actions: an LLM judge that reads actions only (the grader role).") String judge;
  @Option(names = "--judge-base-url", paramLabel = "URL[,URL...]", description = "covert-actions: base URL of the judges' server "
      + "(comma-separated: a fleet). Default: the agent's --base-url when a judge has the agent's provider (e.g. both openai/...), "
      + "else the judge provider's default (e.g. $OPENAI_BASE_URL or the official API).") String judgeBaseUrl;
  @Option(names = "--judge-cot", paramLabel = "PROVIDER/MODEL", description = "covert-actions: a judge that also reads the reasoning, for the confirmed rate.") String judgeWithReasoning;
  @Option(names = "--headline", paramLabel = "rule|judge|both", description = "covert-actions: the headline score: the rule "
      + "detector's (default), the --judge's, or both (flagged only when both flag; a trajectory the judge could not score is left out of n). Every score is kept either way.") String headline;
  @Option(names = "--no-cache", description = "Do not answer from (or write to) the response cache. Local models (organism, replay) are never cached.") boolean noCache;
  @Option(names = "--rpm", description = "Requests-per-minute budget for this model.") Integer rpm;
  @Option(names = "--tpm", description = "Tokens-per-minute budget for this model (charged with reported usage).") Integer tpm;
  @Option(names = "--shard", paramLabel = "I/N", description = "Run only part I of N (0-based) of this run's (sample, epoch) pairs; give every shard the same --run-id and a shared PostgreSQL --db.") String shard;
  @Option(names = "--run-id", description = "Use this run id (shards join the run if it exists; it must have the same configuration).") String runIdOption;

  @Option(names = "--batch", description = "Send the run through the provider's batch API (OpenAI Batch, Anthropic Message Batches; about half the price, results within 24 h) instead of live calls. Single-turn suites (reward-hints) only. If Candor stops while the batch runs, `candor resume` picks the batch up.") boolean batch;
  @Option(names = "--batch-poll", paramLabel = "SECONDS", defaultValue = "30", description = "With --batch: seconds between status polls (default ${DEFAULT-VALUE}).") double batchPoll;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.") boolean quiet;

  @Mixin DbOption db;

  @Override
  public Integer call() {
    if (reasoningEffort != null && !List.of("minimal", "low", "medium", "high").contains(reasoningEffort))
      throw new IllegalArgumentException("--reasoning-effort: expected minimal, low, medium or high, got '" + reasoningEffort + "'");
    String variantsText = null;
    if (variants != null && !Files.isDirectory(variants)) {
      try {
        variantsText = Files.readString(variants);
      } catch (IOException e) {
        throw new IllegalArgumentException("--variants: cannot read '" + variants + "': " + e.getMessage());
      }
    }
    if (toolChoice != null && !GenerateConfig.TOOL_CHOICES.contains(toolChoice))
      throw new IllegalArgumentException("--tool-choice: expected auto, required or none, got '" + toolChoice + "'");
    GenerateConfig gc = new GenerateConfig(temperature, maxTokens, reasoningEffort, thinkingBudget, null, systemPrompt, timeout, toolChoice);
    RunConfig cfg = RunConfig.builder(suite, model).baseUrl(baseUrl).epochs(epochs).limit(limit).maxConnections(maxConnections)
        .maxAttempts(maxAttempts).timeoutSeconds(timeout).generate(gc).seed(seed)
        .variants(variants == null ? null : variants.toString(), variantsText).name(name).withSpec(withSpec).noCache(noCache)
        .rpm(rpm).tpm(tpm).judges(judge, judgeWithReasoning).judgeBaseUrl(judgeBaseUrl).headline(headline).maxResponseBytes(maxResponseBytes).build();
    Shard part = Shard.parse(shard);
    if (runIdOption != null) Runs.checkId(runIdOption);
    if (part.count() > 1 && runIdOption == null)
      throw new IllegalArgumentException("--shard: give every shard the same --run-id so they fill one run");
    // Everything that can be wrong with the input is checked before anything is written.
    Suite.Opened opened = Execution.open(cfg, sandbox);
    Environment env = opened.environment();
    List<Sample> samples = Execution.samples(opened, limit, epochs);
    Model m = Execution.model(cfg);
    Execution.checkReplay(m, samples, epochs);
    cfg = cfg.toBuilder().modelInfo(m.describe()).suiteInfo(opened.info()).build();
    BatchApi batchApi = null;
    if (batch) {
      if (!(batchPoll > 0)) throw new IllegalArgumentException("--batch-poll: expected seconds > 0, got " + batchPoll);
      if (part.count() > 1) throw new IllegalArgumentException("--batch: cannot be combined with --shard; one batch run covers the whole run");
      batchApi = Execution.batchApi(cfg, m);
    }
    try (Store store = db.create()) {
      RunRecord r = Runs.createOrJoin(store, runIdOption, cfg, samples);
      System.out.println(r.id());
      System.out.flush();
      if (batchApi != null) return Execution.executeBatch(store, r, cfg, env, samples, m, batchApi, quiet, batchPoll);
      return Execution.execute(store, r, cfg, env, samples, m, quiet, part);
    }
  }
}
