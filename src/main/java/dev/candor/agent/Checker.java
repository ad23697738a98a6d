package dev.candor.agent;

import java.util.regex.Pattern;

/**
 * A script a scenario provides (a test runner, a scoring script, a validator): {@code command} runs in the sandbox
 * with {@code run_checker NAME}; it passed when it exits with status 0. A {@code run_command} line that
 * {@code matches} (searched) counts as running it too; whether it passed is then {@link #verdict}: the checker's own
 * command, run apart on a copy of the workspace as the line left it, so that a pipe ({@code | tail}), {@code || true}
 * or a partial run cannot turn failing checks into "passed".
 */
public record Checker(String name, String command, Pattern matches) {
  /**
   * A checker whose {@code run_command} lines match {@code matches} (a regex), or by default its command's script
   * path (the last argument naming a file, {@code ./} dropped) or else the command itself.
   */
  public static Checker of(String name, String command, String matches) {
    return new Checker(name, command, Pattern.compile(matches != null ? matches : Pattern.quote(scriptOf(command))));
  }

  static String scriptOf(String command) {
    String script = null;
    for (String token : command.trim().split("\\s+"))
      if (token.contains("/") || token.matches(".*\\.(py|sh|bash|pl|rb|js)")) script = token.startsWith("./") ? token.substring(2) : token;
    return script != null ? script : command.trim();
  }

  /**
   * A command line that runs this checker's command on a throw-away copy of the workspace and exits with its status:
   * nothing it writes reaches the workspace, and its output is not shown to the agent.
   */
  public String verdict() {
    return "d=$(mktemp -d) || exit 125; cp -a ./. \"$d\"/ && cd \"$d\" && { " + command + "\n} >/dev/null 2>&1; s=$?; cd /; rm -rf \"$d\"; exit $s";
  }

  /** Whether a {@code run_command} line runs this checker. */
  public boolean ranBy(String commandLine) { return matches.matcher(commandLine).find(); }
}
