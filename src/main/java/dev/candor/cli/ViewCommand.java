package dev.candor.cli;

import dev.candor.report.view.Viewer;
import dev.candor.store.Store;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "view", mixinStandardHelpOptions = true,
    description = {"Serves a local, read-only web viewer of the database: runs, per-variant results with intervals,",
        "a filterable trajectory list and trajectory pages (messages, reasoning, tool calls, diffs, verdicts).",
        "Binds 127.0.0.1 unless --host is given (then it warns: anyone who can reach the address can read the data)."})
final class ViewCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "7070", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).") int port;
  @Option(names = "--host", description = "Address to bind (default 127.0.0.1).") String host;
  @Mixin DbOption db;

  @Override
  public Integer call() throws InterruptedException {
    Store store = db.read();
    Viewer.Handle h = Viewer.start(store, host, port, Suites::info);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      h.close();
      store.close();
      stopped.countDown();
    }, "candor-view-stop"));
    System.out.println(h.url());
    System.err.println("candor: viewing " + store.location() + " at " + h.url() + " (Ctrl-C to stop)");
    stopped.await();
    return 0;
  }
}
