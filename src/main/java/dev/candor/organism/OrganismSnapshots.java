package dev.candor.organism;

import dev.candor.CacheDir;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The snapshot store: the snapshots of each training route ({@link OrganismRoutes}) of one seed, in the organism's
 * cache directory under {@code snapshots/VERSION-seedS-ROUTE/}: one file per step ({@code STEP.bin.gz}: the exact
 * float32 weights as their bitwise XOR with the route's previous snapshot, byte planes split, gzip) and
 * {@code index.tsv} (step, phase, SHA-256 of the weights), written last, so a route whose index exists is complete.
 * A route is trained the first time any of its snapshots is asked for; loading a snapshot decodes the route's
 * snapshots up to it from the nearest one in memory, checking each against the index's hash (a mismatching or
 * unreadable file trains the route again). Snapshots are kept in memory while memory allows.
 */
public final class OrganismSnapshots {
  /** One snapshot: its route, global step, training phase and weights hash. */
  public record Snapshot(String route, long step, String phase, String sha256) {
    /** Its model spec, {@code organism/ROUTE@STEP}. */
    public String model() { return "organism/" + route + "@" + step; }
  }

  private static final int MAGIC = 0x4F52534E; // "ORSN"
  private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();
  private static final Map<String, SoftReference<Policy>> LOADED = new ConcurrentHashMap<>();

  private final Path dir;
  private final long seed;
  private final OrganismTrainer.Progress progress;
  private final List<OrganismRoutes.Route> routes;

  /** The store of {@code seed}'s snapshots in the organism directory {@code dir} ({@link OrganismCache#dir}). */
  public OrganismSnapshots(Path dir, long seed, OrganismTrainer.Progress progress) {
    this(dir, seed, progress, OrganismRoutes.ALL);
  }

  /** A store of other routes (tests). */
  OrganismSnapshots(Path dir, long seed, OrganismTrainer.Progress progress, List<OrganismRoutes.Route> routes) {
    this.dir = dir.toAbsolutePath().normalize();
    this.seed = seed;
    this.progress = progress;
    this.routes = List.copyOf(routes);
  }

  public long seed() { return seed; }

  /** The routes' names. */
  public List<String> routes() { return routes.stream().map(OrganismRoutes.Route::name).toList(); }

  Path routeDir(String route) {
    return dir.resolve("snapshots").resolve(OrganismTrainer.VERSION + "-seed" + seed + "-" + route);
  }

  private Path index(String route) { return routeDir(route).resolve("index.tsv"); }

  private Path file(String route, long step) { return routeDir(route).resolve(step + ".bin.gz"); }

  /** Whether the route's snapshots are cached. */
  public boolean isTrained(String route) {
    requireRoute(route);
    return readIndex(route) != null;
  }

  /** The route's snapshots in step order, training the route first if it is not cached. */
  public List<Snapshot> list(String route) {
    requireRoute(route);
    synchronized (lock(route)) {
      List<Snapshot> s = readIndex(route);
      return s != null ? s : train(route);
    }
  }

