package dev.candor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.core.Sample;
import dev.candor.suite.rewardhint.RewardHintEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a promptfoo config holding the very prompts a Candor reward-hints run of N trajectories sends, in the same
 * order, so both harnesses do the same work. Picks {@code --limit L --epochs E} with L × E = N and prints them.
 *
 * <p>Usage: {@code PromptfooConfig N OUT.yaml BASE_URL}. The config is JSON (a subset of YAML).
 */
public final class PromptfooConfig {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Path out = Path.of(args[1]);
    String baseUrl = args[2];
    List<Sample> samples = RewardHintEnvironment.standard().samples();
    int epochs = 1;
    while (n % epochs != 0 || n / epochs > samples.size()) epochs++;
    int limit = n / epochs;
    ObjectMapper json = new ObjectMapper();
    ObjectNode cfg = json.createObjectNode();
    cfg.put("description", "candor side-by-side benchmark");
    cfg.putArray("prompts").add("{{prompt}}");
    ObjectNode provider = cfg.putArray("providers").addObject();
    provider.put("id", "openai:chat:bench");
    provider.putObject("config").put("apiBaseUrl", baseUrl).put("apiKey", "candor-no-key");
    ArrayNode tests = cfg.putArray("tests");
    for (int e = 1; e <= epochs; e++)
      for (Sample s : samples.subList(0, limit)) tests.addObject().putObject("vars").put("prompt", s.prompt());
    Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(cfg));
    System.out.println(limit + " " + epochs);
  }
}
