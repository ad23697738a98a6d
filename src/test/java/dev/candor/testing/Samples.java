package dev.candor.testing;

import dev.candor.core.Sample;
import dev.candor.model.Message;
import java.util.List;
import java.util.Map;

/** Test data: a {@link Sample} by name. Defaults: variant id = sample id, no axes, no input messages, no metadata. */
public final class Samples {
  private final String id;
  private String variantId;
  private Map<String, String> axes = Map.of();
  private List<Message> input = List.of();
  private Map<String, Object> metadata = Map.of();

  private Samples(String id) { this.id = id; this.variantId = id; }

  public static Samples of(String id) { return new Samples(id); }

  public Samples variant(String v) { variantId = v; return this; }
  public Samples axes(Map<String, String> v) { axes = v; return this; }
  /** The input: one user message. */
  public Samples user(String text) { input = List.of(Message.user(text)); return this; }
  public Samples input(List<Message> v) { input = v; return this; }
  public Samples metadata(Map<String, Object> v) { metadata = v; return this; }

  public Sample build() { return new Sample(id, variantId, axes, input, metadata); }
}
