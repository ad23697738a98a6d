package dev.candor.run;

import dev.candor.cli.CliWiring;

import dev.candor.core.RunConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.suite.Environment;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.openai.OpenAiProvider;
import dev.candor.store.Store;
import dev.candor.testing.FakeOpenAiServer;
import dev.candor.testing.RunConfigs;
import dev.candor.testing.Slow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: when the database went away for good, the run took about twice the documented window to stop, and calls
 * kept starting meanwhile (their results could not be stored, so a resume paid for them again). The database sits
 * behind a TCP proxy the test cuts at a known moment. The window is counted on a {@link VirtualClock} the test gives
 * the engine, so it is checked exactly and the test does not wait it out. Slow: the outage is real (an embedded
 * PostgreSQL behind the proxy), since what is checked is how the engine meets a database that drops its connections.
 */
@Slow
class DatabaseOutageTest {
  static final int CONNECTIONS = 8;
  static final Duration WINDOW = Duration.ofSeconds(3);

  @Test
  void whileTheDatabaseIsAwayNoCallStartsAndTheRunStopsWithinTheWindow() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
         Proxy proxy = new Proxy(pg.getPort());
         FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.latency(Duration.ofMillis(300)).respondWith(req -> FakeOpenAiServer.completion().content("8").json());
      int[] requestsWhenCut = {-1};
      VirtualClock clock = new VirtualClock();
      long[] cutAt = {0};
      Thread outage = Thread.ofPlatform().start(() -> {
        try {
          while (server.requestCount() < 5 * CONNECTIONS) Thread.sleep(2);
          synchronized (requestsWhenCut) {
            // read the engine's clock before the cut: once the database is gone the engine may advance it (a retry's
            // back-off) before this thread runs again, which under load made the window look a second short
            cutAt[0] = clock.nanoTime();
            proxy.cut(); // the database goes away for good, mid-run
            requestsWhenCut[0] = server.requestCount();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Environment env = RewardHintEnvironment.standard();
      RunConfig cfg = RunConfigs.of("reward-hints", "openai/fake").baseUrl(server.baseUrl()).epochs(6).maxConnections(CONNECTIONS).maxAttempts(5)
          .timeoutSeconds(5).seed(3).build();
      Model m = CliWiring.openAi().create("fake", new ModelOptions(server.baseUrl(), Duration.ofSeconds(5)));
      try (Store store = Store.open("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres?user=postgres")) {
        var run = Runs.create(store, cfg, env.samples(), null);
        RunResult r = new Engine(store, Secrets.NONE).storeOutage(WINDOW).clock(clock)
            .execute(run.id(), cfg, env, env.samples(), m, RunEvents.NONE);
        long stoppedAfterMillis = (clock.nanoTime() - cutAt[0]) / 1_000_000;
        outage.join();

        assertThat(r.fatal()).startsWith("database unavailable for 3 s");
        // Before the fix each row counted the window from its own first failure and slept past it (6.2 s here).
        assertThat(stoppedAfterMillis).as("stops at the end of the window on the engine's clock, not a multiple of it")
            .isBetween(WINDOW.toMillis(), WINDOW.toMillis() + 200);
        // The calls under way when the database went away finish; at most one more can start in the moment before the
        // first failed save is seen. Before the fix every connection kept calling until its results filled the queue.
        assertThat(server.requestCount() - requestsWhenCut[0]).as("calls started after the database went away").isLessThanOrEqualTo(2);
      }
    }
  }

  /**
   * Time that passes only by waiting: a thread's sleep ends at the time it last read plus the sleep, and the clock
   * shows the latest end reached (database round trips take no time on it). The real pause is a millisecond, so
   * reconnect attempts still happen between tries.
   */
  static final class VirtualClock implements Engine.Clock {
    private final AtomicLong now = new AtomicLong();
    private final ThreadLocal<Long> lastRead = ThreadLocal.withInitial(now::get);

    @Override
    public long nanoTime() {
      long t = now.get();
      lastRead.set(t);
      return t;
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      now.accumulateAndGet(lastRead.get() + d.toNanos(), Math::max);
      Thread.sleep(1);
    }
  }

  /** A TCP proxy to a local port that can be cut: open connections are dropped and new ones closed at once. */
  static final class Proxy implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    Proxy(int targetPort) throws IOException {
      Thread.ofVirtual().start(() -> {
        while (!listener.isClosed()) {
          try {
            Socket client = listener.accept();
            if (cut) {
              client.close();
              continue;
            }
            Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            client.setTcpNoDelay(true); // else each round trip to the database waits for a delayed ACK
            target.setTcpNoDelay(true);
            open.add(client);
            open.add(target);
            pipe(client, target);
            pipe(target, client);
          } catch (IOException e) {
            // closed
          }
        }
      });
    }

    int port() { return listener.getLocalPort(); }

    void cut() {
      cut = true;
      for (Socket s : open) closeQuietly(s);
    }

    private static void pipe(Socket from, Socket to) {
      Thread.ofVirtual().start(() -> {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
          in.transferTo(out);
        } catch (IOException e) {
          // cut or closed
        } finally {
          closeQuietly(from);
          closeQuietly(to);
        }
      });
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // dropped either way
      }
    }

    @Override
    public void close() throws IOException {
      cut();
      listener.close();
    }
  }
}
