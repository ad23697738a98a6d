package dev.candor.cli;

import dev.candor.model.ModelSpec;
import dev.candor.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cache", mixinStandardHelpOptions = true,
    subcommands = {CacheCommand.Stats.class, CacheCommand.Clear.class},
    description = {"The response cache: model answers reused by identical calls (same endpoint, model, provenance, request, seed and epoch).",
        "  candor cache stats            entries and bytes per model",
        "  candor cache clear [--model PROVIDER/MODEL]   deletes entries (all, or one model's)"})
final class CacheCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Opens the database {@code --db} names, which must exist: these commands never create one. */
  static Store openExisting(DbOption db) {
    String target = db.db == null || db.db.isBlank() ? Store.DEFAULT_PATH : db.db;
    String path = target.startsWith("jdbc:sqlite:") ? target.substring("jdbc:sqlite:".length()) : target.startsWith("jdbc:") ? null : target;
    if (path != null && !Files.isRegularFile(Path.of(path)))
      throw new IllegalArgumentException("--db: no database at '" + path + "'; expected an existing Candor database");
    return db.open();
  }

  @Command(name = "stats", mixinStandardHelpOptions = true, description = "Prints the response cache's entries and bytes per model.")
  static final class Stats implements Callable<Integer> {
    @Mixin DbOption db;

    @Override
    public Integer call() {
      try (Store store = openExisting(db)) {
        String fmt = "%-40s %10s %14s%n";
        System.out.printf(fmt, "MODEL", "ENTRIES", "BYTES");
        long entries = 0, bytes = 0;
        for (Store.CacheUsage u : store.cacheUsage()) {
          System.out.printf(fmt, u.model(), u.entries(), u.bytes());
          entries += u.entries();
          bytes += u.bytes();
        }
        System.out.printf(fmt, "total", entries, bytes);
        return 0;
      }
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true, description = "Deletes the response cache's entries: all of them, or one model's.")
  static final class Clear implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "PROVIDER/MODEL", description = "Delete only this model's entries.") String model;
    @Mixin DbOption db;

    @Override
    public Integer call() {
      if (model != null) ModelSpec.parse(model); // a malformed spec is bad input, not "nothing to delete"
      try (Store store = openExisting(db)) {
        int n = store.clearCache(model);
        System.out.println("deleted " + n + " cached response" + (n == 1 ? "" : "s") + (model == null ? "" : " of " + model));
        return 0;
      }
    }
  }
}
