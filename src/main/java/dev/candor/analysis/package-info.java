/**
 * Analyses of stored runs' reasoning: evaluation awareness and metagaming labels (a lexical detector and an LLM
 * judge, both versioned data files), tracked and over-represented terms against a general English frequency list,
 * and causal interventions that edit the reasoning, prefill it and let the same model continue.
 */
package dev.candor.analysis;
