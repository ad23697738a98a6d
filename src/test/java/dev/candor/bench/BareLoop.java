package dev.candor.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling for any JVM client of a fake server: N chat-completion POSTs of one fixed body, CONC at a time on
 * virtual threads, over the JDK's keep-alive {@link HttpURLConnection} (Candor's transport), with no request
 * building, parsing, grading or store. {@code bench/ceiling.sh} runs it in fresh JVMs beside {@code bin/candor}.
 *
 * <p>Usage: {@code BareLoop BASE_URL N CONC}. Exits non-zero if any call fails.
 */
public final class BareLoop {
  public static void main(String[] args) throws Exception {
    URL url = URI.create(args[0] + "/chat/completions").toURL();
    int n = Integer.parseInt(args[1]);
    int conc = Integer.parseInt(args[2]);
    byte[] body = ("{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"Give me a random even number.\"}],"
        + "\"max_tokens\":64}").getBytes(StandardCharsets.UTF_8);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < conc; w++)
        pool.submit(() -> {
          while (next.getAndIncrement() < n) {
            try {
              HttpURLConnection c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
              c.setRequestMethod("POST");
              c.setDoOutput(true);
              c.setRequestProperty("Content-Type", "application/json");
              try (OutputStream out = c.getOutputStream()) {
                out.write(body);
              }
              if (c.getResponseCode() != 200) failed.incrementAndGet();
              try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
              }
            } catch (Exception e) {
              failed.incrementAndGet();
            }
          }
        });
    }
    if (failed.get() > 0) {
      System.err.println("BareLoop: " + failed.get() + " of " + n + " calls failed");
      System.exit(1);
    }
  }
}
