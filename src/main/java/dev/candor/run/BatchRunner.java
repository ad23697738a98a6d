package dev.candor.run;

import dev.candor.core.RunConfig;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.AttemptSource;
import dev.candor.core.RunStatus;
import dev.candor.core.Transcript;
import dev.candor.suite.Environment;
import dev.candor.core.Sample;
import dev.candor.model.Attempt;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.WireCodec;
import dev.candor.model.batch.BatchApi;
import dev.candor.model.batch.BatchException;
import dev.candor.model.batch.BatchItem;
import dev.candor.model.batch.BatchResult;
import dev.candor.model.batch.BatchStatus;
import dev.candor.store.BatchRecord;
import dev.candor.Json;
import dev.candor.store.Store;
import dev.candor.store.StoreException;
import dev.candor.core.CallAttempt;
import dev.candor.core.Trajectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the pending (sample, epoch) pairs of a single-turn run through a provider batch API instead of live calls:
 * one request per pair, built by the suite's own solver with the seed the engine would derive
 * ({@link Engine#sampleSeed}) and serialised by the provider's own request building ({@link WireCodec}); submitted
 * (split to the API's limits), recorded in the store at once, polled until ended, and each result parsed by the
 * provider's own response parsing, graded and stored exactly like the engine stores a live trajectory. Failed,
 * expired or missing items are stored as {@code error} trajectories, which a resume retries.
 *
 * <p>If the process dies while a batch runs, the batch id is in the store: {@link #execute} on the same run polls
 * that batch instead of submitting again. {@link #stop} ends the wait; the batch keeps running at the provider.
 *
 * <p>Every submission is recorded before it is sent ({@code submitting}, with a random token the provider keeps where
 * its API allows), and its batch id stored once the provider accepts it. If the process died in between, the next
 * {@link #execute} looks the submission up at the provider ({@link BatchApi#lookup}): a single match is adopted and
 * collected, no match means the provider never accepted it and its requests are submitted again, and several
 * candidates (Anthropic, whose batches carry no token) stop the run with an error naming them, to be settled with
 * {@link #adoptBatch}.
 */
public final class BatchRunner {
  private final Store store;
  private final Secrets secrets;
  private final BatchApi api;
  private final Duration pollEvery;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile Thread mainThread;
  private int maxPollFailures = 10;
  private String adopt;
  /** The run's (sample, epoch) pairs that had ended in error when this execution began: a retry keeps their attempts. */
  private Set<Trajectory.Key> failedBefore = Set.of();

  public BatchRunner(Store store, Secrets secrets, BatchApi api, Duration pollEvery) {
    this.store = store;
    this.secrets = secrets;
    this.api = api;
    this.pollEvery = pollEvery;
  }

  /** How many polls in a row may fail (network, 5xx) before the run stops with an error (default 10). */
  public BatchRunner maxPollFailures(int n) {
    this.maxPollFailures = n;
    return this;
  }

  /**
   * Settles the run's interrupted submission (needed when the lookup finds several candidates) as the provider batch
   * {@code batchId}, which must be one of the candidates the lookup names, or as never accepted ({@code none}: its
   * requests are submitted again, without a lookup).
   */
  public BatchRunner adoptBatch(String batchIdOrNone) {
    this.adopt = batchIdOrNone;
    return this;
  }

  /** Stops waiting: nothing more is submitted or polled; the run is left for {@code candor resume}. */
  public void stop(Duration grace) {
    stopping.set(true);
    Thread m = mainThread;
    if (m != null) {
      m.interrupt();
      try {
        m.join(grace.toMillis() + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One (sample, epoch) of the run with its stable custom id ({@code s<ordinal>-e<epoch>}) and derived seed. */
  private record Item(String customId, Sample sample, int epoch, long seed, GenerateConfig config, ModelRequest request) {}

  /** What {@link #adoptBatch} needs: a batch submission of the run interrupted before its provider id was stored. */
  public static void requireInterruptedSubmission(String runId, List<BatchRecord> batches) {
    if (batches.stream().noneMatch(BatchRecord::unresolved))
      throw InvalidSetting.of(Setting.ADOPT_BATCH, "run " + runId + " has no interrupted batch submission to settle");
  }

  /**
   * Runs (or resumes) the run in batch mode.
   *
   * @param model a provider model that is also a {@link WireCodec} (openai, anthropic)
   * @throws IllegalArgumentException if the model's wire format cannot be used apart from live calls, or
   *     {@link #adoptBatch} was given for a run with no interrupted submission
   */
  public RunResult execute(String runId, RunConfig cfg, Environment env, List<Sample> samples, Model model, RunEvents events) {
    if (!(model instanceof WireCodec))
      throw InvalidSetting.of(Setting.BATCH, "model " + model.spec() + " has no batch API; use openai/... or anthropic/... with one base URL");
    if (adopt != null) requireInterruptedSubmission(runId, store.batches().of(runId));
    mainThread = Thread.currentThread();
    try {
      return doExecute(runId, cfg, env, samples, model, events);
    } finally {
      mainThread = null;
      Thread.interrupted(); // clear a stop() interrupt
    }
  }

  private RunResult doExecute(String runId, RunConfig cfg, Environment env, List<Sample> samples, Model model,
                              RunEvents events) {
    long total = (long) samples.size() * cfg.epochs();
    Map<String, Sample> byOrdinal = new HashMap<>();
    for (int i = 0; i < samples.size(); i++) byOrdinal.put("s" + i, samples.get(i));
    Set<Trajectory.Key> done = store.trajectories().completedKeys(runId);
    failedBefore = new HashSet<>(store.trajectories().errorKeys(runId));
    events.started(runId, total, done.size());
    store.runs().setStatus(runId, RunStatus.RUNNING.text(), null);
    store.runs().setHeadline(runId, env.headline());
    Set<String> handled = new HashSet<>(); // custom ids stored during this execution (not resubmitted now)
    try {
      // 0. Submissions a previous execution recorded but died before storing the provider's id for.
      List<BatchRecord> unresolved = store.batches().of(runId).stream().filter(BatchRecord::unresolved).toList();
      for (BatchRecord b : unresolved) if (!stopping.get()) resolve(runId, b);
      // 1. Batches a previous execution left running.
      for (BatchRecord b : store.batches().of(runId))
        if (b.open()) finish(runId, b, cfg, env, byOrdinal, model, events, handled);
      // 2. Everything still pending (errors of earlier executions included) goes into new batches.
      if (!stopping.get()) {
        done = store.trajectories().completedKeys(runId);
        List<Item> pending = new ArrayList<>();
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++)
          for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            String id = customId(i, epoch);
            if (!done.contains(new Trajectory.Key(s.id(), epoch)) && !handled.contains(id)) pending.add(item(id, s, epoch, cfg, env));
          }
        // Submit every chunk first (the provider runs them side by side), then collect them in turn.
        List<BatchRecord> submitted = new ArrayList<>();
        for (List<BatchItem> chunk : chunks(pending, (WireCodec) model)) {
          if (stopping.get()) break;
          submitted.add(submit(runId, chunk, model));
        }
        for (BatchRecord b : submitted) finish(runId, b, cfg, env, byOrdinal, model, events, handled);
      }
    } catch (Fatal e) {
      return end(runId, cfg, samples, events, e.getMessage(), e.setting);
    } catch (StoreException e) {
      return end(runId, cfg, samples, events, e.getMessage(), null);
    }
    return end(runId, cfg, samples, events, null, null);
  }

  private static String customId(int ordinal, int epoch) { return "s" + ordinal + "-e" + epoch; }

  /** The request the suite's solver makes for this (sample, epoch), with the engine's derived seed. */
  private Item item(String customId, Sample s, int epoch, RunConfig cfg, Environment env) {
    long seed = Engine.sampleSeed(cfg.seed(), s.id(), epoch);
    GenerateConfig gc = cfg.generate().seed() == null ? cfg.generate().withSeed(seed) : cfg.generate();
    ModelRequest[] seen = new ModelRequest[1];
    try {
      env.solve(s, request -> {
        seen[0] = request;
        throw new Captured();
      }, gc, null);
    } catch (Captured expected) {
      // the request is what we wanted
    } catch (ModelException e) {
      throw new Fatal(InvalidSetting.of(Setting.BATCH, "cannot build the request for " + s.id() + ": " + e.getMessage()));
    }
    if (seen[0] == null) throw new Fatal(InvalidSetting.of(Setting.BATCH, "the solver of '" + env.name() + "' made no model call for " + s.id()));
    return new Item(customId, s, epoch, seed, gc, seen[0]);
  }

  /** Splits items to the API's per-batch limits on count and bytes; each request body is built by the provider. */
  private List<List<BatchItem>> chunks(List<Item> items, WireCodec codec) {
    List<List<BatchItem>> out = new ArrayList<>();
    List<BatchItem> cur = new ArrayList<>();
    long bytes = 0;
    for (Item it : items) {
      String body;
      try {
        body = codec.requestBody(it.request());
      } catch (ModelException e) {
        throw new Fatal(InvalidSetting.of(Setting.BATCH, "cannot build the request for " + it.sample().id() + ": " + e.getMessage()));
      }
      long size = body.length() + 200L; // the JSONL line wrapper
      if (!cur.isEmpty() && (cur.size() >= api.maxItems() || bytes + size > api.maxBytes())) {
        out.add(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(new BatchItem(it.customId(), body));
      bytes += size;
    }
    if (!cur.isEmpty()) out.add(cur);
    return out;
  }

  /** Records the submission, sends it, and stores the provider's id: a crash in between leaves it for {@link #resolve}. */
  private BatchRecord submit(String runId, List<BatchItem> items, Model model) {
    String token = UUID.randomUUID().toString();
    BatchRecord intent = new BatchRecord(runId, null, api.provider(), BatchRecord.SUBMITTING, items.size(),
        Json.write(items.stream().map(BatchItem::customId).toList()), Instant.now().toString(), null,
        "submitting " + items.size() + " requests for " + model.spec(), token);
    store.batches().save(intent);
    String id;
    try {
      id = api.submit(items, token);
    } catch (BatchException e) {
      // The provider may have accepted it anyway (a timeout after the POST): the record stays for resume to look up.
      throw new Fatal(secrets.scrub(e.getMessage()));
    }
    String detail = "submitted " + items.size() + " requests for " + model.spec();
    store.batches().accept(runId, token, id, detail);
    return intent.accepted(id, detail);
  }

  /**
   * Settles a submission recorded without the provider's id: adopts the one batch it made, drops it if the provider
   * has none (its items are then pending again), or stops with the candidates if the provider's answer is ambiguous.
   */
  private void resolve(String runId, BatchRecord intent) {
    String what = "batch submission of " + intent.items() + " requests at " + intent.submittedAt();
    String choice = adopt;
    adopt = null; // settles one submission only
    if ("none".equals(choice)) { // the user says the provider has none of it: no lookup needed
      store.batches().drop(runId, intent.token(), "interrupted " + what + ": not adopted (none chosen); submitted again");
      return;
    }
    List<String> found;
    try {
      found = api.lookup(intent.token(), intent.items(), Instant.parse(intent.submittedAt()));
    } catch (BatchException e) {
      throw new Fatal(new InvalidSetting(Setting.ADOPT_BATCH, secrets.scrub("cannot look up the interrupted " + what + " at the provider: "
          + e.getMessage()) + " (resume with ", Setting.ADOPT_BATCH, " ID if you know its batch, or ", Setting.ADOPT_BATCH, " none to send it again)"));
    }
    List<String> candidates = found.stream().distinct().filter(id -> !store.batches().recorded(id)).toList();
    if (choice != null) {
      if (!candidates.contains(choice))
        throw new Fatal(InvalidSetting.of(Setting.ADOPT_BATCH, choice + " is not a provider batch that may hold the interrupted " + what + " of run " + runId
            + " (" + (candidates.isEmpty() ? "no batch matches it" : "candidates: " + String.join(", ", candidates)) + ")"));
      store.batches().accept(runId, intent.token(), choice, "adopted by the user's choice after an interrupted " + what);
    } else if (candidates.isEmpty()) {
      store.batches().drop(runId, intent.token(), "interrupted " + what + ": the provider never accepted it; submitted again");
    } else if (candidates.size() == 1) {
      store.batches().accept(runId, intent.token(), candidates.getFirst(), "found at the provider after an interrupted " + what);
    } else {
      throw new Fatal(new InvalidSetting(Setting.ADOPT_BATCH, "the interrupted " + what + " may be any of the provider batches "
          + String.join(", ", candidates) + "; resume with ", Setting.ADOPT_BATCH, " ID naming the one Candor sent (cancelled batches stop being candidates), or ",
          Setting.ADOPT_BATCH, " none if none is"));
    }
  }

  /** Polls a batch until it ends, then stores a trajectory for each of its items. Returns quietly when stopping. */
  private void finish(String runId, BatchRecord b, RunConfig cfg, Environment env, Map<String, Sample> byOrdinal,
                      Model model, RunEvents events, Set<String> handled) {
    BatchStatus status = null;
    int failures = 0;
    while (!stopping.get()) {
      try {
        status = api.status(b.batchId());
        failures = 0;
        if (!status.running()) break;
      } catch (BatchException e) {
        if (stopping.get()) return; // interrupted by stop(): the batch stays recorded as submitted
        if (!e.retryable() || ++failures >= maxPollFailures) throw new Fatal(secrets.scrub(e.getMessage()));
        events.retrying(b.batchId(), 0, failures + 1, secrets.scrub(e.getMessage()));
      }
      if (!sleep(failures == 0 ? pollEvery : pollEvery.multipliedBy(Math.min(8, 1L << failures)))) return;
    }
    if (stopping.get() || status == null) return;
    List<BatchResult> results = List.of();
    String why = status.detail();
    if (status.state() == BatchStatus.State.ENDED) {
      try {
        results = api.results(status);
      } catch (BatchException e) {
        if (stopping.get()) return;
        if (e.retryable()) throw new Fatal(secrets.scrub(e.getMessage()) + " (the batch is done; `candor resume` reads it again)");
        why = e.getMessage();
      }
    }
    long submittedAt = Instant.parse(b.submittedAt()).toEpochMilli();
    Set<String> expected = new HashSet<>(b.customIds());
    for (BatchResult r : results) {
      if (r.customId() == null || !expected.remove(r.customId())) continue; // not ours, or a duplicate
      Item it = locate(r.customId(), cfg, env, byOrdinal);
      if (it == null) continue;
      save(runId, trajectory(runId, it, r, b, submittedAt, env, model), events);
      handled.add(r.customId());
    }
    // What the batch ended without: failed batches, expired or cancelled items with no line in any file.
    for (String id : expected) {
      Item it = locate(id, cfg, env, byOrdinal);
      if (it == null) continue;
      BatchResult missing = BatchResult.failure(id, "batch " + b.batchId() + " ended (" + secrets.scrub(why) + ") without a result for this request", -1);
      save(runId, trajectory(runId, it, missing, b, submittedAt, env, model), events);
      handled.add(id);
    }
    store.batches().update(runId, b.batchId(), status.state() == BatchStatus.State.FAILED ? "failed" : "ended", Instant.now().toString(),
        secrets.scrub(status.detail()));
  }

  private Item locate(String customId, RunConfig cfg, Environment env, Map<String, Sample> byOrdinal) {
    int dash = customId.indexOf("-e");
    if (!customId.startsWith("s") || dash < 0) return null;
    Sample s = byOrdinal.get(customId.substring(0, dash));
    if (s == null) return null;
    int epoch;
    try {
      epoch = Integer.parseInt(customId.substring(dash + 2));
    } catch (NumberFormatException e) {
      return null;
    }
    if (epoch < 1 || epoch > cfg.epochs()) return null;
    return item(customId, s, epoch, cfg, env);
  }

  /** Parses, solves and grades one result the way the engine does a live answer. */
  private Trajectories.Graded trajectory(String runId, Item it, BatchResult r, BatchRecord b, long submittedAt, Environment env,
                                      Model model) {
    String started = Instant.ofEpochMilli(submittedAt).toString();
    Transcript transcript = null;
    String error = null;
    int status = r.httpStatus();
    if (r.succeeded()) {
      try {
        Output out = ((WireCodec) model).parseResponse(it.request(), r.body(), -1);
        boolean[] called = {false};
        transcript = env.solve(it.sample(), request -> {
          if (called[0]) throw new ModelException(model.spec() + ": batch mode runs single-turn suites only; the solver asked for a second call", false);
          called[0] = true;
          return out;
        }, it.config(), null);
      } catch (ModelException e) {
        error = secrets.scrub(e.getMessage());
        if (e.httpStatus() > 0) status = e.httpStatus();
      } catch (RuntimeException e) {
        error = secrets.scrub("solver failed: " + e);
      }
    } else {
      error = secrets.scrub(model.spec() + ": batch " + b.batchId() + ": " + r.error());
    }
    CallAttempt a = Trajectories.attempts(List.of(new Attempt(1, submittedAt, -1, status, error, -1)), secrets).getFirst().inBatch(b.batchId());
    List<CallAttempt> all = new ArrayList<>();
    if (failedBefore.contains(new Trajectory.Key(it.sample().id(), it.epoch())))
      all.addAll(Trajectories.earlierAttempts(store, runId, it.sample().id(), it.epoch()));
    all.add(a);
    return Trajectories.record(env, it.sample(), it.epoch(), it.seed(), transcript, error,
        transcript == null ? List.of() : List.of(transcript.finalOutput()), all, started, secrets);
  }

  private void save(String runId, Trajectories.Graded g, RunEvents events) {
    store.trajectories().save(runId, g.trajectory(), g.named());
    events.finished(g.trajectory().score().label(), g.trajectory().error() != null);
  }

  private RunResult end(String runId, RunConfig cfg, List<Sample> samples, RunEvents events, String fatal, InvalidSetting setting) {
    long total = (long) samples.size() * cfg.epochs();
    if (fatal != null) {
      try {
        store.runs().setStatus(runId, RunStatus.FAILED.text(), Instant.now().toString());
      } catch (StoreException ignored) {
        // the database is what failed; resume fixes the status
      }
      RunResult r = new RunResult(runId, total, -1, -1, false, fatal, null, setting);
      events.ended(r);
      return r;
    }
    long completed = store.trajectories().completedKeys(runId).size();
    long errors = store.trajectories().errorKeys(runId).size();
    long stored = completed + errors;
    boolean interrupted = stopping.get() && stored < total;
    RunStatus status = interrupted ? RunStatus.INTERRUPTED : stored == total ? RunStatus.COMPLETE : RunStatus.INCOMPLETE;
    store.runs().setStatus(runId, status.text(), Instant.now().toString());
    RunResult r = new RunResult(runId, total, stored, errors, interrupted, null, null);
    events.ended(r);
    return r;
  }

  /** Sleeps between polls; false if the run is stopping. */
  private boolean sleep(Duration d) {
    try {
      Thread.sleep(d);
      return !stopping.get();
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** Stops the solver at its first model call: the request is all that was wanted. */
  private static final class Captured extends RuntimeException {
    Captured() { super("request captured", null, false, false); }
  }

  /** Ends the run with an error message (stored nothing wrong; resume continues). */
  private static final class Fatal extends RuntimeException {
    final InvalidSetting setting;

    Fatal(String message) {
      super(message, null, false, false);
      setting = null;
    }

    /** A stop caused by a setting the user gave: cli words it, naming the setting as the user gives it. */
    Fatal(InvalidSetting setting) {
      super(setting.getMessage(), null, false, false);
      this.setting = setting;
    }
  }
}
