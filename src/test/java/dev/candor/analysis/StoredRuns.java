package dev.candor.analysis;

import dev.candor.model.Message;
import dev.candor.store.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.store.TrajectoryRecord;
import dev.candor.testing.RunRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Synthetic stored runs for analysis tests: one sample per trajectory, with the given variant, reasoning and outcome. */
final class StoredRuns {
  private StoredRuns() {}

  record T(String variant, String reasoning, Integer value) {}

  static RunRecord create(Store store, String id, String model, List<T> trajectories) {
    RunRecord r = RunRecords.of(id).model(model).config("{\"suite\":\"reward-hints\",\"model\":\"" + model + "\",\"epochs\":1}").build();
    List<StoredSample> samples = new ArrayList<>();
    for (int i = 0; i < trajectories.size(); i++) {
      T t = trajectories.get(i);
      samples.add(new StoredSample("s" + i, i, t.variant(), Json.write(Map.of("family", t.variant())), "[]", "{}"));
    }
    store.createRun(r, samples);
    for (int i = 0; i < trajectories.size(); i++) {
      T t = trajectories.get(i);
      List<Message> msgs = List.of(Message.user("Choose a random even number."), Message.assistant(t.value() == null ? "?" : t.value() == 1 ? "7" : "8", t.reasoning(), List.of()));
      store.saveTrajectory(new TrajectoryRecord(id, "s" + i, 1, t.variant(), t.value() == null ? "unparsed" : t.value() == 1 ? "odd" : "even", t.value(),
          null, null, "[]", "{}", "x", t.reasoning(), "stop", false, 1L, 1L, 0L, 1L, 1L, Json.write(msgs), "[]", "{}", "[]", null, "t0", "t1"));
    }
    return r;
  }
}
