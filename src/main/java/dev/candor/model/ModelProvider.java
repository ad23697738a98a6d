package dev.candor.model;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.batch.BatchApi;
import java.util.List;
import java.util.Optional;

/** Makes models of one provider ({@code openai}, {@code anthropic}, {@code replay}, {@code organism}, …). */
public interface ModelProvider {
  String name();

  /** @throws IllegalArgumentException with a one-line message naming what is wrong (unknown model, missing key…). */
  Model create(String modelName, ModelOptions options);

  /**
   * The provider's asynchronous batch API at the endpoint {@code options} name, if it offers one (OpenAI Batch,
   * Anthropic Message Batches); empty by default.
   *
   * @throws IllegalArgumentException as {@link #create} (e.g. a missing key)
   */
  default Optional<BatchApi> batchApi(ModelOptions options) { return Optional.empty(); }

  /**
   * One checkpoint of an ordered training series: its full model spec ({@code provider/name}), its training step, and
   * the training phase it belongs to ({@code ""} when the provider does not know).
   */
  record Checkpoint(String model, long step, String phase) {}

  /**
   * The checkpoints of this provider whose names match {@code pattern}, ordered by step: a glob over the organism's
   * snapshots ({@code main@*}), or the adapters a server serves named by step. Providers that cannot list checkpoints
   * refuse with a one-line message.
   *
   * @throws IllegalArgumentException (an {@link InvalidSetting}) naming what is wrong
   */
  default List<Checkpoint> checkpoints(String pattern, ModelOptions options) {
    throw InvalidSetting.of(Setting.MODEL, "provider '" + name() + "' cannot list checkpoints by pattern ('" + pattern
        + "'); give the checkpoints as a list of model specs");
  }

  /**
   * Whether this provider's model {@code name} (a route, without a step) takes its step as part of the model's own
   * name ({@code organism/main@1200}), so that {@code NAME@STEP} given to {@code candor sweep} is that model, not
   * {@code NAME} labelled with a step. False by default.
   */
  default boolean namesCarrySteps(String name) { return false; }
}
