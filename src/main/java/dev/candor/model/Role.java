package dev.candor.model;

/** Who speaks a {@link Message}. */
public enum Role { SYSTEM, USER, ASSISTANT, TOOL }
