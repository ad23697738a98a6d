package dev.candor.suite;

import dev.candor.agent.Solver;
import dev.candor.core.Sample;
import dev.candor.core.Score;
import dev.candor.core.SuiteInfo;
import dev.candor.core.Transcript;
import dev.candor.grade.Grader;
import dev.candor.model.InputHash;
import dev.candor.model.Message;
import dev.candor.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any suite's environment with a spec's text in context ({@code candor distill --spec FILE}), as {@code --with-spec} puts
 * Candor's spec into covert-actions: the spec opens each sample's system prompt, followed by {@value #SEPARATOR} and the
 * sample's own system prompt (a sample without one gets the spec as its system prompt). Sample ids, axes, solving and
 * grading are the base environment's; the sample's input hash and the suite's data hash cover the spec, so replay and
 * resume tell runs with another spec apart. {@link #without} takes the spec out of a stored conversation again.
 */
public final class SpecInContext implements Environment {
  public static final String SEPARATOR = "\n\n---\n\n";
  private final Environment base;
  private final String spec;
  private final List<Sample> samples;

  private SpecInContext(Environment base, String spec) {
    this.base = base;
    this.spec = spec.strip();
    List<Sample> out = new ArrayList<>();
    for (Sample s : base.samples()) out.add(withSpec(s));
    this.samples = List.copyOf(out);
  }

  /**
   * The opened suite with {@code spec} in context: its environment wrapped, its data hash over the suite's and the spec.
   * @throws IllegalArgumentException when the spec is blank
   */
  public static Suite.Opened apply(Suite.Opened opened, String spec) {
    if (spec == null || spec.isBlank()) throw new IllegalArgumentException("--spec: expected a file with the spec's text, got an empty file");
    SuiteInfo i = opened.info();
    String hash = new DataHash().add("suite", String.valueOf(i.dataHash())).add("spec-in-context", spec).sha256();
    return new Suite.Opened(new SpecInContext(opened.environment(), spec),
        new SuiteInfo(i.name(), i.version(), hash, i.outcome(), i.axes(), i.headline(), i.sandbox(), i.rubrics()));
  }

  private Sample withSpec(Sample s) {
    List<Message> input = new ArrayList<>(s.input());
    if (!input.isEmpty() && input.getFirst().role() == Role.SYSTEM) {
      Message sys = input.getFirst();
      input.set(0, new Message(Role.SYSTEM, spec + SEPARATOR + sys.content(), sys.reasoning(), sys.toolCalls(), sys.toolCallId()));
    } else {
      input.addFirst(Message.system(spec));
    }
    Map<String, Object> meta = new LinkedHashMap<>(s.metadata());
    meta.put(InputHash.META, new DataHash().add("input", s.inputSha256()).add("spec-in-context", spec).sha256());
    return new Sample(s.id(), s.variantId(), s.axes(), input, meta);
  }

  /**
   * {@code messages} with {@code spec} taken out of the system prompt it opens (a system prompt that is the spec alone is
   * dropped); a conversation whose first message does not start with the spec is returned as it is.
   */
  public static List<Message> without(List<Message> messages, String spec) {
    String s = spec.strip();
    if (messages.isEmpty() || messages.getFirst().role() != Role.SYSTEM || messages.getFirst().content() == null) return messages;
    Message sys = messages.getFirst();
    List<Message> out = new ArrayList<>(messages);
    if (sys.content().equals(s)) out.removeFirst();
    else if (sys.content().startsWith(s + SEPARATOR))
      out.set(0, new Message(Role.SYSTEM, sys.content().substring(s.length() + SEPARATOR.length()), sys.reasoning(), sys.toolCalls(), sys.toolCallId()));
    else return messages;
    return out;
  }

  @Override public String name() { return base.name(); }
  @Override public List<Sample> samples() { return samples; }
  @Override public Solver solver() { return base.solver(); }
  @Override public Grader grader() { return base.grader(); }
  @Override public String headline() { return base.headline(); }
  @Override public Map<String, Score> scores(Sample sample, Transcript transcript) { return base.scores(sample, transcript); }
}
