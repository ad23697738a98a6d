package dev.candor.report;

/**
 * One example trajectory to show in a report: which run and variant it belongs to, its outcome label, the prompt,
 * the model's reasoning (may be null) and its final text. All text is untrusted model or scenario output and is only
 * ever shown HTML-escaped.
 */
public record Example(String runId, String variantId, String label, String prompt, String reasoning, String text) {}
