package dev.candor.model.batch;

/**
 * A batch as last polled: its {@link State}, the provider's own status word, a one-line detail (request counts, or
 * why it failed), and where its results are (OpenAI: output and error file ids; Anthropic: the results URL).
 */
public record BatchStatus(String id, State state, String providerStatus, String detail, String outputRef, String errorRef) {
  /** Running (results not ready), ended (results readable; some items may have failed or expired), or failed. */
  public enum State { RUNNING, ENDED, FAILED }

  public boolean running() { return state == State.RUNNING; }
}
