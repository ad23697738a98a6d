package dev.candor.testing;

import dev.candor.core.CallAttempt;
import dev.candor.core.Event;
import dev.candor.core.Trajectory;
import dev.candor.Json;

/** A trajectory's parts as the JSON text the store keeps in its columns, for tests that check the stored form. */
public final class StoredJson {
  private StoredJson() {}

  public static String messages(Trajectory t) {
    return t.messages() == null ? null : Json.write(dev.candor.export.TrajectoryExport.messages(t));
  }

  public static String events(Trajectory t) {
    return t.events() == null ? null : Json.write(t.events().stream().map(Event::fields).toList());
  }

  public static String attempts(Trajectory t) {
    return t.attempts() == null ? null : Json.write(t.attempts().stream().map(CallAttempt::fields).toList());
  }

  public static String evidence(Trajectory t) { return Json.write(t.score().evidence()); }

  public static String metadata(Trajectory t) { return Json.write(t.score().metadata()); }
}