  /** Trains the route (again) and writes its snapshots, replacing cached ones. */
  public List<Snapshot> train(String route) {
    OrganismRoutes.Route r = requireRoute(route);
    synchronized (lock(route)) {
      List<Snapshot> written = new ArrayList<>();
      Policy[] prev = {null};
      r.trainer().train(seed, this::policy, (phase, step, policy) -> {
        if (!written.isEmpty() && step <= written.get(written.size() - 1).step())
          throw new IllegalStateException("organism route " + route + ": snapshot steps must increase (" + step + ")");
        if (phase.isBlank() || phase.contains("\t") || phase.contains("\n"))
          throw new IllegalStateException("organism route " + route + ": bad phase label '" + phase + "'");
        Policy copy = policy.copy();
        write(file(route, step), out -> writePolicy(out, route, step, phase, copy, prev[0]));
        written.add(new Snapshot(route, step, phase, copy.sha256()));
        LOADED.put(key(route, step), new SoftReference<>(copy));
        prev[0] = copy;
      }, (stage, done, total) -> progress.update(route + "/" + stage, done, total));
      StringBuilder sb = new StringBuilder("step\tphase\tsha256\n");
      for (Snapshot s : written) sb.append(s.step()).append('\t').append(s.phase()).append('\t').append(s.sha256()).append('\n');
      write(index(route), out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
      return List.copyOf(written);
    }
  }

  /** The weights of one snapshot (the route is trained first if needed). */
  Policy policy(String route, long step) {
    Policy p = loaded(route, step);
    if (p != null) return p;
    synchronized (lock(route)) {
      p = decode(list(route), route, step);
      if (p == null) p = decode(train(route), route, step);
      if (p == null) throw new IllegalStateException("organism: snapshot " + route + "@" + step + " does not match its index after training again");
      return p;
    }
  }

  private Policy loaded(String route, long step) {
    SoftReference<Policy> ref = LOADED.get(key(route, step));
    return ref == null ? null : ref.get();
  }

  /** Decodes the snapshot at {@code step} from the nearest earlier one in memory; null if a file is bad. */
  private Policy decode(List<Snapshot> all, String route, long step) {
    int i = 0;
    while (i < all.size() && all.get(i).step() != step) i++;
    if (i == all.size())
      throw new IllegalArgumentException("organism route '" + route + "' has no snapshot at step " + step + "; steps: "
          + String.join(", ", all.stream().map(s -> String.valueOf(s.step())).toList()));
    int j = i;
    Policy p = null;
    while (j >= 0 && (p = loaded(route, all.get(j).step())) == null) j--;
    for (int k = j + 1; k <= i; k++) {
      p = read(all.get(k), p);
      if (p == null) return null;
      LOADED.put(key(route, all.get(k).step()), new SoftReference<>(p));
    }
    return p;
  }

  private OrganismRoutes.Route requireRoute(String route) {
    for (OrganismRoutes.Route r : routes) if (r.name().equals(route)) return r;
    throw new IllegalArgumentException("unknown organism route '" + route + "'; expected one of " + String.join(", ", routes()));
  }

  private Object lock(String route) {
    return LOCKS.computeIfAbsent(routeDir(route).toString(), k -> new Object());
  }

  private String key(String route, long step) { return routeDir(route) + "@" + step; }

  /** The index, or null if it is missing, unreadable, or names a file that is missing. */
  private List<Snapshot> readIndex(String route) {
    Path f = index(route);
    if (!Files.isRegularFile(f)) return null;
    try {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      List<Snapshot> out = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split("\t");
        if (c.length != 3) return null;
        Snapshot s = new Snapshot(route, Long.parseLong(c[0]), c[1], c[2]);
        if (!Files.isRegularFile(file(route, s.step()))) return null;
        out.add(s);
      }
      return out.isEmpty() ? null : List.copyOf(out);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void write(Path f, CacheDir.Content content) {
    try {
      CacheDir.write(f, content);
    } catch (IOException e) {
      throw new UncheckedIOException("organism: cannot write snapshot file " + f + ": " + e.getMessage(), e);
    }
  }

  /** Writes a snapshot as its XOR with the previous one ({@code prev}, or null for the route's first). */
  private void writePolicy(OutputStream raw, String route, long step, String phase, Policy p, Policy prev) throws IOException {
    GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16) {
      { def.setLevel(Deflater.BEST_SPEED); }
    };
    DataOutputStream d = new DataOutputStream(new BufferedOutputStream(gz, 1 << 16));
    d.writeInt(MAGIC);
    d.writeUTF(OrganismTrainer.VERSION);
    d.writeLong(seed);
    d.writeUTF(route);
    d.writeLong(step);
    d.writeUTF(phase);
    d.writeInt(Policy.ROWS);
    d.writeInt(Policy.RC);
    d.writeInt(Policy.AC);
    d.writeInt(p.hasSpecWords() ? Policy.XC : 0);
    byte[] buf = new byte[1 << 16];
    List<float[]> ws = arrays(p), base = prev == null ? null : arrays(prev);
    for (int a = 0; a < ws.size(); a++) {
      float[] w = ws.get(a), b = base == null || a >= base.size() ? null : base.get(a);
      for (int plane = 0; plane < 4; plane++) {
        int n = 0;
        for (int i = 0; i < w.length; i++) {
          if (n == buf.length) { d.write(buf, 0, n); n = 0; }
          int bits = Float.floatToRawIntBits(w[i]) ^ (b == null ? 0 : Float.floatToRawIntBits(b[i]));
          buf[n++] = (byte) (bits >>> (8 * plane));
        }
        d.write(buf, 0, n);
      }
    }
    d.close();
  }

  private static List<float[]> arrays(Policy p) {
    return p.hasSpecWords() ? List.of(p.wr, p.wa, p.wx) : List.of(p.wr, p.wa);
  }

  /**
   * The snapshot's weights, given the route's previous snapshot ({@code prev}, null for the first), or null if its
   * file is unreadable, of another build, or does not match the hash.
   */
  private Policy read(Snapshot s, Policy prev) {
    Path f = file(s.route(), s.step());
    try (InputStream in = Files.newInputStream(f);
         DataInputStream d = new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16))) {
      if (d.readInt() != MAGIC || !d.readUTF().equals(OrganismTrainer.VERSION) || d.readLong() != seed
          || !d.readUTF().equals(s.route()) || d.readLong() != s.step() || !d.readUTF().equals(s.phase())
          || d.readInt() != Policy.ROWS || d.readInt() != Policy.RC || d.readInt() != Policy.AC) return null;
      int xc = d.readInt();
      if (xc != 0 && xc != Policy.XC) return null;
      float[] wr = readFloats(d, prev == null ? new float[Policy.ROWS * Policy.RC] : prev.wr);
      float[] wa = readFloats(d, prev == null ? new float[Policy.ROWS * Policy.AC] : prev.wa);
      float[] wx = xc == 0 ? null : readFloats(d, prev == null || prev.wx == null ? new float[Policy.ROWS * Policy.XC] : prev.wx);
      Policy p = new Policy(wr, wa, wx);
      return p.sha256().equals(s.sha256()) ? p : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Reads XOR planes over {@code base}, returning new weights. */
  private static float[] readFloats(DataInputStream d, float[] base) throws IOException {
    int n = base.length;
    int[] bits = new int[n];
    for (int i = 0; i < n; i++) bits[i] = Float.floatToRawIntBits(base[i]);
    byte[] buf = new byte[1 << 16];
    for (int plane = 0; plane < 4; plane++)
      for (int i = 0; i < n; ) {
        int m = Math.min(buf.length, n - i);
        d.readFully(buf, 0, m);
        for (int j = 0; j < m; j++) bits[i++] ^= (buf[j] & 0xFF) << (8 * plane);
      }
    float[] w = new float[n];
    for (int i = 0; i < n; i++) w[i] = Float.intBitsToFloat(bits[i]);
    return w;
  }
}
