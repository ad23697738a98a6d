package dev.candor.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.model.ApiEndpoints;
import dev.candor.model.Model;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.Json;
import dev.candor.store.Store;
import dev.candor.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * Content-addressed model responses. The key is a SHA-256 of everything that can change an answer: the model's source
 * ({@link #source}: its endpoint without credentials and its provenance, e.g. the organism's training seed and weights
 * hash), the model spec, the whole request (messages, tools, every generation option including the per-call seed, the
 * reasoning prefix) and the epoch. Only the timeout is left out: it cannot change a successful answer. So a second
 * server, another checkpoint served under the same name, another {@code --seed} or another option misses. Only
 * successful outputs are written.
 */
public final class ResponseCache {
  private ResponseCache() {}

  /**
   * Where a model's answers come from, as the key holds it: {@link Model#endpoint()} without credentials, then the
   * model's provenance ({@link Model#describe()}, sorted). Computed once per run.
   */
  public static String source(Model model) {
    String endpoint = model.endpoint();
    return (endpoint == null ? "in-process" : ApiEndpoints.redact(endpoint)) + " " + new TreeMap<>(model.describe());
  }

  public static String key(String source, String modelSpec, ModelRequest request, int epoch) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("source", source);
    o.put("model", modelSpec);
    o.set("messages", Json.MAPPER.valueToTree(request.messages()));
    o.set("tools", Json.MAPPER.valueToTree(request.tools()));
    ObjectNode config = Json.MAPPER.valueToTree(request.config()); // every option, so a new one joins the key by itself
    config.remove("timeoutSeconds");
    if (request.config().toolChoice() == null) config.remove("toolChoice"); // keys made before the option existed stay valid
    o.set("config", config);
    o.put("prefix", request.reasoningPrefix());
    o.put("epoch", epoch);
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(Json.write(o).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cached output, or null: a miss, or a cache that cannot be read now (the database away), which is no reason to fail a call. */
  static Output read(Store store, String key) {
    try {
      return store.cache().get(key);
    } catch (StoreException unavailable) {
      return null;
    }
  }

  static void write(Store store, String key, String model, Output out) {
    store.cache().put(key, model, out);
  }
}
