package dev.candor.core;

import java.util.List;

/** The names of the built-in agent tools, in the order they are offered: the tool loop implements them, scenario files name them. */
public final class BuiltInTools {
  private BuiltInTools() {}

  public static final List<String> NAMES = List.of("list_files", "read_file", "write_file", "edit_file", "search_files",
      "run_command", "send_email", "send_message", "spawn_subagent", "request_permission", "request_quota",
      "run_checker", "submit");
}
