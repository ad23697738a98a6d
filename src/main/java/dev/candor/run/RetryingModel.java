package dev.candor.run;

import dev.candor.model.Model;
import dev.candor.model.ModelException;
import dev.candor.model.ModelRequest;
import dev.candor.model.Output;

/**
 * A model whose calls are tried up to {@link RetryPolicy#maxAttempts()} times on retryable failures (429, 5xx,
 * timeouts, malformed bodies), waiting as the policy says: for models called outside the engine's attempt loop, such
 * as an LLM judge grading a trajectory, so that one transient failure does not leave a trajectory unscored.
 */
public record RetryingModel(Model model, RetryPolicy policy) implements Model {
  @Override public String spec() { return model.spec(); }

  @Override
  public Output generate(ModelRequest request) throws ModelException {
    for (int n = 1; ; n++) {
      try {
        return model.generate(request);
      } catch (ModelException e) {
        if (!e.retryable() || n >= policy.maxAttempts()) throw e;
        try {
          Thread.sleep(policy.delayBefore(n + 1, e.httpStatus(), e.retryAfter()).toMillis());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override public boolean supportsReasoningPrefill() { return model.supportsReasoningPrefill(); }
  @Override public java.util.Map<String, String> describe() { return model.describe(); }
  @Override public String endpoint() { return model.endpoint(); }
  @Override public boolean cacheable() { return model.cacheable(); }
  @Override public boolean supportsTools() { return model.supportsTools(); }
}
