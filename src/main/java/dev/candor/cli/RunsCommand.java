package dev.candor.cli;

import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists the runs in the database.")
final class RunsCommand implements Callable<Integer> {
  @Mixin DbOption db;

  @Override
  public Integer call() {
    try (Store store = db.read()) {
      String fmt = "%-24s %-16s %-14s %-28s %-11s %9s  %s%n";
      System.out.printf(fmt, "RUN", "NAME", "SUITE", "MODEL", "STATUS", "STORED", "CREATED");
      for (RunRecord r : store.runs()) {
        long total = (long) store.sampleCount(r.id()) * r.epochs();
        System.out.printf(fmt, r.id(), r.name() == null ? "" : r.name(), r.suite(), r.model(), r.status(),
            store.trajectoryCount(r.id()) + "/" + total, r.createdAt());
      }
      return 0;
    }
  }
}
