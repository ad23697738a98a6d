package dev.candor.run;

import dev.candor.core.RunConfig;
import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.RunStatus;
import dev.candor.CandorVersion;
import dev.candor.core.Sample;
import dev.candor.model.Model;
import dev.candor.model.ServedModel;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoreException;
import dev.candor.store.StoredSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creating runs and reading their stored configuration back. */
public final class Runs {

  private Runs() {}

  /** A new run id ({@link RunRecord#newId}). */
  public static String newId() { return RunRecord.newId(); }

  /** Records a new run with its configuration, version, seed and sample set; returns it. Nothing runs yet. */
  public static RunRecord create(Store store, RunConfig cfg, List<Sample> samples, String parentRunId) {
    return create(store, newId(), cfg, samples, parentRunId);
  }

  /** The most (sample, epoch) pairs one run may hold: each pending pair takes memory before any call is made. */
  public static final long MAX_PAIRS = 10_000_000;

  /** Refuses (as an invalid number of epochs) a run of more than {@link #MAX_PAIRS} (sample, epoch) pairs, before anything is allocated. */
  public static void checkSize(int samples, int epochs) {
    if ((long) samples * epochs > MAX_PAIRS)
      throw InvalidSetting.of(Setting.EPOCHS, "expected samples x epochs <= " + MAX_PAIRS + " per run, got " + samples + " x " + epochs
          + " = " + (long) samples * epochs + "; lower ", Setting.EPOCHS, " or ", Setting.LIMIT, ", or split the sweep into several runs");
  }

  /** Rejects a run id that is not 1-64 letters, digits, '.', '_' or '-'. */
  public static void checkId(String id) {
    if (!id.matches("[A-Za-z0-9._-]{1,64}"))
      throw InvalidSetting.expected(Setting.RUN_ID, "1-64 letters, digits, '.', '_' or '-'", "'" + id + "'");
  }

  /**
   * Creates the run with this id, or joins it if it exists (another shard made it first) after checking it was made
   * with the same configuration and samples (what the server reported aside).
   */
  public static RunRecord createOrJoin(Store store, String id, RunConfig cfg, List<Sample> samples) {
    if (id == null) return create(store, cfg, samples, null);
    checkId(id);
    for (int attempt = 0; ; attempt++) {
      var existing = store.runs().get(id);
      if (existing.isPresent()) {
        RunRecord r = existing.get();
        RunConfig theirs = config(r);
        if (!Json.write(theirs.toBuilder().name(null).served(null).build()).equals(Json.write(cfg.stored().toBuilder().name(null).served(null).build()))
            || store.samples().count(id) != samples.size())
          throw InvalidSetting.of(Setting.RUN_ID, "run '" + id + "' exists with a different configuration; use another id or `candor resume " + id + "`");
        return r;
      }
      try {
        return create(store, id, cfg, samples, null);
      } catch (StoreException raced) {
        if (attempt >= 2) throw raced; // not a race: a real failure
      }
    }
  }

  private static RunRecord create(Store store, String id, RunConfig cfg, List<Sample> samples, String parentRunId) {
    RunRecord r = new RunRecord(id, cfg.name(), cfg.suite(), cfg.model(), RunStatus.CREATED.text(), CandorVersion.get(), cfg.seed(),
        cfg.epochs(), Json.write(cfg.stored()), Instant.now().toString(), null, parentRunId);
    List<StoredSample> stored = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      stored.add(new StoredSample(s.id(), i, s.variantId(), Json.write(s.axes()), Json.write(s.input()), Json.write(s.metadata())));
    }
    store.runs().create(r, stored);
    return r;
  }

  /**
   * Adds what the model's server reported ({@link ServedModel#served()}: its model list entry, the model and system
   * fingerprint its responses named) to the run's stored configuration, merged with what earlier executions of the
   * run recorded. Models that report nothing (the organism, replay) leave it as it is.
   */
  public static void recordServed(Store store, String runId, Model model) {
    if (!(model instanceof ServedModel s)) return;
    Map<String, String> now = s.served();
    if (now.isEmpty()) return;
    RunConfig cfg = config(store.runs().get(runId).orElseThrow());
    Map<String, String> merged = ServedModel.merge(cfg.served(), now);
    if (!merged.equals(cfg.served())) store.runs().updateConfig(runId, Json.write(cfg.toBuilder().served(merged).build()));
  }


  /**
   * The run's stored configuration; a one-line {@link IllegalArgumentException} naming the run when it is not one Candor
   * can run again (e.g. a run imported before imports stored one).
   */
  public static RunConfig config(RunRecord r) {
    try {
      return r.config();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("run " + r.id() + (r.name() == null ? "" : " (" + r.name() + ")")
          + ": its stored configuration cannot be used to run it again (" + e.getMessage() + ")");
    }
  }
}
