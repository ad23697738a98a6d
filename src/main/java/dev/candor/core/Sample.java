package dev.candor.core;

import dev.candor.model.Message;
import java.util.List;
import java.util.Map;

/**
 * One concrete input with a stable id. {@code variantId} names the grid point it belongs to and {@code axes} its
 * coordinates (e.g. field=points, difficulty=base64), so results group by any axis. {@code metadata} carries what the
 * grader needs (e.g. which parity the instruction asks for) and scenario data.
 */
public record Sample(String id, String variantId, Map<String, String> axes, List<Message> input, Map<String, Object> metadata) {
  public Sample {
    axes = Map.copyOf(axes);
    input = List.copyOf(input);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * The SHA-256 of the sample's full input ({@link dev.candor.model.InputHash}): as its suite recorded it in the
   * metadata (covering seeded files), else that of its input messages.
   */
  public String inputSha256() {
    return metadata.get(dev.candor.model.InputHash.META) instanceof String h ? h : dev.candor.model.InputHash.of(input, Map.of());
  }

  /** The text of the last user message (the prompt, for single-turn environments). */
  public String prompt() {
    for (int i = input.size() - 1; i >= 0; i--)
      if (input.get(i).role() == dev.candor.model.Role.USER) return input.get(i).content();
    return "";
  }
}
