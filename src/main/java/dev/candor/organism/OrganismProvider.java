package dev.candor.organism;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.model.Model;
import dev.candor.model.ModelOptions;
import dev.candor.model.ModelProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@code organism} provider: Candor's built-in model organism, a small policy trained in-process from a fixed
 * seed, at four checkpoints ({@code organism/sft}, {@code organism/rl-early}, {@code organism/rl-late},
 * {@code organism/prod}) and as snapshots of its training routes ({@code organism/ROUTE@STEP}, {@link
 * OrganismSnapshots}). Weights are loaded from the cache on first use, or trained and cached if absent (training a
 * route reports to the given progress). The composition root gives the training seed (asked for only when a model
 * is made, so a bad seed setting fails only runs of the organism) and the per-user cache directory.
 */
public final class OrganismProvider implements ModelProvider {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.*-]+|\\{step}");
  private final LongSupplier seed;
  private final Path cacheRoot;
  private final OrganismTrainer.Progress progress;
  private final List<OrganismRoutes.Route> routes;

  /** The provider training from {@code seed} and caching checkpoints under {@code cacheRoot} ({@link OrganismCache#dir}). */
  public OrganismProvider(LongSupplier seed, Path cacheRoot) {
    this(seed, cacheRoot, (s, d, t) -> {});
  }

  /** As above, reporting the training of snapshot routes to {@code progress}. */
  public OrganismProvider(LongSupplier seed, Path cacheRoot, OrganismTrainer.Progress progress) {
    this(seed, cacheRoot, progress, OrganismRoutes.ALL);
  }

  /** A provider of other routes (tests). */
  OrganismProvider(LongSupplier seed, Path cacheRoot, OrganismTrainer.Progress progress, List<OrganismRoutes.Route> routes) {
    this.seed = seed;
    this.cacheRoot = cacheRoot;
    this.progress = progress;
    this.routes = routes;
  }

  @Override public String name() { return "organism"; }

  /** The snapshot store of the configured seed. */
  public OrganismSnapshots snapshots() {
    return new OrganismSnapshots(OrganismCache.dir(cacheRoot), seed.getAsLong(), progress, routes);
  }

  @Override
  public Model create(String modelName, ModelOptions options) {
    if (modelName.contains("@")) {
      String[] rs = modelName.split("@", -1);
      if (rs.length != 2 || !NAME.matcher(rs[0]).matches() || !rs[1].matches("[0-9]{1,18}"))
        throw InvalidSetting.of(Setting.MODEL, "bad organism snapshot '" + modelName + "'; expected organism/ROUTE@STEP, e.g. organism/main@"
            + OrganismTrainer.Budget.FULL.step("rl-late"));
      OrganismSnapshots store = snapshots();
      OrganismSnapshots.Snapshot s = find(store, rs[0], Long.parseLong(rs[1]));
      return new OrganismModel(modelName, store.seed(), () -> store.policy(s.route(), s.step()), s::sha256);
    }
    if (!OrganismTrainer.CHECKPOINTS.contains(modelName))
      throw InvalidSetting.of(Setting.MODEL, "unknown organism checkpoint '" + modelName + "'; expected one of "
          + String.join(", ", OrganismTrainer.CHECKPOINTS.stream().map(c -> "organism/" + c).toList())
          + ", or a snapshot organism/ROUTE@STEP");
    long s = seed.getAsLong();
    Path dir = OrganismCache.dir(cacheRoot);
    return new OrganismModel(modelName, s, () -> OrganismCache.load(dir, s).policy(modelName), () -> OrganismCache.load(dir, s).sha256(modelName));
  }

  private static OrganismSnapshots.Snapshot find(OrganismSnapshots store, String route, long step) {
    try {
      for (OrganismSnapshots.Snapshot s : store.list(route)) if (s.step() == step) return s;
      throw new IllegalArgumentException("organism route '" + route + "' has no snapshot at step " + step + "; its steps: "
          + String.join(", ", store.list(route).stream().map(x -> String.valueOf(x.step())).toList()));
    } catch (IllegalArgumentException e) {
      throw InvalidSetting.of(Setting.MODEL, e.getMessage());
    }
  }

  /** A route's snapshots are named ROUTE@STEP; the four named checkpoints are not. */
  @Override public boolean namesCarrySteps(String name) { return !OrganismTrainer.CHECKPOINTS.contains(name); }

  /**
   * The snapshots whose {@code ROUTE@STEP} matches {@code pattern} ({@code organism/} prefix optional): {@code *}
   * matches any text, {@code {step}} any step; e.g. {@code main@*}, {@code *@*}, {@code deliberative@{step}}. Ordered
   * by step (then by route). Matching routes are trained first if needed.
   */
  @Override
  public List<Checkpoint> checkpoints(String pattern, ModelOptions options) {
    String p = pattern.startsWith("organism/") ? pattern.substring("organism/".length()) : pattern;
    String[] rs = p.split("@", -1);
    if (rs.length != 2 || !GLOB.matcher(rs[0]).matches() || !GLOB.matcher(rs[1]).matches())
      throw InvalidSetting.of(Setting.MODEL, "bad organism checkpoint pattern '" + pattern
          + "'; expected ROUTE@STEP where either part may use * (any text) or {step}, e.g. main@* or *@*");
    Pattern route = glob(rs[0]), step = glob(rs[1]);
    OrganismSnapshots store = snapshots();
    List<String> matched = store.routes().stream().filter(r -> route.matcher(r).matches()).toList();
    if (matched.isEmpty())
      throw InvalidSetting.of(Setting.MODEL, "organism checkpoint pattern '" + pattern + "' matches no route; routes: "
          + String.join(", ", store.routes()) + " (the named checkpoints " + String.join(", ", OrganismTrainer.CHECKPOINTS) + " take no @STEP)");
    List<OrganismSnapshots.Snapshot> out = new ArrayList<>();
    for (String r : matched)
      for (OrganismSnapshots.Snapshot s : store.list(r)) if (step.matcher(String.valueOf(s.step())).matches()) out.add(s);
    if (out.isEmpty())
      throw InvalidSetting.of(Setting.MODEL, "organism checkpoint pattern '" + pattern + "' matches no snapshot of "
          + String.join(", ", matched) + "; list them with: candor organism snapshots");
    out.sort(Comparator.comparingLong(OrganismSnapshots.Snapshot::step));
    return out.stream().map(s -> new Checkpoint(s.model(), s.step(), s.phase())).toList();
  }

  private static Pattern glob(String g) {
    if (g.equals("{step}")) return Pattern.compile("[0-9]+");
    StringBuilder re = new StringBuilder();
    for (String part : g.split("\\*", -1)) {
      if (!re.isEmpty()) re.append(".*");
      re.append(Pattern.quote(part));
    }
    return Pattern.compile(re.toString());
  }

  /** A model over already-loaded checkpoints (tests, benchmarks, analysis code). */
  public static Model model(String modelName, OrganismCheckpoints checkpoints) {
    if (!OrganismTrainer.CHECKPOINTS.contains(modelName))
      throw InvalidSetting.of(Setting.MODEL, "unknown organism checkpoint '" + modelName + "'; expected one of " + OrganismTrainer.CHECKPOINTS);
    return new OrganismModel(modelName, checkpoints.seed(), () -> checkpoints.policy(modelName), () -> checkpoints.sha256(modelName));
  }
}
