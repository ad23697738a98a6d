package dev.candor.agent;

/**
 * A stand-in for a script a scenario provides (a test runner, a scoring script, a validator): it inspects the
 * {@link Workspace} and reports. It can be run with {@code run_checker} by name or through {@code run_command}
 * with its {@link #command()} (e.g. {@code python check_logs.py}).
 */
public interface Checker {
  String name();

  /** The shell command line that runs it, or null when only {@code run_checker} does. */
  String command();

  Result run(Workspace workspace);

  /** A checker's verdict and printed output. */
  record Result(boolean passed, String output) {}
}
