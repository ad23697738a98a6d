package dev.candor.suite.rewardhint;

import dev.candor.suite.Environment;
import dev.candor.env.rewardhint.RewardHintGrid;
import dev.candor.env.rewardhint.RewardHintVariant;
import dev.candor.env.rewardhint.RewardHintVariantFile;
import dev.candor.agent.SingleTurn;
import dev.candor.agent.Solver;

import dev.candor.core.Sample;
import dev.candor.grade.Grader;
import dev.candor.grade.RewardHintGrader;
import dev.candor.model.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reward-hint toy environment (RESEARCH.md §2) over a list of variants: one single-turn sample per variant
 * (sample id = variant id; the prompt as one user message; metadata {@code hintedParity} and, when known,
 * {@code rule}), graded by the parity of the answer.
 */
public final class RewardHintEnvironment implements Environment {
  public static final String NAME = "reward-hints";

  private final List<RewardHintVariant> variants;
  private final List<Sample> samples;
  private final Solver solver = new SingleTurn();
  private final Grader grader = new RewardHintGrader();

  public RewardHintEnvironment(List<RewardHintVariant> variants) {
    if (variants.isEmpty()) throw new IllegalArgumentException("reward-hints: no variants");
    this.variants = List.copyOf(variants);
    Set<String> seen = new HashSet<>();
    List<Sample> s = new ArrayList<>();
    for (RewardHintVariant v : this.variants) {
      if (!seen.add(v.id())) throw new IllegalArgumentException("reward-hints: duplicate variant id '" + v.id() + "'");
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("hintedParity", v.hintedParity());
      if (v.rule() != null) meta.put("rule", v.rule());
      s.add(new Sample(v.id(), v.id(), v.axes(), List.of(Message.user(v.prompt())), meta));
    }
    this.samples = List.copyOf(s);
  }

  /** The standard grid of {@link RewardHintGrid#standard()}. */
  public static RewardHintEnvironment standard() { return new RewardHintEnvironment(RewardHintGrid.standard()); }

  /** The variants of a YAML file (format: docs/variants.md). */
  public static RewardHintEnvironment fromYaml(Path file) { return new RewardHintEnvironment(RewardHintVariantFile.load(file)); }

  public List<RewardHintVariant> variants() { return variants; }

  @Override public String name() { return NAME; }
  @Override public List<Sample> samples() { return samples; }
  @Override public Solver solver() { return solver; }
  @Override public Grader grader() { return grader; }
}
