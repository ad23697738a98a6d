package dev.candor.cli;

import dev.candor.run.RunEvents;
import dev.candor.run.RunResult;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr: errors and retries first (a line cut to the terminal's width never hides them), then
 * done/total, rate, ETA.
 */
final class Progress implements RunEvents {
  private final boolean quiet;
  private final ProgressBarConsumer console;
  private ProgressBar bar;
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  /** Without a terminal (a log file, CI) the line is not cut to 80 columns: 160 leaves the whole line and a bar. */
  Progress(boolean quiet) { this(quiet, new ConsoleProgressBarConsumer(System.err, terminal() ? -1 : 160)); }

  /** Whether the console is a terminal: {@code Console.isTerminal()} from JDK 22; on 21 a console exists only for one. */
  private static boolean terminal() {
    java.io.Console c = System.console();
    if (c == null) return false;
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (NoSuchMethodException jdk21) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  Progress(boolean quiet, ProgressBarConsumer console) {
    this.quiet = quiet;
    this.console = console;
  }

  /** The rate's format: one decimal, a leading zero below 1 ({@code 0.4 traj/s}, not {@code .4}). */
  static DecimalFormat speedFormat() { return new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)); }

  @Override
  public synchronized void started(String runId, long total, long alreadyDone) {
    if (quiet) return;
    bar = new ProgressBarBuilder().setTaskName(runId).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new CountsFirst(console)).showSpeed(speedFormat()).setUpdateIntervalMillis(250)
        .setUnit(" traj", 1).build();
    bar.stepTo(alreadyDone);
  }

  @Override
  public void finished(String label, boolean error) {
    if (error) errors.incrementAndGet();
    ProgressBar b = bar;
    if (b != null) b.step();
  }

  @Override
  public void retrying(String sampleId, int epoch, int attempt, String why) {
    retries.incrementAndGet();
  }

  @Override
  public synchronized void ended(RunResult result) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  /** Puts the counts first: the bar is rendered into the width they leave, then written after them. */
  private final class CountsFirst implements ProgressBarConsumer {
    private final ProgressBarConsumer console;

    CountsFirst(ProgressBarConsumer console) { this.console = console; }

    private String counts() { return "errors " + errors.get() + ", retries " + retries.get() + " | "; }

    @Override public int getMaxRenderedLength() { return console.getMaxRenderedLength() - counts().length(); }

    @Override public void accept(String rendered) { console.accept(counts() + rendered); }

    @Override public void close() { console.close(); }
  }
}
