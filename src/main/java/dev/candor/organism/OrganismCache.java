package dev.candor.organism;

import dev.candor.CacheDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where trained checkpoints live: {@code organism/} in the per-user cache ({@link CacheDir}; default {@code ~/.cache/candor/organism/}),
 * one file per (training-code version, seed). Files are written to a temporary file and renamed into place, so
 * concurrent processes never read a partial file (the last rename wins; all writers produce identical bytes).
 * Within one process, each (directory, seed) is loaded or trained once. When the {@code main} route's snapshots
 * ({@link OrganismSnapshots}) are cached, the four are taken from them instead of training again.
 */
public final class OrganismCache {
  private OrganismCache() {}

  private static final Map<Path, OrganismCheckpoints> LOADED = new ConcurrentHashMap<>();

  /** The organism's directory in the per-user cache {@code cacheRoot} ({@link CacheDir}). */
  public static Path dir(Path cacheRoot) {
    return cacheRoot.resolve("organism");
  }

  /** The file holding one seed's checkpoints. */
  public static Path file(Path dir, long seed) {
    return dir.resolve(OrganismTrainer.VERSION + "-seed" + seed + ".bin.gz");
  }

  /** Whether the checkpoints of this seed are already cached in {@code dir}. */
  public static boolean isCached(Path dir, long seed) { return Files.isRegularFile(file(dir, seed)); }

  /** Loads the seed's checkpoints from {@code dir}, training and caching them first if needed. */
  public static OrganismCheckpoints load(Path dir, long seed, OrganismTrainer.Progress progress) {
    Path f = file(dir, seed).toAbsolutePath().normalize();
    return LOADED.computeIfAbsent(f, k -> loadOrTrain(k, seed, progress));
  }

  public static OrganismCheckpoints load(Path dir, long seed) {
    return load(dir, seed, (s, d, t) -> {});
  }

  /** Trains the seed's checkpoints and writes them to {@code dir} (replacing a cached file), returning them. */
  public static OrganismCheckpoints train(Path dir, long seed, OrganismTrainer.Progress progress) {
    OrganismCheckpoints c = OrganismTrainer.train(seed, progress);
    write(c, file(dir, seed));
    LOADED.put(file(dir, seed).toAbsolutePath().normalize(), c);
    return c;
  }

  private static OrganismCheckpoints loadOrTrain(Path f, long seed, OrganismTrainer.Progress progress) {
    if (Files.isRegularFile(f)) {
      try (InputStream in = Files.newInputStream(f)) {
        OrganismCheckpoints c = OrganismCheckpoints.read(in, f.toString());
        if (c.seed() != seed) throw new IllegalArgumentException(f + ": holds seed " + c.seed() + ", expected " + seed);
        return c;
      } catch (IOException | IllegalArgumentException e) {
        // A corrupt or stale file: retrain and replace it.
      }
    }
    OrganismCheckpoints c = fromMainRoute(f.getParent(), seed, progress);
    write(c, f);
    return c;
  }

  /** The four checkpoints: the main route's snapshots at their steps if that route is cached, else trained. */
  private static OrganismCheckpoints fromMainRoute(Path dir, long seed, OrganismTrainer.Progress progress) {
    OrganismSnapshots store = new OrganismSnapshots(dir, seed, progress);
    if (!store.isTrained("main")) return OrganismTrainer.train(seed, progress);
    Map<String, Policy> m = new LinkedHashMap<>();
    for (String c : OrganismTrainer.CHECKPOINTS) m.put(c, store.policy("main", OrganismTrainer.Budget.FULL.step(c)));
    return new OrganismCheckpoints(seed, m);
  }

  static void write(OrganismCheckpoints c, Path f) {
    try {
      CacheDir.write(f, c::write);
    } catch (IOException e) {
      throw new UncheckedIOException("organism: cannot write checkpoints to " + f + ": " + e.getMessage(), e);
    }
  }
}
