package dev.candor.run;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;

/**
 * One part of a run split over N processes (I/N, I from 0): the (sample, epoch) pairs whose stable
 * hash falls in part I. Every pair belongs to exactly one shard, on every machine.
 */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count)
      throw InvalidSetting.expected(Setting.SHARD, "I/N with 0 <= I < N", index + "/" + count);
  }

  public static Shard parse(String s) {
    if (s == null) return ALL;
    String[] p = s.split("/");
    try {
      if (p.length == 2) return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    } catch (NumberFormatException e) {
      // fall through
    }
    throw InvalidSetting.expected(Setting.SHARD, "I/N (e.g. 0/4, as a Kubernetes Indexed Job's index)", "'" + s + "'");
  }

  public boolean owns(String sampleId, int epoch) {
    if (count == 1) return true;
    return Math.floorMod(Engine.sampleSeed(0x5EED, sampleId, epoch), count) == index;
  }

  @Override public String toString() { return index + "/" + count; }
}
