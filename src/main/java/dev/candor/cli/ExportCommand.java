package dev.candor.cli;

import dev.candor.export.InspectExport;
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
    description = {"Exports a run's trajectories: jsonl (one object per trajectory; replay/FILE reads it back), csv or parquet",
        "(one row per trajectory, axes as columns), or an Inspect eval log that Inspect View and inspect_ai's readers open:",
        "inspect (.eval zip) or inspect-json (.json), written into the --out directory."})
final class ExportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_ID") String runId;
  @Option(names = "--format", required = true, description = "jsonl, csv, parquet, inspect or inspect-json") String format;
  @Option(names = "--out", required = true, paramLabel = "FILE|DIR", description = "A file (jsonl, csv, parquet) or a directory (inspect formats); - for standard output (jsonl, csv, inspect-json).") Path out;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    if (!java.util.List.of("jsonl", "csv", "parquet", "inspect", "inspect-json").contains(format))
      throw new IllegalArgumentException("--format: expected jsonl, csv, parquet, inspect or inspect-json, got '" + format + "'");
    try (Store store = db.read()) {
      RunRecord r = store.runs().resolve(runId);
      if (out.toString().equals("-")) return toStdout(store, r);
      Path written = out;
      switch (format) {
        case "jsonl" -> TrajectoryExport.jsonl(store, r, out);
        case "csv" -> TrajectoryExport.csv(store, r, out);
        case "parquet" -> TrajectoryExport.parquet(store, r, out);
        default -> {
          if (!java.nio.file.Files.isDirectory(out))
            throw new IllegalArgumentException("--out: for --format " + format + ", expected an existing directory, got '" + out + "'");
          written = InspectExport.write(store, r, out, format.equals("inspect"));
        }
      }
      System.err.println("candor: wrote " + store.trajectories().count(r.id()) + " trajectories of " + r.id() + " to " + written);
      return 0;
    }
  }

  /** {@code --out -}: a text format to standard output. */
  private int toStdout(Store store, RunRecord r) {
    if (!java.util.List.of("jsonl", "csv", "inspect-json").contains(format))
      throw new IllegalArgumentException("--out: '-' (standard output) takes a text format (jsonl, csv, inspect-json); --format " + format
          + " is binary, expected a file or directory name");
    java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8));
    try {
      switch (format) {
        case "jsonl" -> TrajectoryExport.jsonl(store, r, w);
        case "csv" -> TrajectoryExport.csv(store, r, w);
        default -> InspectExport.writeJson(store, r, w);
      }
      w.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("--out -: cannot write to standard output: " + e.getMessage(), e);
    }
    System.err.println("candor: wrote " + store.trajectories().count(r.id()) + " trajectories of " + r.id() + " to standard output");
    return 0;
  }
}
