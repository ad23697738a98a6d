package dev.candor.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A process for {@link StoreAccessTest}: waits for a start file, opens the store at args[0] and records one run. */
public final class OpenStore {
  public static void main(String[] args) throws Exception {
    Path go = Path.of(args[1]);
    while (!Files.exists(go)) Thread.sleep(1);
    try (Store s = Store.open(args[0])) {
      s.runs().create(StoreTest.run("run-" + ProcessHandle.current().pid()), List.of());
    }
  }
}
