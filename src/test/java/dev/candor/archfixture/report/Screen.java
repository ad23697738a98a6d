package dev.candor.archfixture.report;

import dev.candor.archfixture.store.Db;

/** ArchitectureTest's bad fixture: a screen that reads storage (an allowed arrow, but it closes a cycle with Db). */
public final class Screen {
  private Screen() {}

  public static void show(String row) {
    if (row.isEmpty()) Db.save("empty");
  }
}
