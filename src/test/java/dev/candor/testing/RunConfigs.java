package dev.candor.testing;

import dev.candor.model.GenerateConfig;
import dev.candor.core.RunConfig;

/**
 * Test data: a {@link RunConfig} by name instead of 19 positional arguments. Only what a test sets differs from these
 * defaults: suite reward-hints, model fake/model, 1 epoch, no limit, 4 connections, 3 attempts, 10 s timeout, seed 1,
 * no cache, no name. {@link #build()} is the one place tests construct a RunConfig.
 */
public final class RunConfigs {
  private String suite = "reward-hints";
  private String model = "fake/model";
  private String baseUrl;
  private int epochs = 1;
  private Integer limit;
  private int maxConnections = 4;
  private int maxAttempts = 3;
  private double timeoutSeconds = 10;
  private GenerateConfig generate;
  private long seed = 1;
  private String name;
  private boolean noCache = true;

  private RunConfigs() {}

  public static RunConfigs of(String suite, String model) {
    RunConfigs b = new RunConfigs();
    b.suite = suite;
    b.model = model;
    return b;
  }

  public RunConfigs baseUrl(String v) { baseUrl = v; return this; }
  public RunConfigs epochs(int v) { epochs = v; return this; }
  public RunConfigs limit(Integer v) { limit = v; return this; }
  public RunConfigs maxConnections(int v) { maxConnections = v; return this; }
  public RunConfigs maxAttempts(int v) { maxAttempts = v; return this; }
  public RunConfigs timeoutSeconds(double v) { timeoutSeconds = v; return this; }
  public RunConfigs generate(GenerateConfig v) { generate = v; return this; }
  public RunConfigs seed(long v) { seed = v; return this; }
  public RunConfigs name(String v) { name = v; return this; }
  public RunConfigs noCache(boolean v) { noCache = v; return this; }

  public RunConfig build() {
    return RunConfig.builder(suite, model).baseUrl(baseUrl).epochs(epochs).limit(limit).maxConnections(maxConnections)
        .maxAttempts(maxAttempts).timeoutSeconds(timeoutSeconds).generate(generate).seed(seed).name(name).noCache(noCache).build();
  }
}
