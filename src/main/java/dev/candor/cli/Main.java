package dev.candor.cli;

import dev.candor.CandorVersion;
import dev.candor.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code candor} command line. */
@Command(name = "candor", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Measures covert behaviour of LLM agents: reward-hint gaming, covert actions, evaluation awareness.",
    subcommands = {DemoCommand.class, RunCommand.class, ResumeCommand.class, RunsCommand.class, ShowCommand.class, CompareCommand.class,
        ReportCommand.class, ExportCommand.class, ImportCommand.class, ViewCommand.class, OrganismCommand.class,
        AnalyzeCommand.class, InterveneCommand.class, CacheCommand.class, GradeCommand.class, RegradeCommand.class, ValidateDetectorsCommand.class, DistillCommand.class,
        SweepCommand.class, CurveCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  private static final java.util.concurrent.CountDownLatch ENDED = new java.util.concurrent.CountDownLatch(1);
  private static volatile int exitCode = 1;
  private static volatile boolean finishOnSignal;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    Thread exitHook = new Thread(Main::exitWithTheCommandsCode, "candor-exit");
    Runtime.getRuntime().addShutdownHook(exitHook);
    exitCode = execute(args);
    ENDED.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException signalled) {
      return; // Ctrl-C or SIGTERM came meanwhile: the hook exits with the code
    }
    System.exit(exitCode);
  }

  /**
   * Marks the running command as one that stops cleanly on Ctrl-C or SIGTERM (its own shutdown hook stops the work):
   * on a signal, the JVM then waits for the command to finish (up to a minute) and exits with its code, 1 for an
   * interrupted run, rather than 130 or 143.
   */
  static void finishOnSignal() { finishOnSignal = true; }

  private static void exitWithTheCommandsCode() {
    if (!finishOnSignal) return;
    try {
      if (ENDED.await(60, java.util.concurrent.TimeUnit.SECONDS)) Runtime.getRuntime().halt(exitCode);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the command line and returns its exit code: 0 done, 1 run incomplete, 2 bad input, 3 database failure. */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setUsageHelpWidth(120); // the commands' descriptions are written as lines of up to 120 characters
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("candor: " + Terminal.safe(Flags.message(ex)));
        return 2;
      }
      if (ex instanceof StoreException) {
        cmd.getErr().println("candor: database: " + Terminal.safe(ex.getMessage()));
        return 3;
      }
      throw ex;
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("candor: " + Terminal.safe(ex.getMessage()) + " (see: candor " + ex.getCommandLine().getCommandName() + " --help)");
      return 2;
    });
    try {
      return cl.execute(args);
    } catch (Error e) { // OutOfMemoryError and the like, outside a run's workers: one line, never exit 0
      System.err.println("candor: fatal: " + e);
      return 1;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() { return new String[] {"candor " + CandorVersion.get()}; }
  }
}
