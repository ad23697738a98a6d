package dev.candor.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.store.Json;
import dev.candor.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-addressed model responses: the key is a SHA-256 of (model spec, messages, tools, generation options,
 * reasoning prefix, epoch). The per-(sample, epoch) seed the engine derives is left out of the key (the epoch stands
 * for it), so a rerun with another run seed still hits. Only successful outputs are written.
 */
public final class ResponseCache {
  private ResponseCache() {}

  public static String key(String modelSpec, ModelRequest request, int epoch) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("model", modelSpec);
    o.set("messages", Json.MAPPER.valueToTree(request.messages()));
    o.set("tools", Json.MAPPER.valueToTree(request.tools()));
    o.set("config", Json.MAPPER.valueToTree(request.config().withSeed(null)));
    o.put("prefix", request.reasoningPrefix());
    o.put("epoch", epoch);
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(Json.write(o).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Output read(Store store, String key) {
    String json = store.cachedOutput(key);
    return json == null ? null : Json.read(json, Output.class);
  }

  static void write(Store store, String key, String model, Output out) {
    store.cacheOutput(key, model, Json.write(out));
  }
}
