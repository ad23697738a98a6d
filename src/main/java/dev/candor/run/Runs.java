package dev.candor.run;

import dev.candor.env.Sample;
import dev.candor.store.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Creating runs and reading their stored configuration back. */
public final class Runs {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Runs() {}

  /** A new run id: UTC time then 6 random hex digits, so ids sort by creation and never collide across shards. */
  public static String newId() {
    byte[] b = new byte[3];
    RANDOM.nextBytes(b);
    return ID_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(b);
  }

  /** Records a new run with its configuration, version, seed and sample set; returns it. Nothing runs yet. */
  public static RunRecord create(Store store, RunConfig cfg, List<Sample> samples, String parentRunId) {
    return create(store, newId(), cfg, samples, parentRunId);
  }

  /** Rejects a {@code --run-id} that is not 1-64 letters, digits, '.', '_' or '-'. */
  public static void checkId(String id) {
    if (!id.matches("[A-Za-z0-9._-]{1,64}"))
      throw new IllegalArgumentException("--run-id: expected 1-64 letters, digits, '.', '_' or '-', got '" + id + "'");
  }

  /**
   * Creates the run with this id, or joins it if it exists (another shard made it first) after checking it was made
   * with the same configuration and samples.
   */
  public static RunRecord createOrJoin(Store store, String id, RunConfig cfg, List<Sample> samples) {
    if (id == null) return create(store, cfg, samples, null);
    checkId(id);
    for (int attempt = 0; ; attempt++) {
      var existing = store.run(id);
      if (existing.isPresent()) {
        RunRecord r = existing.get();
        RunConfig theirs = config(r);
        if (!Json.write(theirs.withName(null)).equals(Json.write(cfg.withName(null))) || store.sampleCount(id) != samples.size())
          throw new IllegalArgumentException("--run-id: run '" + id + "' exists with a different configuration; use another id or `candor resume " + id + "`");
        return r;
      }
      try {
        return create(store, id, cfg, samples, null);
      } catch (dev.candor.store.StoreException raced) {
        if (attempt >= 2) throw raced; // not a race: a real failure
      }
    }
  }

  private static RunRecord create(Store store, String id, RunConfig cfg, List<Sample> samples, String parentRunId) {
    RunRecord r = new RunRecord(id, cfg.name(), cfg.suite(), cfg.model(), "created", CandorVersion.get(), cfg.seed(),
        cfg.epochs(), Json.write(cfg), Instant.now().toString(), null, parentRunId);
    List<StoredSample> stored = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      stored.add(new StoredSample(s.id(), i, s.variantId(), Json.write(s.axes()), Json.write(s.input()), Json.write(s.metadata())));
    }
    store.createRun(r, stored);
    return r;
  }

  public static RunConfig config(RunRecord r) {
    return Json.read(r.configJson(), RunConfig.class);
  }
}
