package dev.candor.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.Json;
import dev.candor.core.Sample;
import dev.candor.model.Message;
import java.util.List;
import java.util.Map;

/**
 * A sample as the run recorded it, so a run can be resumed or reproduced without its original variant file. The JSON
 * columns are kept as stored text (for byte-exact comparison); the store reads them into typed values here, at its
 * boundary, so no layer above it parses stored JSON.
 */
public record StoredSample(String sampleId, int ordinal, String variantId, String axesJson, String inputJson, String metadataJson) {
  private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {};

  /** The variant's coordinates (axis name to value). */
  public Map<String, String> axes() { return Json.stringMap(axesJson); }

  /** The input conversation. */
  public List<Message> input() { return inputJson == null ? List.of() : Json.read(inputJson, MESSAGES); }

  /** What the grader and analyses need (scenario data, intervention provenance...). */
  public Map<String, Object> metadata() { return metadataJson == null ? Map.of() : Json.objectMap(metadataJson); }

  /** The metadata as a JSON tree, for exporters and pages that show it as stored. */
  public JsonNode metadataTree() { return tree(metadataJson, "{}"); }

  /** The axes as a JSON tree. */
  public JsonNode axesTree() { return tree(axesJson, "{}"); }

  /** The input as a JSON tree (as stored: extra fields an interchange format gave a message are kept). */
  public JsonNode inputTree() { return tree(inputJson, "[]"); }

  /** The sample itself. */
  public Sample sample() { return new Sample(sampleId, variantId, axes(), input(), metadata()); }

  static JsonNode tree(String json, String empty) {
    try {
      return Json.MAPPER.readTree(json == null ? empty : json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new StoreException("stored JSON is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
