package dev.candor.cli;

import dev.candor.store.Store;
import picocli.CommandLine.Option;

/** The {@code --db} option every command shares. */
final class DbOption {
  @Option(names = "--db", paramLabel = "PATH_OR_JDBC_URL", defaultValue = "${env:" + EnvVars.DB + ":-candor.db}",
      description = "Database: a SQLite file path or a JDBC URL (jdbc:postgresql://…). Default: ${DEFAULT-VALUE}")
  String db;

  /** For commands that make runs: created if missing. */
  Store create() { return Store.open(db, Store.Access.CREATE, EnvVars.system().store()); }

  /** For commands that add to existing runs: must exist. */
  Store write() { return Store.open(db, Store.Access.WRITE, EnvVars.system().store()); }

  /** For commands that only read: must exist, opened read-only. */
  Store read() { return Store.open(db, Store.Access.READ, EnvVars.system().store()); }
}
