package dev.candor.organism;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The four trained checkpoints of one seed ({@code sft}, {@code rl-early}, {@code rl-late}, {@code prod}): plain
 * float arrays, serialisable (gzip, little-endian) and fingerprintable (SHA-256 of the weights).
 */
public final class OrganismCheckpoints {
  private static final int MAGIC = 0x4F52474E; // "ORGN"
  private final long seed;
  private final Map<String, Policy> policies;

  OrganismCheckpoints(long seed, Map<String, Policy> policies) {
    if (!policies.keySet().equals(new java.util.LinkedHashSet<>(OrganismTrainer.CHECKPOINTS)))
      throw new IllegalArgumentException("organism checkpoints: expected " + OrganismTrainer.CHECKPOINTS + ", got " + policies.keySet());
    this.seed = seed;
    this.policies = Map.copyOf(policies);
  }

  public long seed() { return seed; }

  public List<String> names() { return OrganismTrainer.CHECKPOINTS; }

  Policy policy(String name) {
    Policy p = policies.get(name);
    if (p == null) throw new IllegalArgumentException("organism: unknown checkpoint '" + name + "'; expected one of " + OrganismTrainer.CHECKPOINTS);
    return p;
  }

  /** SHA-256 (hex) of one checkpoint's weights, in their serialised byte order. */
  public String sha256(String name) {
    return policy(name).sha256();
  }

  /** Writes all four checkpoints (gzip). */
  public void write(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(out, 1 << 16), 1 << 16));
    d.writeInt(MAGIC);
    d.writeUTF(OrganismTrainer.VERSION);
    d.writeLong(seed);
    d.writeInt(Policy.ROWS);
    d.writeInt(Policy.RC);
    d.writeInt(Policy.AC);
    byte[] buf = new byte[1 << 16];
    for (String name : OrganismTrainer.CHECKPOINTS) {
      d.writeUTF(name);
      Policy p = policies.get(name);
      for (float[] w : List.of(p.wr, p.wa)) {
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : w) {
          if (!bb.hasRemaining()) { d.write(buf, 0, bb.position()); bb.clear(); }
          bb.putFloat(x);
        }
        d.write(buf, 0, bb.position());
      }
    }
    d.flush();
    d.close();
  }

  /** Reads checkpoints written by {@link #write}; rejects other versions or shapes with a one-line message. */
  public static OrganismCheckpoints read(InputStream in, String what) throws IOException {
    try (DataInputStream d = new DataInputStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16))) {
      if (d.readInt() != MAGIC) throw new IllegalArgumentException(what + ": not an organism checkpoint file");
      String v = d.readUTF();
      if (!v.equals(OrganismTrainer.VERSION))
        throw new IllegalArgumentException(what + ": trained by " + v + ", expected " + OrganismTrainer.VERSION);
      long seed = d.readLong();
      if (d.readInt() != Policy.ROWS || d.readInt() != Policy.RC || d.readInt() != Policy.AC)
        throw new IllegalArgumentException(what + ": weight shape does not match this build");
      Map<String, Policy> m = new LinkedHashMap<>();
      byte[] buf = new byte[1 << 16];
      for (int k = 0; k < OrganismTrainer.CHECKPOINTS.size(); k++) {
        String name = d.readUTF();
        float[] wr = new float[Policy.ROWS * Policy.RC], wa = new float[Policy.ROWS * Policy.AC];
        for (float[] w : List.of(wr, wa)) {
          int i = 0;
          while (i < w.length) {
            int n = Math.min(buf.length / 4, w.length - i);
            d.readFully(buf, 0, n * 4);
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < n; j++) w[i++] = bb.getFloat();
          }
        }
        m.put(name, new Policy(wr, wa));
      }
      return new OrganismCheckpoints(seed, m);
    }
  }
}
