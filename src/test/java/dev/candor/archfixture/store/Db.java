package dev.candor.archfixture.store;

import dev.candor.archfixture.report.Screen;

/** ArchitectureTest's bad fixture: storage that knows a screen (Store -> Report is a "never"; with Report -> Store, a cycle). */
public final class Db {
  private Db() {}

  public static void save(String row) { Screen.show(row); }
}
