package dev.candor.cli;

import dev.candor.export.TrajectoryExport;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Exports a run's trajectories: jsonl (one object per trajectory; replay/FILE reads it back) or csv (one row per trajectory, axes as columns).")
final class ExportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID") String runId;
  @Option(names = "--format", required = true, description = "jsonl or csv") String format;
  @Option(names = "--out", required = true, paramLabel = "FILE") Path out;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    if (!format.equals("jsonl") && !format.equals("csv"))
      throw new IllegalArgumentException("--format: expected jsonl or csv, got '" + format + "'");
    try (Store store = db.open()) {
      RunRecord r = store.resolveRun(runId);
      if (format.equals("jsonl")) TrajectoryExport.jsonl(store, r, out);
      else TrajectoryExport.csv(store, r, out);
      System.err.println("candor: wrote " + store.trajectoryCount(r.id()) + " trajectories of " + r.id() + " to " + out);
      return 0;
    }
  }
}
