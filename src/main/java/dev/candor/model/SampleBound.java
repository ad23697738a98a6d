package dev.candor.model;

/**
 * A model that answers each (sample, epoch) from what was recorded for it (replay) rather than from the conversation
 * alone: the run engine binds it to a pair before the pair's first call and asks the bound model.
 */
public interface SampleBound {
  /**
   * The model answering this (sample, epoch), whose full input hashes to {@code inputSha256} ({@link InputHash}); its
   * calls fail, not retryably, when nothing was recorded for it.
   */
  Model bind(String sampleId, int epoch, String inputSha256);

  /** Why nothing is recorded for this (sample, epoch, input), in a few words; null when something is. */
  String missing(String sampleId, int epoch, String inputSha256);
}
