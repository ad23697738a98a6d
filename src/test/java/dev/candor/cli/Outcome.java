package dev.candor.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** What a command run in-process did: its exit code and what it printed on stdout and stderr. */
record Outcome(int code, String out, String err) {
  /** Runs {@code candor ARGS} with stdout and stderr captured. */
  static Outcome candor(String... args) {
    return captured(() -> Main.execute(args));
  }

  /** Runs {@code action} (returning an exit code) with stdout and stderr captured. */
  static synchronized Outcome captured(IntSupplier action) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = action.getAsInt();
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Everything printed, stdout then stderr. */
  String all() { return out + err; }
}
