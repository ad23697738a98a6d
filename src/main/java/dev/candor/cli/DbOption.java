package dev.candor.cli;

import dev.candor.store.Store;
import picocli.CommandLine.Option;

/** The {@code --db} option every command shares. */
final class DbOption {
  @Option(names = "--db", paramLabel = "PATH_OR_JDBC_URL", defaultValue = "${env:CANDOR_DB:-candor.db}",
      description = "Database: a SQLite file path or a JDBC URL (jdbc:postgresql://…). Default: ${DEFAULT-VALUE}")
  String db;

  Store open() { return Store.open(db); }
}
