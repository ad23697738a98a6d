package dev.candor.run;

import dev.candor.core.RunConfig;
import dev.candor.model.Generator;
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
import dev.candor.model.SampleBound;
import dev.candor.store.Store;
import dev.candor.store.StoreException;
import dev.candor.core.CallAttempt;
import dev.candor.core.Trajectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the (sample, epoch) pairs of a run that are not yet finished, concurrently on virtual threads under the
 * run's connection limit. Each model call is retried under the {@link RetryPolicy} and every attempt recorded (a
 * retried (sample, epoch) keeps the attempts of its earlier failed try); each finished trajectory is graded and
 * committed at once, with the usage and model time of all its calls. {@link #stop()} (Ctrl-C) lets calls under way end
 * for a short grace period, then interrupts them; what did not finish is redone by a resume. The run stops at once when
 * the server refuses the credentials (HTTP 401/403). While the database is away no model call starts; after
 * {@link #storeOutage} without it the run stops.
 */
public final class Engine {
  private final Store store;
  private final Secrets secrets;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private volatile CountDownLatch done;
  private Shard shard = Shard.ALL;
  private boolean cache;
  /** The response cache's name for the model of the run under way ({@link ResponseCache#source}). */
  private String cacheSource;
  private Duration storeOutage = Duration.ofMinutes(2);
  private Clock clock = Clock.SYSTEM;
  /** Why the run under way must stop (database lost, credentials refused, internal error); null while it may go on. */
  private final AtomicReference<String> fatal = new AtomicReference<>();
  /** {@link Clock#nanoTime()} when saves began to fail, or {@link #DATABASE_UP}. */
  private final AtomicLong outageSince = new AtomicLong(DATABASE_UP);
  private static final long DATABASE_UP = Long.MIN_VALUE;

  public Engine(Store store, Secrets secrets) {
    this.store = store;
    this.secrets = secrets;
  }

  /** Runs only this shard's (sample, epoch) pairs. */
  public Engine shard(Shard s) {
    this.shard = s;
    return this;
  }

  /** Answers repeated identical calls from the store's response cache (never errors). */
  public Engine cache(boolean on) {
    this.cache = on;
    return this;
  }

  /**
   * How long a lost database may stay away before the run stops with an error, counted from the first failed save;
   * meanwhile no model call starts and the run reconnects.
   */
  public Engine storeOutage(Duration d) {
    this.storeOutage = d;
    return this;
  }

  /**
   * The engine's time: how it waits before retrying a failed call or saving again while the database is away, and the
   * monotonic reading the {@link #storeOutage} window is counted on.
   */
  public interface Clock {
    long nanoTime();

    void sleep(Duration d) throws InterruptedException;

    Clock SYSTEM = new Clock() {
      public long nanoTime() { return System.nanoTime(); }

      public void sleep(Duration d) throws InterruptedException { Thread.sleep(d); }
    };
  }

  /**
   * Waits and measures the outage window on {@code c} instead of the system clock: tests record the backoff instead of
   * taking it, and check the window on a clock they control.
   */
  public Engine clock(Clock c) {
    this.clock = c;
    return this;
  }

  /**
   * Asks the run under way to stop: no new work starts; work under way gets {@code grace} to finish, then is
   * interrupted: a try that made attempts is stored as an error with them (a resume retries it and keeps them), one
   * that made none is not stored. Returns once the run has recorded its status, or after a further five seconds.
   */
  public void stop(Duration grace) {
    stopping.set(true);
    CountDownLatch d = done;
    if (d == null) return;
    try {
      if (!d.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        workers.forEach(Thread::interrupt);
        d.await(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public RunResult execute(String runId, RunConfig cfg, Environment env, List<Sample> samples, Model model, RunEvents events) {
    done = new CountDownLatch(1);
    try {
      return doExecute(runId, cfg, env, samples, model, events);
    } finally {
      done.countDown();
    }
  }

  private RunResult doExecute(String runId, RunConfig cfg, Environment env, List<Sample> samples, Model model, RunEvents events) {
    Set<Trajectory.Key> done = store.trajectories().completedKeys(runId);
    Set<Trajectory.Key> failedBefore = new java.util.HashSet<>(store.trajectories().errorKeys(runId)); // retried: their attempts are kept
    long total = (long) samples.size() * cfg.epochs();
    List<Due> pending = new ArrayList<>();
    long mine = 0;
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++)
      for (Sample s : samples) {
        if (!shard.owns(s.id(), epoch)) continue;
        mine++;
        if (!done.contains(new Trajectory.Key(s.id(), epoch))) pending.add(new Due(s, epoch));
      }
    events.started(runId, mine, mine - pending.size());
    if (cache) cacheSource = ResponseCache.source(model);

    RetryPolicy retry = RetryPolicy.standard(cfg.maxAttempts());
    CallLimiter limiter = new CallLimiter(cfg.maxConnections(), cfg.rpm(), cfg.tpm());
    // One virtual thread per connection takes the next (sample, epoch) and runs it. A finished trajectory is handed
    // to a thread of its own to be graded and stored, and the caller goes straight on to its next sample: the next
    // call leaves before the last result is graded (on a busy or cold machine grading and storing would otherwise
    // stretch every round of calls). At most this many finished trajectories wait to be stored; when the database
    // stalls, calls stop too.
    Semaphore saving = new Semaphore(cfg.maxConnections());
    AtomicReference<String> firstError = new AtomicReference<>();
    AtomicBoolean cut = new AtomicBoolean();
    fatal.set(null);
    outageSince.set(DATABASE_UP);
    AtomicInteger next = new AtomicInteger();
    store.runs().setStatus(runId, RunStatus.RUNNING.text(), null);
    store.runs().setHeadline(runId, env.headline());
    try (ExecutorService records = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("candor-record-", 0).factory())) {
      try (ExecutorService callers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("candor-", 0).factory())) {
        int n = Math.min(cfg.maxConnections(), pending.size());
        for (int w = 0; w < n; w++)
          callers.submit(() -> {
            workers.add(Thread.currentThread());
            try {
              while (!stopping.get() && fatal.get() == null) {
                int i = next.getAndIncrement();
                if (i >= pending.size()) return;
                Due due = pending.get(i);
                Sample s = due.sample();
                int epoch = due.epoch();
                Attempted a;
                try {
                  a = attempt(cfg, env, s, epoch, model, retry, limiter, events);
                  if (a == null) return; // interrupted while stopping before any attempt: nothing to store
                  if (a.cutShort()) {
                    cut.set(true);
                    Thread.interrupted(); // stopping: this try is stored (its attempts kept), then the worker ends
                  }
                  saving.acquire();
                } catch (InterruptedException e) {
                  return; // stopping while waiting to store: not stored, a resume redoes it
                } catch (RuntimeException | Error e) { // an Error (OutOfMemoryError…) too: it must stop the run, not one worker
                  fatal.compareAndSet(null, internalError(s, epoch, e));
                  return;
                }
                boolean retried = failedBefore.contains(new Trajectory.Key(s.id(), epoch));
                records.submit(() -> {
                  try {
                    record(runId, env, s, epoch, a, retried, events, firstError);
                  } finally {
                    saving.release();
                  }
                });
                if (a.credentialsRefused()) fatal.compareAndSet(null, "the server refused the credentials: " + a.error()
                    + "; check the API key (the run stops at the first HTTP 401/403)");
              }
            } finally {
              workers.remove(Thread.currentThread());
            }
          });
        callers.shutdown();
        awaitOrStop(callers);
      }
      records.shutdown();
      awaitOrStop(records);
    }
    if (fatal.get() != null) {
      try {
        store.runs().setStatus(runId, RunStatus.FAILED.text(), Instant.now().toString());
      } catch (StoreException e) {
        // the database is what failed; the status stays "running" and resume fixes it
      }
      RunResult r = new RunResult(runId, mine, -1, -1, false, fatal.get(), firstError.get());
      events.ended(r);
      return r;
    }
    Set<Trajectory.Key> finished = store.trajectories().completedKeys(runId);
    long errorCount = countErrors(runId);
    long storedAll = finished.size() + errorCount;
    long storedMine = 0;
    for (int epoch = 1; epoch <= cfg.epochs(); epoch++)
      for (Sample s : samples)
        if (shard.owns(s.id(), epoch) && finished.contains(new Trajectory.Key(s.id(), epoch))) storedMine++;
    long errorsMine = errorsOwned(runId, errorCount);
    storedMine += errorsMine;
    boolean interrupted = stopping.get() && (storedMine < mine || cut.get());
    RunStatus status = interrupted ? RunStatus.INTERRUPTED : storedAll > 0 && errorCount == storedAll ? RunStatus.FAILED
        : storedAll == total ? RunStatus.COMPLETE : storedMine == mine ? RunStatus.PARTIAL : RunStatus.INCOMPLETE;
    if (status == RunStatus.PARTIAL) // this shard's part is done; another shard may have finished the run meanwhile
      store.runs().setStatusUnless(runId, status.text(), Instant.now().toString(), RunStatus.COMPLETE.text());
    else
      store.runs().setStatus(runId, status.text(), Instant.now().toString());
    RunResult r = new RunResult(runId, mine, storedMine, errorsMine, interrupted, null, firstError.get());
    events.ended(r);
    return r;
  }

  /**
   * Grades and stores one finished attempt, after the attempts of the earlier failed try when it is a retry; a
   * database or internal failure becomes the run's fatal error.
   */
  private void record(String runId, Environment env, Sample s, int epoch, Attempted a, boolean retried, RunEvents events,
                      AtomicReference<String> firstError) {
    workers.add(Thread.currentThread());
    try {
      List<CallAttempt> attempts = new ArrayList<>();
      if (retried) attempts.addAll(Trajectories.earlierAttempts(store, runId, s.id(), epoch));
      attempts.addAll(Trajectories.attempts(a.attempts(), secrets));
      Trajectories.Graded g = Trajectories.record(env, s, epoch, a.seed(), a.transcript(), a.error(), a.calls(),
          attempts, a.started().toString(), secrets);
      save(runId, g);
      Trajectory t = g.trajectory();
      if (t.error() != null) firstError.compareAndSet(null, t.error());
      events.finished(t.score().label(), t.error() != null);
    } catch (StoreException e) {
      fatal.compareAndSet(null, e.getMessage());
    } catch (RuntimeException | Error e) {
      fatal.compareAndSet(null, internalError(s, epoch, e));
    } finally {
      workers.remove(Thread.currentThread());
    }
  }

  private static String internalError(Sample s, int epoch, Throwable e) {
    return (e instanceof Error ? "fatal error on " : "internal error on ") + s.id() + "#" + epoch + ": " + e;
  }

  /** Waits for a pool's work to end; stop() interrupts its threads after the grace period. */
  private void awaitOrStop(ExecutorService pool) {
    try {
      while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
        // wait
      }
    } catch (InterruptedException e) {
      stopping.set(true);
      pool.shutdownNow();
    }
  }

  /** Error trajectories of this shard; {@code all} is the run's error count (the answer when there is one shard). */
  private long errorsOwned(String runId, long all) {
    if (shard.count() == 1) return all;
    Set<Trajectory.Key> errs = new java.util.HashSet<>(store.trajectories().errorKeys(runId));
    long n = 0;
    for (Trajectory.Key k : errs) if (shard.owns(k.sampleId(), k.epoch())) n++;
    return n;
  }

  /**
   * Saves a trajectory. If the database went away, marks the outage (callers hold back their next model call), then
   * reconnects and retries until it is back or {@link #storeOutage} has passed since the outage began (or since this
   * row first failed, should other rows keep succeeding).
   */
  private void save(String runId, Trajectories.Graded g) {
    long firstFailure = DATABASE_UP;
    long wait = 200;
    while (true) {
      try {
        store.trajectories().save(runId, g.trajectory(), g.named());
        outageSince.set(DATABASE_UP);
        return;
      } catch (StoreException e) {
        long now = clock.nanoTime();
        if (firstFailure == DATABASE_UP) firstFailure = now;
        outageSince.compareAndSet(DATABASE_UP, now);
        long since = Math.min(firstFailure, outageSince.get() == DATABASE_UP ? now : outageSince.get());
        long left = since + storeOutage.toNanos() - now;
        if (left <= 0 || stopping.get() || fatal.get() != null)
          throw new StoreException("database unavailable for " + storeOutage.toSeconds() + " s", e);
        try {
          clock.sleep(Duration.ofMillis(Math.max(1, Math.min(wait, left / 1_000_000))));
          wait = Math.min(5_000, wait * 2);
          store.reconnect();
        } catch (StoreException stillDown) {
          // keep waiting
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Holds a caller back while the database is away, so no model call is paid for whose result could not be stored;
   * gives up (the trajectory is not stored; a resume redoes it) when the run stops.
   */
  private void awaitDatabase() {
    while (outageSince.get() != DATABASE_UP) {
      if (fatal.get() != null || stopping.get()) throw new InterruptedRuntime();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedRuntime();
      }
    }
  }

  private long countErrors(String runId) {
    return store.trajectories().labelCounts(runId).stream().filter(c -> c.label().equals("error")).mapToLong(c -> c.count()).sum();
  }

  /** Derives the seed of one (sample, epoch) from the run seed: stable across machines and JVMs. */
  public static long sampleSeed(long runSeed, String sampleId, int epoch) {
    long h = runSeed * 0x9E3779B97F4A7C15L + sampleId.hashCode() * 0xBF58476D1CE4E5B9L + epoch * 0x94D049BB133111EBL;
    h ^= (h >>> 31);
    h *= 0xBF58476D1CE4E5B9L;
    h ^= (h >>> 29);
    return h & 0x7FFFFFFFFFFFL; // positive and within the range every provider accepts
  }

  /** A (sample, epoch) of this run still to do. */
  private record Due(Sample sample, int epoch) {}

  /**
   * A finished attempt at a (sample, epoch), not yet graded: the transcript, or the error that ended it (and whether
   * that was the server refusing the credentials); its model calls' outputs and every attempt at them.
   */
  private record Attempted(long seed, Transcript transcript, String error, boolean credentialsRefused, List<Output> calls,
                           List<Attempt> attempts, Instant started, boolean cutShort) {}

  /**
   * A try the run's stop cut short: nothing to store if it made no attempt; else an error trajectory holding its
   * attempts, which a resume retries, keeping them.
   */
  private Attempted cutShort(long seed, List<Attempt> attempts, Instant started) {
    if (!stopping.get() || attempts.isEmpty()) return null;
    return new Attempted(seed, null, "interrupted: the run was stopped before this trajectory finished", false, List.of(), attempts,
        started, true);
  }

  private Attempted attempt(RunConfig cfg, Environment env, Sample s, int epoch, Model model,
                            RetryPolicy retry, CallLimiter limiter, RunEvents events) {
    Instant started = Instant.now(); // formatted later, off the path between one call and the next
    List<Attempt> attempts = new ArrayList<>();
    List<Output> calls = new ArrayList<>();
    long seed = sampleSeed(cfg.seed(), s.id(), epoch);
    GenerateConfig gc = cfg.generate().seed() == null ? cfg.generate().withSeed(seed) : cfg.generate();
    Model answering = model instanceof SampleBound b ? b.bind(s.id(), epoch, s.inputSha256()) : model; // replay: this pair's recording
    Generator gen = request -> {
      Output out = call(answering, request, retry, limiter, attempts, s, epoch, events);
      calls.add(out);
      return out;
    };
    Transcript transcript = null;
    String error = null;
    boolean credentialsRefused = false;
    try {
      transcript = env.solve(s, gen, gc, null);
    } catch (ModelException e) {
      error = secrets.scrub(e.getMessage());
      credentialsRefused = e.httpStatus() == 401 || e.httpStatus() == 403;
    } catch (InterruptedRuntime e) {
      return cutShort(seed, attempts, started);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted() && stopping.get()) return cutShort(seed, attempts, started);
      error = secrets.scrub("solver failed: " + e);
    }
    if (stopping.get() && Thread.currentThread().isInterrupted()) return cutShort(seed, attempts, started);
    return new Attempted(seed, transcript, error, credentialsRefused, calls, attempts, started, false);
  }

  /** Thrown inside a solver's call when the run is stopping (or stopped by a fatal error) and the thread was interrupted. */
  private static final class InterruptedRuntime extends RuntimeException {
    InterruptedRuntime() { super("interrupted", null, false, false); }
  }

  private Output call(Model model, ModelRequest request, RetryPolicy retry, CallLimiter limiter, List<Attempt> attempts,
                      Sample s, int epoch, RunEvents events) throws ModelException {
    awaitDatabase();
    String cacheKey = cache ? ResponseCache.key(cacheSource, model.spec(), request, epoch) : null;
    if (cacheKey != null) {
      Output hit = ResponseCache.read(store, cacheKey);
      if (hit != null) {
        attempts.add(new Attempt(0, System.currentTimeMillis(), 0, 0, null, -1)); // attempt 0, status 0: from the cache
        return hit;
      }
    }
    for (int n = 1; ; n++) {
      if (Thread.currentThread().isInterrupted() && stopping.get()) throw new InterruptedRuntime();
      long ticket;
      try {
        ticket = limiter.acquire();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new InterruptedRuntime();
      }
      long t0 = System.currentTimeMillis();
      long n0 = System.nanoTime();
      try {
        Output out = model.generate(request);
        limiter.release(ticket, 200, null, out.usage().totalTokens());
        attempts.add(new Attempt(n, t0, (System.nanoTime() - n0) / 1_000_000, 200, null, -1));
        if (cacheKey != null) ResponseCache.write(store, cacheKey, model.spec(), out);
        return out;
      } catch (ModelException e) {
        limiter.release(ticket, e.httpStatus(), e.retryAfter(), -1);
        long ra = e.retryAfter() == null ? -1 : e.retryAfter().toMillis();
        attempts.add(new Attempt(n, t0, (System.nanoTime() - n0) / 1_000_000, e.httpStatus(), e.getMessage(), ra));
        if (!e.retryable() || n >= retry.maxAttempts() || stopping.get()) throw e;
        events.retrying(s.id(), epoch, n + 1, e.getMessage());
        try {
          clock.sleep(retry.delayBefore(n + 1, e.httpStatus(), e.retryAfter()));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new InterruptedRuntime();
        }
      } catch (RuntimeException e) {
        limiter.release(ticket, -1, null, -1);
        attempts.add(new Attempt(n, t0, (System.nanoTime() - n0) / 1_000_000, -1, e.toString(), -1));
        if (stopping.get() && Thread.currentThread().isInterrupted()) throw new InterruptedRuntime();
        throw new ModelException(model.spec() + ": " + e, false, -1, null, null, e);
      }
    }
  }
}
