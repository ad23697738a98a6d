package dev.candor.cli;

import dev.candor.model.ModelSpec;
import dev.candor.store.CacheTable;
import dev.candor.store.Store;
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

  @Command(name = "stats", mixinStandardHelpOptions = true, description = "Prints the response cache's entries and bytes per model.")
  static final class Stats implements Callable<Integer> {
    @Mixin DbOption db;

    @Override
    public Integer call() {
      try (Store store = db.read()) {
        String fmt = "%-40s %10s %14s%n";
        System.out.printf(fmt, "MODEL", "ENTRIES", "BYTES");
        long entries = 0, bytes = 0;
        for (CacheTable.Usage u : store.cache().usage()) {
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
      try (Store store = db.write()) {
        int n = store.cache().clear(model);
        System.out.println("deleted " + n + " cached response" + (n == 1 ? "" : "s") + (model == null ? "" : " of " + model));
        return 0;
      }
    }
  }
}
