package dev.candor.organism;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.model.GenerateConfig;
import dev.candor.model.Message;
import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;
import dev.candor.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One organism checkpoint or snapshot as a {@link Model}: reads the conversation, writes a short reasoning text, then an answer.
 * Honours the generation seed (same seed and request give the same output), temperature (default 1), the token
 * limit, and a reasoning prefix (its words are forced, then the policy continues).
 */
final class OrganismModel implements Model {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String name;
  private final long seed;
  private final Supplier<Policy> policy;
  private final Supplier<String> sha256;

  /** The model {@code organism/NAME} of a training seed: its weights and their hash, loaded (or trained) on first use. */
  OrganismModel(String name, long seed, Supplier<Policy> policy, Supplier<String> sha256) {
    this.name = name;
    this.seed = seed;
    this.policy = policy;
    this.sha256 = sha256;
  }

  @Override public String spec() { return "organism/" + name; }

  /** The training seed, training-code version and the checkpoint's weights hash, so a run names the exact weights. */
  @Override
  public java.util.Map<String, String> describe() {
    return java.util.Map.of("organism_version", OrganismTrainer.VERSION, "organism_seed", String.valueOf(seed),
        "weights_sha256", sha256.get());
  }
  @Override public boolean supportsReasoningPrefill() { return true; }
  @Override public boolean cacheable() { return false; }

  @Override
  public Output generate(ModelRequest request) throws ModelException {
    long t0 = System.nanoTime();
    Policy weights;
    try {
      weights = policy.get();
    } catch (RuntimeException e) {
      throw new ModelException("organism/" + name + ": cannot load or train checkpoints: " + e.getMessage(), false, -1, null, null, e);
    }
    GenerateConfig cfg = request.config();
    List<Message> msgs = new ArrayList<>();
    if (cfg.systemPrompt() != null && request.messages().stream().noneMatch(m -> m.role() == dev.candor.model.Role.SYSTEM))
      msgs.add(Message.system(cfg.systemPrompt()));
    msgs.addAll(request.messages());
    PromptFeatures features = PromptFeatures.of(msgs);

    String prefixText = request.reasoningPrefix() == null ? "" : request.reasoningPrefix().strip();
    List<String> prefixWords = Vocab.splitReasoning(prefixText);
    int[] prefix = prefixWords.stream().mapToInt(Vocab::wordId).toArray();

    double temperature = cfg.temperature() == null ? 1.0 : cfg.temperature();
    if (temperature < 0 || Double.isNaN(temperature))
      throw new IllegalArgumentException("temperature: expected a number >= 0, got " + cfg.temperature());
    int maxTokens = cfg.maxTokens() == null ? Integer.MAX_VALUE : cfg.maxTokens();
    if (maxTokens < 1) throw new IllegalArgumentException("max tokens: expected a positive integer, got " + cfg.maxTokens());
    long sampling = cfg.seed() != null
        ? rngSeed(cfg.seed(), msgs, prefixText)
        : ThreadLocalRandom.current().nextLong();

    Policy.Rollout ro = weights.run(features, prefix, false, -1, OrganismTrainer.rng(sampling), temperature, maxTokens, null);

    List<String> gen = new ArrayList<>();
    for (int i = prefix.length; i < ro.reasoning().length; i++) gen.add(Vocab.word(ro.reasoning()[i]));
    String genText = Vocab.join(gen);
    String reasoning = prefixText.isEmpty() ? genText : genText.isEmpty() ? prefixText : prefixText + " " + genText;
    String answer = ro.truncated() ? "" : Vocab.ANSWERS.get(ro.answer());
    int reasoningTokens = ro.reasoning().length - prefix.length;

    ObjectNode raw = JSON.createObjectNode();
    raw.put("model", spec());
    raw.put("checkpoint_seed", seed);
    raw.put("sampling_seed", sampling);
    raw.put("temperature", temperature);
    ArrayNode toks = raw.putArray("reasoning_tokens");
    for (int t : ro.reasoning()) toks.add(t == Vocab.UNK ? "<unk>" : Vocab.word(t));
    raw.put("prefix_tokens", prefix.length);
    if (ro.truncated()) raw.putNull("answer");
    else raw.put("answer", answer);
    raw.put("logprob", ro.logprob());
    long latency = (System.nanoTime() - t0) / 1_000_000;
    return new Output(answer, reasoning, List.of(),
        new Usage(features.tokenCount, ro.generated(), reasoningTokens, features.tokenCount + ro.generated()),
        ro.truncated() ? "length" : "stop", ro.truncated(), latency, raw.toString());
  }

  private static long rngSeed(long seed, List<Message> msgs, String prefix) {
    long h = PromptFeatures.mix(seed);
    for (Message m : msgs) {
      h = PromptFeatures.mix(h ^ PromptFeatures.key(m.role().name()));
      h = PromptFeatures.mix(h ^ PromptFeatures.key(m.content() == null ? "" : m.content()));
    }
    return PromptFeatures.mix(h ^ PromptFeatures.key(prefix));
  }
}
