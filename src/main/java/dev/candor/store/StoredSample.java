package dev.candor.store;

/** A sample as the run recorded it, so a run can be resumed or reproduced without its original variant file. */
public record StoredSample(String sampleId, int ordinal, String variantId, String axesJson, String inputJson, String metadataJson) {}
