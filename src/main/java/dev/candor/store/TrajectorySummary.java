package dev.candor.store;

/**
 * One row of a paged trajectory list: the key, variant and verdict, plus the first characters of the output and the
 * reasoning (never the whole conversation, so a page stays small however long the trajectories are).
 */
public record TrajectorySummary(String sampleId, int epoch, String variantId, String label, Integer value, String answer,
                                String outputHead, String reasoningHead, String error) {}
