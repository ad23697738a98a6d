package dev.candor.run;

import dev.candor.core.RunConfig;
import dev.candor.core.Sweep;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The run groups {@code candor sweep} makes: one run per checkpoint, each recording its {@link Sweep} in its configuration. */
public final class Sweeps {
  private Sweeps() {}

  /** A group name: 1-64 letters, digits, '.', '_' or '-' (as run ids). */
  public static void checkName(String group) {
    if (group == null || !group.matches("[A-Za-z0-9._-]{1,64}"))
      throw new IllegalArgumentException("--group: expected 1-64 letters, digits, '.', '_' or '-', got '" + group + "'");
  }

  /** The runs of group {@code group}, by position (then creation); empty when there is no such group. */
  public static List<RunRecord> members(Store store, String group) {
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord r : store.runs().all()) {
      Sweep s = sweep(r);
      if (s != null && s.group().equals(group)) out.add(r);
    }
    out.sort(Comparator.comparingInt((RunRecord r) -> sweep(r).position()));
    return out;
  }

  /** The run's place in a sweep; null when it is not part of one (or its configuration cannot be read). */
  public static Sweep sweep(RunRecord r) {
    if (r.configJson() == null || !r.configJson().contains("\"sweep\"")) return null;
    try {
      RunConfig c = r.config();
      return c.sweep();
    } catch (RuntimeException unreadable) {
      return null;
    }
  }
}
