package dev.candor.cli;

import dev.candor.TextTable;
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
      var table = new TextTable(java.util.List.of("RUN", "NAME", "SUITE", "MODEL", "STATUS", "STORED", "CREATED", "FROM"), 8)
          .ruled(false); // columns as wide as their widest value: one line per run, whatever its name
      for (RunRecord r : store.runs().all()) {
        long total = (long) store.samples().count(r.id()) * r.epochs();
        table.row(java.util.stream.Stream.of(r.id(), shortened(r.name() == null ? "" : r.name()), r.suite(), r.model(), r.status(),
            store.trajectories().count(r.id()) + "/" + total, r.createdAt(), from(r)).map(Terminal::safe).toList()); // escaped before measuring
      }
      System.out.print(table.render());
      return 0;
    }
  }

  /** Where a derived run comes from: {@code regrade of RUN} for a re-grade, {@code RUN} for another derived run, else "". */
  static String from(RunRecord r) {
    Object regraded = r.configMap().get("modelInfo") instanceof java.util.Map<?, ?> info ? info.get("regraded_from") : null;
    return regraded != null ? "regrade of " + regraded : r.parentRunId() == null ? "" : r.parentRunId();
  }

  /** A name of at most {@value #MAX_NAME} characters, cut with an ellipsis (show RUN prints it whole). */
  static String shortened(String name) {
    return name.codePointCount(0, name.length()) <= MAX_NAME ? name
        : name.substring(0, name.offsetByCodePoints(0, MAX_NAME - 1)) + "…";
  }

  static final int MAX_NAME = 40;
}
