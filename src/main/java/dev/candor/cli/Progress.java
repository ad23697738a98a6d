package dev.candor.cli;

import dev.candor.run.RunEvents;
import dev.candor.run.RunResult;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr: done/total, rate, ETA, errors and retries. */
final class Progress implements RunEvents {
  private final boolean quiet;
  private ProgressBar bar;
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  Progress(boolean quiet) { this.quiet = quiet; }

  @Override
  public synchronized void started(String runId, long total, long alreadyDone) {
    if (quiet) return;
    bar = new ProgressBarBuilder().setTaskName(runId).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().setUpdateIntervalMillis(250)
        .setUnit(" traj", 1).build();
    bar.stepTo(alreadyDone);
    extra();
  }

  @Override
  public void finished(String label, boolean error) {
    if (error) errors.incrementAndGet();
    ProgressBar b = bar;
    if (b != null) {
      b.step();
      if (error) extra();
    }
  }

  @Override
  public void retrying(String sampleId, int epoch, int attempt, String why) {
    retries.incrementAndGet();
    extra();
  }

  private void extra() {
    ProgressBar b = bar;
    if (b != null) b.setExtraMessage(" | errors " + errors.get() + ", retries " + retries.get());
  }

  @Override
  public synchronized void ended(RunResult result) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
