package dev.candor.analysis;

import static dev.candor.testing.TrajectoryBuilder.trajectory;

import dev.candor.model.Message;
import dev.candor.Json;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.StoredSample;
import dev.candor.testing.RunRecords;
import dev.candor.core.Trajectory;
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
    store.runs().create(r, samples);
    for (int i = 0; i < trajectories.size(); i++) {
      T t = trajectories.get(i);
      List<Message> msgs = List.of(Message.user("Choose a random even number."), Message.assistant(t.value() == null ? "?" : t.value() == 1 ? "7" : "8", t.reasoning(), List.of()));
      store.trajectories().save(id, trajectory("s" + i, 1).variant(t.variant())
          .verdict(t.value() == null ? "unparsed" : t.value() == 1 ? "odd" : "even", t.value()).output("x", t.reasoning())
          .finishReason("stop").tokens(1L, 1L, 0L).latencyMs(1L).seed(1L).messages(msgs).events(List.of()).attempts(List.of())
          .raw("{}").times("t0", "t1").build());
    }
    return r;
  }
}
