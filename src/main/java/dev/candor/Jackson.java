package dev.candor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Jackson set up for Candor's threads. The run engine grades and stores each trajectory on a new virtual thread, and
 * Jackson's default buffer pool keeps buffers per thread, so every parse or write there allocated fresh ones (about
 * 7 KB of garbage per stored trajectory). Mappers made here share one pool across threads instead. Also: JSONL reading.
 */
public final class Jackson {
  private Jackson() {}

  /** A new mapper whose parsers and generators share one buffer pool with every other mapper made here. */
  public static ObjectMapper sharedBufferMapper() {
    return new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
  }

  private static final ObjectMapper LINES = sharedBufferMapper();

  /** What to do with one JSON object line of a JSONL file (1-based line number). */
  @FunctionalInterface
  public interface ObjectLine {
    void accept(int line, JsonNode object);
  }

  /**
   * Reads a JSONL file: each non-blank line must be a JSON object and goes to {@code action} with its line number. A
   * line that is not goes to {@code bad} (line number, "not valid JSON (…)" or "expected a JSON object per line"),
   * which returns the exception to throw.
   */
  public static void objectLines(Path file, ObjectLine action,
                                 BiFunction<Integer, String, ? extends RuntimeException> bad) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        JsonNode o;
        try {
          o = LINES.readTree(line);
        } catch (JsonProcessingException e) {
          throw bad.apply(n, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (o == null || !o.isObject()) throw bad.apply(n, "expected a JSON object per line");
        action.accept(n, o);
      }
    }
  }
}
