package dev.candor.model;

/**
 * A model whose wire format can be used apart from a live call, as provider batch APIs need: the JSON body a live
 * call would send for a request, and the {@link Output} a live call would return for a response body obtained
 * elsewhere. Both go through the provider's own request building and response parsing, so a batch result is read
 * exactly like a live answer.
 */
public interface WireCodec {
  /** The JSON request body a live {@link Model#generate} call would send for this request (nothing is sent). */
  String requestBody(ModelRequest request) throws ModelException;

  /**
   * Parses a response body (a successful answer to {@code request}) as a live call would.
   *
   * @param latencyMillis what to report as the call's latency (for a batch: unknown, -1)
   * @throws ModelException if the body holds an error or cannot be used, exactly as a live call would throw
   */
  Output parseResponse(ModelRequest request, String body, long latencyMillis) throws ModelException;
}
