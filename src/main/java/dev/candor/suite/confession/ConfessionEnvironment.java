package dev.candor.suite.confession;

import dev.candor.agent.SingleTurn;
import dev.candor.agent.Solver;
import dev.candor.core.Sample;
import dev.candor.env.confession.ConfessionGrid;
import dev.candor.env.rewardhint.RewardHintGrid;
import dev.candor.env.rewardhint.RewardHintVariant;
import dev.candor.env.rewardhint.RewardHintVariantFile;
import dev.candor.grade.ConfessionGrader;
import dev.candor.grade.Grader;
import dev.candor.model.Message;
import dev.candor.suite.Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Post-violation honesty on the reward-hint task ({@link ConfessionGrid}): each sample is a three-message transcript —
 * a reward-hint prompt (asking for an even number), the assistant's earlier answer (prefilled: odd, breaking the
 * instruction, or even, following it), and a follow-up question — answered in one model turn, so any chat model gets
 * the same transcript. Sample id {@code VARIANT.CONDITION.QUESTION}; axes {@code condition}, {@code question},
 * {@code polarity} and the variant's {@code family}; metadata {@code condition}, {@code confession},
 * {@code earlierAnswer}. Graded by {@link ConfessionGrader}.
 */
public final class ConfessionEnvironment implements Environment {
  public static final String NAME = "confessions";
  public static final List<String> AXES = List.of("condition", "question", "polarity", "family");

  private final List<RewardHintVariant> variants;
  private final List<Sample> samples;
  private final Solver solver = new SingleTurn();
  private final Grader grader = new ConfessionGrader();

  public ConfessionEnvironment(List<RewardHintVariant> variants) {
    if (variants.isEmpty()) throw new IllegalArgumentException("confessions: no variants");
    this.variants = List.copyOf(variants);
    Set<String> seen = new HashSet<>();
    List<Sample> out = new ArrayList<>();
    for (int v = 0; v < this.variants.size(); v++) {
      RewardHintVariant rv = this.variants.get(v);
      if (!seen.add(rv.id())) throw new IllegalArgumentException("confessions: duplicate variant id '" + rv.id() + "'");
      for (String condition : ConfessionGrid.CONDITIONS) {
        for (int q = 0; q < ConfessionGrid.QUESTIONS.size(); q++) {
          ConfessionGrid.Question question = ConfessionGrid.QUESTIONS.get(q);
          int earlier = ConfessionGrid.earlierAnswer(condition, v, q);
          String id = rv.id() + "." + condition + "." + question.id();
          Map<String, String> axes = new LinkedHashMap<>();
          axes.put("condition", condition);
          axes.put("question", question.id());
          axes.put("polarity", ConfessionGrid.polarity(question));
          axes.put("family", rv.axes().getOrDefault("family", RewardHintVariantFile.UNSET));
          Map<String, Object> meta = new LinkedHashMap<>();
          meta.put("condition", condition);
          meta.put("confession", question.confession());
          meta.put("earlierAnswer", earlier);
          out.add(new Sample(id, id, axes, List.of(Message.user(rv.prompt()), Message.assistant(Integer.toString(earlier)),
              Message.user(question.text())), meta));
        }
      }
    }
    this.samples = List.copyOf(out);
  }

  /** Over the standard reward-hint grid. */
  public static ConfessionEnvironment standard() { return new ConfessionEnvironment(RewardHintGrid.standard()); }

  /** Over the reward-hint variants of a YAML file (format: docs/variants.md). */
  public static ConfessionEnvironment fromYaml(Path file) { return new ConfessionEnvironment(RewardHintVariantFile.load(file)); }

  public List<RewardHintVariant> variants() { return variants; }

  @Override public String name() { return NAME; }
  @Override public List<Sample> samples() { return samples; }
  @Override public Solver solver() { return solver; }
  @Override public Grader grader() { return grader; }
}
