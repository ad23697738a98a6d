package dev.candor.cli;

import dev.candor.report.Tables;

/** The {@code --format table|json|csv} values of result commands. */
final class Formats {
  private Formats() {}

  static Tables.Format parse(String s) {
    return switch (s == null ? "" : s.trim().toLowerCase()) {
      case "table", "text" -> Tables.Format.TEXT;
      case "json" -> Tables.Format.JSON;
      case "csv" -> Tables.Format.CSV;
      default -> throw new IllegalArgumentException("--format: expected table, json or csv, got '" + s + "'");
    };
  }
}
