package dev.candor.model;

import dev.candor.model.batch.BatchApi;
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
}
