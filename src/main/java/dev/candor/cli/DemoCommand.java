package dev.candor.cli;

import dev.candor.suite.Environment;
import dev.candor.suite.Suite;
import dev.candor.core.Sample;
import dev.candor.model.Model;
import dev.candor.report.Tables;
import dev.candor.core.RunConfig;
import dev.candor.run.Runs;
import dev.candor.run.Shard;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"The main job, with no network and no API key: the reward-hint suite against the four checkpoints of",
        "the built-in model organism (sft, rl-early, rl-late, prod), trained on first use; prints the comparison",
        "table and writes the HTML report and the headline figure."})
final class DemoCommand implements Callable<Integer> {
  static final List<String> CHECKPOINTS = List.of("sft", "rl-early", "rl-late", "prod");

  @Option(names = "--epochs", defaultValue = "100", description = "Attempts per variant and checkpoint (default ${DEFAULT-VALUE}).") int epochs;
  @Option(names = "--out", defaultValue = "candor-report.html", description = "HTML report (default ${DEFAULT-VALUE}).") Path out;
  @Option(names = "--figure", defaultValue = "candor-figure.png", description = "Headline figure, .png or .svg (default ${DEFAULT-VALUE}).") Path figure;
  @Option(names = "--seed", defaultValue = "1", description = "Run seed (default ${DEFAULT-VALUE}).") long seed;
  @Option(names = {"-q", "--quiet"}, description = "No progress bars.") boolean quiet;
  @Mixin DbOption db;

  @Override
  public Integer call() {
    OrganismCommand.ensureTrained(EnvVars.system(), System.err);
    Suite.Opened opened = Suites.registry().get("reward-hints").open(Suite.Arguments.of(null));
    Environment env = opened.environment();
    List<Sample> samples = env.samples();
    List<RunRecord> runs = new ArrayList<>();
    try (Store store = db.create()) {
      for (String cp : CHECKPOINTS) {
        RunConfig cfg = RunConfig.builder("reward-hints", "organism/" + cp).epochs(epochs).maxConnections(4).maxAttempts(1)
            .timeoutSeconds(60).seed(seed).name("demo " + cp).noCache(true).build();
        Model m = Execution.model(cfg);
        cfg = cfg.toBuilder().modelInfo(m.describe()).suiteInfo(opened.info()).build();
        RunRecord r = Runs.create(store, cfg, samples, null);
        System.err.println("candor: run " + r.id() + " = organism/" + cp);
        int code = Execution.execute(store, r, cfg, env, samples, m, quiet, Shard.ALL);
        if (code != 0) return code;
        runs.add(store.runs().get(r.id()).orElseThrow());
      }
      System.out.println("Reward-hint gaming rate (odd answers / parseable answers) per variant, model organism checkpoints,");
      System.out.println(epochs + " samples per cell; 95% Beta(1+k, 1+n-k) intervals; each checkpoint compared with the one before (Fisher, Holm):");
      System.out.println();
      ReportCommand.Loaded loaded = ReportCommand.load(store, runs); // once, for the table here and the report
      System.out.print(Tables.sideBySide(loaded.results(), loaded.comparisons()));
      System.out.println();
      ReportCommand.write(store, runs, loaded, "Candor demo: the model organism's checkpoints on the reward-hint suite", out, figure, 3);
      System.out.println("report: " + out.toAbsolutePath());
      System.out.println("figure: " + figure.toAbsolutePath());
      System.out.println("runs:   " + String.join(" ", runs.stream().map(RunRecord::id).toList()) + "   (candor compare / show / export them)");
      return 0;
    }
  }
}
