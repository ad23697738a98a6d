package dev.candor.model;

/** A tool offered to the model: name, description and a JSON Schema (object) for its parameters, as JSON text. */
public record ToolSpec(String name, String description, String parametersSchemaJson) {}
