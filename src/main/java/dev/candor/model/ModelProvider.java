package dev.candor.model;

/** Makes models of one provider ({@code openai}, {@code anthropic}, {@code replay}, {@code organism}, …). */
public interface ModelProvider {
  String name();

  /** @throws IllegalArgumentException with a one-line message naming what is wrong (unknown model, missing key…). */
  Model create(String modelName, ModelOptions options);
}
