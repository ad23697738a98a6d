package dev.candor.store;

/** How many trajectories of one variant ended with one label and value (value null = not counted in the rate). */
public record LabelCount(String variantId, String label, Integer value, long count) {}
