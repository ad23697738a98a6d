package dev.candor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson set up for Candor's threads. The run engine grades and stores each trajectory on a new virtual thread, and
 * Jackson's default buffer pool keeps buffers per thread, so every parse or write there allocated fresh ones (about
 * 7 KB of garbage per stored trajectory). Mappers made here share one pool across threads instead.
 */
public final class Jackson {
  private Jackson() {}

  /** A new mapper whose parsers and generators share one buffer pool with every other mapper made here. */
  public static ObjectMapper sharedBufferMapper() {
    return new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
  }
}
